// Waiting on the customer in Slack (issue 12 item 2), with the real Bolt app over HTTP against the
// fake Slack, on the real core (SQLite in a temp dir): `/support pending CASE-…` and the alert's
// *Waiting on customer* button set the case waiting, the alert is updated in place to say so (and
// loses the button), the alert thread and the customer's thread are told, and a closed case is
// refused with nothing changed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS, SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { buildApp, stopApp, type AppParts } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config/env.js';
import type { Platform } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports.js';
import { blockAction, sendCommand, sendInteraction } from '../fakes/slack/signed-requests.js';
import { createWorkspace, type Workspace } from '../shell/shell-harness.js';
import { recordingLogger, startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';

const WEEKDAYS = [1, 2, 3, 4, 5];
const SAM = { id: 'UENGA', name: 'sam' };
const ALICE = { id: 'UCUSTA', name: 'alice', teamId: 'T0ACME' };
const BOB = { id: 'UCUSTB', name: 'bob', teamId: 'T0GLOBEX' };

let workspace: Workspace;
let parts: AppParts;
let h: SlackHarness;

async function seedWorld(): Promise<void> {
  const { directory } = parts.store;
  const calendar = {
    timeZone: 'Europe/Paris',
    country: 'FR',
    hours: { days: WEEKDAYS, start: '09:00', end: '18:00' },
  };
  for (const [slug, name, team] of [
    ['acme', 'Acme Corp', ALICE.teamId],
    ['globex', 'Globex Inc', BOB.teamId],
  ] as const) {
    await directory.upsertOrg({
      slug,
      name,
      tier: 'gold',
      deployment: 'cloud',
      calendar,
      identities: [{ platform: 'slack', kind: 'team', value: team }],
    });
  }
  const team = await directory.upsertTeam({
    slug: 'platform',
    name: 'Platform',
    products: ['beacon'],
    channels: [{ platform: 'slack', channelId: 'CTEAM' }],
    onCall: [{ platform: 'slack', roleId: 'S0ONCALL' }],
  });
  await directory.upsertPerson({
    handle: 'sam',
    displayName: 'Sam Rivera',
    orgId: null,
    roles: ['engineer'],
    identities: [{ platform: 'slack', userId: SAM.id }],
    teamId: team.id,
    timeZone: 'Europe/Paris',
    shift: { start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5, 6, 7] },
    capacity: 15,
  });
}

beforeEach(async () => {
  workspace = createWorkspace();
  const ports: Partial<Record<Platform, ChatPort>> = {};
  parts = await buildApp({
    config: loadConfig({
      DATABASE_URL: workspace.dbUrl,
      KB_DIR: workspace.kbDir,
      KB_WATCH: 'off',
      CASEBOT_DEMO_SEED: 'off',
      // Monday 10:00 in Paris.
      CASEBOT_CLOCK_START: '2026-03-02T09:00:00Z',
    }),
    logger: recordingLogger(),
    ports,
    mode: 'platforms',
    setup: null,
  });
  await seedWorld();
  h = await startHttpHarness({
    desk: parts.desk,
    supportChannelIds: ['CSUPPORT'],
    bindChat: (adapter) => (ports.slack = adapter.chat),
  });
}, 60_000);

afterEach(async () => {
  await h.close();
  await stopApp(parts);
  workspace.cleanup();
});

/** Alice's Normal (3) case, opened through the core: its alert goes through the adapter. */
async function openNormalCase(): Promise<{ reference: string; alertTs: string }> {
  const opened = await parts.desk.submitCase(
    {
      platform: 'slack',
      userId: ALICE.id,
      displayName: 'Alice',
      workspaceId: ALICE.teamId,
      channelId: 'CSUPPORT',
    },
    { platform: 'slack', channelId: 'CSUPPORT', threadId: '100.1', messageId: '100.1' },
    {
      title: 'Checkout fails',
      situation: 'Checkout fails with ECONNRESET since this morning',
      severity: '3',
      seriousness: 'Some sales are lost',
      product: 'beacon',
      type: 'bug',
    },
  );
  if (opened.kind !== 'case-confirmation') throw new Error(JSON.stringify(opened));
  const alert = await h.fake.waitFor('chat.postMessage', (c) => c.args.channel === 'CTEAM');
  return { reference: opened.caseReference, alertTs: String(alert.response.ts) };
}

