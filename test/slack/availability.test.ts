// Availability from chat and explained deadlines in Slack (issue 12 items 4 and 6), with the real
// Bolt app over HTTP against the fake Slack, on the real core (SQLite in a temp dir): `/support
// away|back|shift` change the engineer's availability in the store at once, bad input and a
// customer are refused with nothing changed, and `/support why CASE-…` explains a target.
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
  const url = h.fake.responseUrl('availability');
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

describe('availability and explained deadlines in Slack', () => {
  it('/support away until … is stored at once; a past time and a customer are refused, nothing changed', async () => {
    const before = await parts.store.directory.personByHandle('sam');
    expect(await support(SAM, 'away until yesterday')).toContain('is in the past');
    expect(await support(SAM, 'shift 08:00-17:00 Europe/Pariss')).toContain(
      'unknown time zone "Europe/Pariss"',
    );
    expect(await support(ALICE, 'away until 20:00')).toContain(
      'Away, back and shift are for support engineers',
    );
    expect(await parts.store.directory.personByHandle('sam')).toEqual(before);

    // Monday 10:00 in Paris (Sam's zone).
    expect(await support(SAM, 'away until 14:00')).toContain(
      'You are away until Monday 2 March 2026 14:00 (Europe/Paris)',
    );
    expect(await parts.store.directory.personByHandle('sam')).toMatchObject({
      availability: 'away',
      awayUntil: new Date('2026-03-02T13:00:00Z'),
    });
    expect(await support(SAM, 'shift 08:00-17:00 Europe/Paris mon-fri')).toContain(
      'Your shift is now 08:00–17:00 Europe/Paris, on Mon, Tue, Wed, Thu, Fri.',
    );
    expect(await support(SAM, 'back')).toContain('You are available again (you were away)');
    expect(await parts.store.directory.personByHandle('sam')).toMatchObject({
      availability: 'available',
      awayUntil: null,
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    });
  });

  it('/support why CASE-… explains the target; usage without a case', async () => {
    const { reference } = await openNormalCase();
    const answer = await support(ALICE, `why ${reference}`);
    expect(answer).toContain(`Why this time? ${reference}: First response due`);
    expect(answer).toContain(
      'Rule: Gold × Normal (3), cloud: first response within 2 business days',
    );
    expect(answer).toContain(
      'Counted 18h: Mon 2 Mar 10:00–18:00 8h, Tue 3 Mar 09:00–18:00 9h, Wed 4 Mar 09:00–10:00 1h',
    );
    expect(await support(SAM, 'why')).toContain(`Usage: ${SLASH_COMMAND} why CASE-1001`);
  });

  it('the alert’s *Why this time?* button answers the engineer who pressed it, privately', async () => {
    const { reference, alertTs } = await openNormalCase();
    const alert = h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'CTEAM');
    expect(JSON.stringify(alert?.args)).toContain(ACTION_IDS.why);
    const stored = await parts.store.cases.byReference(reference);
    await sendInteraction(
      h.target,
      blockAction({
        user: SAM,
        channel: 'CTEAM',
        message: { ts: alertTs },
        actionId: ACTION_IDS.why,
        value: stored!.id,
      }),
    );
    const told = await h.fake.waitFor('chat.postEphemeral', (c) =>
      visibleText(c).includes('Why this time?'),
    );
    expect(told.args.user).toBe(SAM.id);
    expect(visibleText(told)).toContain('Skipped: no closed day');
  });
});
