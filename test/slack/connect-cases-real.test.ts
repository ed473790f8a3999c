// Cases opened from a Slack Connect channel other orgs read, on the real core and the real Bolt:
// what stays private (the confirmation, internal notes), what engineers see (the situation), and
// what the form and its refusals tell the customer (one title limit, only the tier's severities).
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stopApp } from '../../src/app/create-app.js';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { MAX_TITLE_LENGTH } from '../../src/core/conversation/case-form-limits.js';
import type { RecordedCall } from '../fakes/slack/fake-slack.js';
import {
  sendCommand,
  sendEvent,
  sendInteraction,
  viewSubmission,
  type SlackUser,
} from '../fakes/slack/signed-requests.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { after, asUser, nextTs, values, type CaseValues } from './story-world.js';

const TITLE = 'Agent stopped reporting on the EU cluster';
const SITUATION =
  'No data from 40 hosts since 09:00 after the upgrade; agent logs say E_TLS_HANDSHAKE';

let world: ConnectWorld;
let h: SlackHarness;
beforeEach(async () => {
  world = await buildConnectWorld();
  const ports = world.ports;
  h = await startHttpHarness({
    desk: world.parts.desk,
    supportChannelIds: [CONNECT.supportChannel, CONNECT.sharedChannel],
    bindChat: (a) => (ports.slack = a.chat),
  });
  for (const user of [CONNECT.dana, CONNECT.bob, CONNECT.engineer])
    h.fake.addUser(user.id, user.name);
});
afterEach(async () => {
  await h.close();
  await stopApp(world.parts);
  rmSync(world.dir, { recursive: true, force: true });
});

function caseValues(overrides: Partial<CaseValues> = {}): CaseValues {
  return {
    title: TITLE,
    situation: SITUATION,
    severity: '2',
    seriousness: 'Monitoring is blind',
    product: world.product,
    type: 'bug',
    ...overrides,
  };
}

/** `/support <text>` as `user` in `channel`; the ephemeral answer's text, if any. */
async function command(user: SlackUser, channel: string, text: string): Promise<string> {
  const url = h.fake.responseUrl('cmd');
  await sendCommand(h.target, {
    command: SLASH_COMMAND,
    text,
    user_id: user.id,
    user_name: user.name,
    user_team: user.teamId ?? '',
    channel_id: channel,
    response_url: url,
  });
  const answer = h.fake.responses.find((r) => url.endsWith(r.path));
  return answer ? visibleText(answer.body) : '';
}

/** `/support open` in the channel, then the modal submitted with `overrides`. */
async function openByCommand(
  user: SlackUser,
  channel: string,
  overrides: Partial<CaseValues> = {},
) {
  const since = after(h);
  await command(user, channel, 'open');
  const opened = since('views.open');
  expect(opened).toHaveLength(1);
  const modal = opened[0]!.args.view as Record<string, unknown>;
  const submitted = await sendInteraction(
    h.target,
    viewSubmission({ user, view: modal, values: values(caseValues(overrides)) }),
  );
  return { modal, submitted, since };
}

function alertOf(since: (method: string) => RecordedCall[]): RecordedCall {
  const alert = since('chat.postMessage').find((c) => c.args.channel === CONNECT.teamChannel);
  expect(alert, 'the team alert').toBeDefined();
  return alert!;
}

async function referenceOfOnlyCase(): Promise<string> {
  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  return cases[0]!.reference;
}

describe('a case opened with /support open in a Slack Connect channel', () => {
  it('is confirmed privately: nothing about it is posted where other orgs read', async () => {
    const { submitted, since } = await openByCommand(CONNECT.dana, CONNECT.sharedChannel);
    expect(submitted.json?.response_action).toBeUndefined();
    const reference = await referenceOfOnlyCase();
    const inShared = since('chat.postMessage').filter(
      (c) => c.args.channel === CONNECT.sharedChannel,
    );
    expect(inShared.map((c) => visibleText(c))).toEqual([]);
    // Dana is told, where only she reads it.
    const told = [
      ...since('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D')),
      ...since('chat.postEphemeral').filter((c) => c.args.user === CONNECT.dana.id),
    ];
    expect(told.map((c) => visibleText(c)).join('\n')).toContain(reference);

    // An engineer's answer reaches her privately too, never the shared channel.
    const alert = alertOf(since);
    const replies = after(h);
    await sendEvent(h.target, {
      type: 'message',
      channel: CONNECT.teamChannel,
      channel_type: 'channel',
      ...asUser(CONNECT.engineer),
      text: 'Looking at it now',
      ts: nextTs(),
      thread_ts: String(alert.response.ts),
    });
    const relayed = replies('chat.postMessage').filter((c) =>
      visibleText(c).includes('Looking at it now'),
    );
    expect(relayed).toHaveLength(1);
    expect(relayed[0]!.args.channel).not.toBe(CONNECT.sharedChannel);
  });
});