/** Runs `/support <text>` as `user`; returns what the ephemeral answer shows. */
async function support(user: { id: string; name: string; teamId?: string }, text: string) {
  const url = h.fake.responseUrl('pending');
  const ack = await sendCommand(h.target, {
    command: SLASH_COMMAND,
    text,
    user_id: user.id,
    user_name: user.name,
    channel_id: 'CSUPPORT',
    response_url: url,
    ...(user.teamId ? { team_id: user.teamId } : {}),
  });
  expect(ack.status).toBe(200);
  const answer = h.fake.responses.find((r) => url.endsWith(r.path));
  expect(answer?.body.response_type).toBe('ephemeral');
  return visibleText(answer!.body);
}

describe('waiting on the customer in Slack', () => {
  it('/support pending sets the case waiting: answer, alert updated in place, both threads told', async () => {
    const { reference, alertTs } = await openNormalCase();
    const answer = await support(SAM, `pending ${reference.toLowerCase()}`);
    expect(answer).toContain(`${reference} is waiting on the customer.`);
    expect(answer).toContain('the customer is reminded');
    expect(answer).toContain('the case closes by itself');
    expect((await parts.store.cases.byReference(reference))?.status).toBe('waiting-on-customer');

    const update = h.fake
      .callsTo('chat.update')
      .filter((c) => c.args.ts === alertTs)
      .at(-1);
    expect(update && visibleText(update)).toContain('Waiting on the customer (SLA paused)');
    // Already waiting: the alert no longer offers the button.
    expect(JSON.stringify(update?.args)).not.toContain(ACTION_IDS.pending);
    const inAlertThread = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'CTEAM' && c.args.thread_ts === alertTs);
    expect(inAlertThread.map((c) => visibleText(c)).join('\n')).toContain(
      `Sam Rivera set ${reference} to wait on the customer.`,
    );
    const toCustomer = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'CSUPPORT' && c.args.thread_ts === '100.1');
    expect(toCustomer.map((c) => visibleText(c)).join('\n')).toContain(
      `Sam Rivera from support is waiting for your reply on ${reference}: reply here to carry on.`,
    );
    // Twice: told it is waiting already.
    expect(await support(SAM, `pending ${reference}`)).toContain(
      `${reference} is already waiting on the customer.`,
    );
  });

  it('the alert’s *Waiting on customer* button does the same', async () => {
    const { reference, alertTs } = await openNormalCase();
    const alert = h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'CTEAM');
    expect(JSON.stringify(alert?.args)).toContain(ACTION_IDS.pending);
    const stored = await parts.store.cases.byReference(reference);
    await sendInteraction(
      h.target,
      blockAction({
        user: SAM,
        channel: 'CTEAM',
        message: { ts: alertTs },
        actionId: ACTION_IDS.pending,
        value: stored!.id,
      }),
    );
    const told = await h.fake.waitFor('chat.postEphemeral', (c) =>
      visibleText(c).includes('waiting on the customer'),
    );
    expect(visibleText(told)).toContain(`${reference} is waiting on the customer.`);
    expect((await parts.store.cases.byReference(reference))?.status).toBe('waiting-on-customer');
  });

  it('a closed case is refused and nothing changes; usage without a case', async () => {
    const { reference } = await openNormalCase();
    await parts.desk.act(
      { platform: 'slack', userId: SAM.id, displayName: 'Sam Rivera' },
      reference,
      'close',
    );
    expect(await support(SAM, `pending ${reference}`)).toContain(
      `${reference} is closed: there is nothing to wait for.`,
    );
    expect((await parts.store.cases.byReference(reference))?.status).toBe('closed');
    expect(await support(SAM, 'pending')).toContain(`Usage: ${SLASH_COMMAND} pending CASE-1001`);
  });
});
