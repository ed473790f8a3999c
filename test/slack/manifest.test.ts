// manifest.yml against what the code routes from Bolt: a command, shortcut, event or action on
// one side only fails here, before Slack refuses it at install or silently never delivers it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { HandlerContext } from '../../src/adapters/slack/handler-context.js';
import {
  ACTION_IDS,
  BOT_EVENTS,
  BOT_SCOPES,
  CALLBACK_IDS,
  GLOBAL_SHORTCUTS,
  MESSAGE_SHORTCUTS,
  SLASH_COMMAND,
} from '../../src/adapters/slack/ids.js';
import { slackRoutes } from '../../src/adapters/slack/listeners.js';
import { renderView } from '../../src/adapters/slack/render-view.js';
import type { CaseAlertView } from '../../src/core/views.js';
import { buttons } from './slack-calls.js';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    bot_user: { display_name: string };
    shortcuts: {
      name: string;
      type: 'message' | 'global';
      callback_id: string;
      description: string;
    }[];
    slash_commands: { command: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'),
) as Manifest;

function registered() {
  const routes = slackRoutes({} as HandlerContext);
  return {
    events: routes.ids('event'),
    actions: routes.ids('action'),
    commands: routes.ids('command'),
    shortcuts: routes.ids('shortcut'),
    views: routes.ids('view'),
  };
}

/** Bolt's `message` listener receives the message.* events the manifest subscribes to. */
const expandEvent = (name: string) =>
  name === 'message' ? ['message.channels', 'message.groups', 'message.im'] : [name];

const SCOPE_FOR_EVENT: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
};

describe('manifest.yml', () => {
  const code = registered();
  const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

  it('declares exactly the slash commands the code handles', () => {
    expect(sorted(manifest.features.slash_commands.map((c) => c.command))).toEqual(
      sorted(code.commands),
    );
    expect(code.commands).toEqual([SLASH_COMMAND]);
  });

  it('declares exactly the shortcuts the code handles, with the right types', () => {
    expect(sorted(manifest.features.shortcuts.map((s) => s.callback_id))).toEqual(
      sorted(code.shortcuts),
    );
    const ofType = (type: string) =>
      sorted(manifest.features.shortcuts.filter((s) => s.type === type).map((s) => s.callback_id));
    expect(ofType('message')).toEqual(sorted(MESSAGE_SHORTCUTS));
    expect(ofType('global')).toEqual(sorted(GLOBAL_SHORTCUTS));
    expect(manifest.features.shortcuts.find((s) => s.type === 'message')?.name).toBe(
      'Flag for private support',
    );
    expect(manifest.features.shortcuts.find((s) => s.type === 'global')?.name).toBe('Open a case');
  });

  it('subscribes to exactly the bot events the code listens to', () => {
    expect(sorted(manifest.settings.event_subscriptions.bot_events)).toEqual(
      sorted(code.events.flatMap(expandEvent)),
    );
    expect(sorted(BOT_EVENTS)).toEqual(sorted(code.events.flatMap(expandEvent)));
  });

  it('enables interactivity for every registered action and view, and every rendered button is handled', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(sorted(code.actions)).toEqual(sorted(Object.values(ACTION_IDS)));
    expect(sorted(code.views)).toEqual(
      sorted([CALLBACK_IDS.caseForm, CALLBACK_IDS.flagForm, CALLBACK_IDS.ratingComment]),
    );
    const alertView: CaseAlertView = {
      kind: 'case-alert',
      caseId: 'c',
      caseReference: 'R',
      severity: 1,
      severityLabel: 'S1',
      isTopSeverity: true,
      tier: 't',
      tierLabel: 'T',
      orgName: 'O',
      title: 't',
      situation: null,
      seriousness: 's',
      product: 'p',
      type: 'bug',
      dueAt: null,
      targetText: 'x',
      state: 'claimed',
      elapsedFraction: null,
      suggestedAssignee: null,
      assignee: { personId: 'p', displayName: 'P', platformUserId: null },
    };
    const alert = renderView(alertView);
    const unclaimed = renderView({ ...alertView, state: 'new', assignee: null });
    const suggestions = renderView({
      kind: 'suggestions',
      deflectionId: 'd',
      question: 'q',
      askerUserId: 'U',
      articles: [],
      noGoodMatch: true,
      canOpenCase: true,
    });
    const resolution = renderView({
      kind: 'notice',
      tone: 'info',
      text: 'R was resolved by P.',
      offer: { action: 'reopen', caseId: 'c', caseReference: 'R' },
    });
    expect(buttons(resolution).map((b) => b.action_id)).toEqual([ACTION_IDS.reopen]);
    for (const message of [alert, unclaimed, suggestions, resolution]) {
      for (const b of buttons(message)) expect(code.actions).toContain(b.action_id);
    }
  });

  it('requests exactly the bot scopes the code uses, including each event’s scope', () => {
    const scopes = sorted(manifest.oauth_config.scopes.bot);
    expect(scopes).toEqual(sorted(BOT_SCOPES));
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      if (SCOPE_FOR_EVENT[event]) expect(scopes).toContain(SCOPE_FOR_EVENT[event]);
    }
    // chat.postMessage/update/postEphemeral → chat:write; conversations.open → im:write; commands and shortcuts → commands;
    // files.uploadV2 (a call's invitation) → files:write.
    for (const scope of ['chat:write', 'im:write', 'commands', 'files:write'])
      expect(scopes).toContain(scope);
  });

  it('installs for the default way to run: Socket Mode on, App Home tab on', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
  });
});