describe('the alert engineers read', () => {
  it('shows the situation the customer typed', async () => {
    const { since } = await openByCommand(CONNECT.dana, CONNECT.sharedChannel);
    expect(visibleText(alertOf(since))).toContain(SITUATION);
  });
});

describe('internal notes in the alert thread', () => {
  it.each(['!Note disk watermark?', '!NOTE disk watermark?', '  // disk watermark?'])(
    '%j stays in the team thread and is no first response',
    async (text) => {
      const { since } = await openByCommand(CONNECT.dana, CONNECT.sharedChannel);
      const alert = alertOf(since);
      const reference = await referenceOfOnlyCase();
      const replies = after(h);
      await sendEvent(h.target, {
        type: 'message',
        channel: CONNECT.teamChannel,
        channel_type: 'channel',
        ...asUser(CONNECT.engineer),
        text,
        ts: nextTs(),
        thread_ts: String(alert.response.ts),
      });
      const leaked = replies('chat.postMessage').filter((c) =>
        visibleText(c).includes('disk watermark'),
      );
      expect(leaked).toEqual([]);
      const receipt = replies('chat.postEphemeral').find(
        (c) => c.args.user === CONNECT.engineer.id,
      );
      expect(receipt && visibleText(receipt)).toMatch(/Internal note/);
      const stored = await world.parts.store.cases.byReference(reference);
      const milestones = await world.parts.store.milestones.forCase(stored!.id);
      expect(milestones.find((m) => m.kind === 'first-response')?.metAt).toBeNull();
    },
  );
});

describe('the case form and its refusals', () => {
  it('has one title limit: the modal allows what the core accepts, and says so', async () => {
    const { modal } = await openByCommand(CONNECT.dana, CONNECT.sharedChannel);
    const blocks = modal.blocks as {
      block_id: string;
      element: { max_length?: number };
      hint?: { text: string };
    }[];
    const title = blocks.find((b) => b.block_id === 'title')!;
    expect(title.element.max_length).toBe(MAX_TITLE_LENGTH);
    expect(title.hint?.text).toContain(String(MAX_TITLE_LENGTH));
    // The longest title the modal lets through opens a case.
    const longest = 'x'.repeat(MAX_TITLE_LENGTH);
    const { submitted } = await openByCommand(CONNECT.dana, CONNECT.sharedChannel, {
      title: longest,
    });
    expect(submitted.json?.response_action).toBeUndefined();
    const cases = await world.parts.store.cases.list({});
    expect(cases.map((c) => c.title)).toContain(longest);
  });

  it('lists only the severities the customer’s tier allows when a level is wrong', async () => {
    await world.parts.store.directory.upsertOrg({
      slug: 'acme',
      name: 'Acme Corp',
      tier: 'gold',
      deployment: 'cloud',
      calendar: {
        timeZone: 'Europe/Paris',
        country: 'FR',
        hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' },
      },
      identities: [{ platform: 'slack', kind: 'channel', value: CONNECT.sharedChannel }],
    });
    await openByCommand(CONNECT.dana, CONNECT.sharedChannel);
    const reference = await referenceOfOnlyCase();
    const refusal = await command(
      CONNECT.dana,
      CONNECT.sharedChannel,
      `severity ${reference} 7 it is worse than we thought`,
    );
    expect(refusal).toMatch(/1 \(Urgent\)/);
    expect(refusal).not.toMatch(/Developer support|\b4\b/);
  });
});
