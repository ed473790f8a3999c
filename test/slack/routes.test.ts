// The route table under the Slack adapter: one Bolt listener per kind, each request handed to the
// handler of its own id and to no other (a real Bolt App, requests given to processEvent).
import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SlackRoutes } from '../../src/adapters/slack/routes.js';

const receiver: Receiver = {
  init: () => undefined,
  start: () => Promise.resolve(),
  stop: () => Promise.resolve(),
};

function boltApp(): App {
  return new App({
    token: 'xoxb-test',
    signingSecret: 'secret',
    receiver,
    // Known bot ids: Bolt asks Slack (auth.test) for none of them.
    botId: 'B1',
    botUserId: 'UBOT',
    tokenVerificationEnabled: false,
  });
}

const eventBody = (event: Record<string, unknown>) => ({
  type: 'event_callback',
  team_id: 'T1',
  api_app_id: 'A1',
  event_id: `Ev${Math.random()}`,
  event_time: 1,
  event: { channel: 'C1', user: 'U1', ts: '1.1', text: 'hello', ...event },
});

const actionBody = (actionId: string) => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1' },
  api_app_id: 'A1',
  trigger_id: 't',
  channel: { id: 'C1' },
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: 'v', action_ts: '1' }],
});

async function deliver(app: App, body: object): Promise<void> {
  await app.processEvent({ body: body as never, ack: async () => undefined });
}

function recordingRoutes() {
  const seen: string[] = [];
  /** A handler that acknowledges, then notes that it was reached. */
  const acked =
    (label: string) =>
    async ({ ack }: { ack: () => Promise<void> }) => {
      await ack();
      seen.push(label);
    };
  const routes = new SlackRoutes();
  routes.event('message', async ({ event }) => void seen.push(`message ${event.type}`));
  routes.event('app_mention', async () => void seen.push('app_mention'));
  routes.action('casebot.claim', acked('claim'));
  routes.action('casebot_solved', acked('solved'));
  routes.shortcut('flag', acked('shortcut'));
  routes.command('/support', async ({ ack, command }) => {
    await ack();
    seen.push(`command ${command.text}`);
  });
  routes.view('form', async ({ ack, view }) => {
    await ack();
    seen.push(`view ${view.id}`);
  });
  return { routes, seen };
}

describe('SlackRoutes', () => {
  it('refuses a second handler for one id, naming it', () => {
    const routes = new SlackRoutes();
    routes.action('casebot_claim', async () => undefined);
    expect(() => routes.action('casebot_claim', async () => undefined)).toThrow(
      'slack action "casebot_claim" has two handlers',
    );
    // The same id under another kind is another route.
    expect(() => routes.view('casebot_claim', async () => undefined)).not.toThrow();
  });

  it('lists each kind’s ids in the order they were added', () => {
    const { routes } = recordingRoutes();
    expect(routes.ids('event')).toEqual(['message', 'app_mention']);
    expect(routes.ids('action')).toEqual(['casebot.claim', 'casebot_solved']);
    expect(routes.ids('command')).toEqual(['/support']);
    expect(routes.ids('shortcut')).toEqual(['flag']);
    expect(routes.ids('view')).toEqual(['form']);
  });

  it('mounts one Bolt listener per kind that has handlers', () => {
    const { routes } = recordingRoutes();
    const mounted: string[] = [];
    const app = {
      event: (pattern: RegExp) => mounted.push(`event ${pattern.source}`),
      action: (pattern: RegExp) => mounted.push(`action ${pattern.source}`),
      command: (pattern: RegExp) => mounted.push(`command ${pattern.source}`),
      shortcut: (pattern: RegExp) => mounted.push(`shortcut ${pattern.source}`),
      view: (pattern: RegExp) => mounted.push(`view ${pattern.source}`),
    };
    routes.mount(app as unknown as App);
    expect(mounted).toEqual([
      'event ^(?:message|app_mention)$',
      'action ^(?:casebot\\.claim|casebot_solved)$',
      'command ^(?:\\/support)$',
      'shortcut ^(?:flag)$',
      'view ^(?:form)$',
    ]);
    const none: string[] = [];
    new SlackRoutes().mount({ event: () => none.push('event') } as unknown as App);
    expect(none).toEqual([]);
  });

  it('hands each request to the handler of its own id, through a real Bolt app', async () => {
    const { routes, seen } = recordingRoutes();
    const app = boltApp();
    routes.mount(app);
    await deliver(app, eventBody({ type: 'message' }));
    await deliver(app, eventBody({ type: 'app_mention' }));
    await deliver(app, eventBody({ type: 'reaction_added' }));
    await deliver(app, actionBody('casebot_solved'));
    await deliver(app, actionBody('casebot.claim'));
    // A dot in an id is a dot: "casebotXclaim" is nobody's.
    await deliver(app, actionBody('casebotXclaim'));
    await deliver(app, actionBody('casebot_solved_too'));
    await deliver(app, {
      command: '/support',
      text: 'list',
      team_id: 'T1',
      user_id: 'U1',
      channel_id: 'C1',
      trigger_id: 't',
      response_url: 'https://hooks.slack.invalid/r',
    });
    await deliver(app, {
      type: 'message_action',
      callback_id: 'flag',
      team: { id: 'T1' },
      user: { id: 'U1' },
      channel: { id: 'C1' },
      message: { ts: '1.1', text: 'x' },
      trigger_id: 't',
      response_url: 'https://hooks.slack.invalid/r',
    });
    await deliver(app, {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U1' },
      view: { id: 'V1', callback_id: 'form', state: { values: {} } },
    });
    await deliver(app, {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U1' },
      view: { id: 'V2', callback_id: 'other', state: { values: {} } },
    });
    expect(seen).toEqual([
      'message message',
      'app_mention',
      'solved',
      'claim',
      'command list',
      'shortcut',
      'view V1',
    ]);
  });
});
