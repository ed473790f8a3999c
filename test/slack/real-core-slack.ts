// The real core behind the real Bolt app, for `/support …` tests: a workspace with SQLite and a
// KB, the app built as in production (platforms mode, demo seed off, Monday 10:00 in Paris), two
// Gold orgs (Acme, Globex), the Platform team and Sam, and the fake Slack. The core posts through
// the app's durable port (the message journal); deliverKept() is a later pass of the delivery
// worker. A test file calls useRealCoreSlack() once; `parts`, `h` and `workspace` are the current
// test's.
import { afterEach, beforeEach, expect } from 'vitest';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { buildApp, stopApp, type AppParts } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config/env.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { Platform } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import { sendCommand } from '../fakes/slack/signed-requests.js';
import { silentLogger } from '../helpers/db.js';
import { createWorkspace, type Workspace } from '../shell/shell-harness.js';
import { recordingLogger, startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';

const WEEKDAYS = [1, 2, 3, 4, 5];
export const SAM = { id: 'UENGA', name: 'sam' };
export const ALICE = { id: 'UCUSTA', name: 'alice', teamId: 'T0ACME' };
export const BOB = { id: 'UCUSTB', name: 'bob', teamId: 'T0GLOBEX' };

export let workspace: Workspace;
export let parts: AppParts;
export let h: SlackHarness;
let durable: DurableChatPort;

/** One pass of the delivery worker `laterMs` from now (every retry due by then). */
export function deliverKept(laterMs = 10 * 60_000) {
  const now = () => new Date(Date.now() + laterMs);
  return new DeliveryWorker({
    journal: () => parts.store.journal,
    ledger: () => parts.store.deliveries,
    ports: () => ({ slack: durable }),
    owner: 'later',
    logger: silentLogger,
    now,
  }).pass();
}

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

/**
 * Registers the hooks of a file's tests: a fresh workspace and app (the real core on SQLite),
 * the world seeded, the real Bolt app over HTTP against the fake Slack. `extraEnv` adds settings.
 */
export function useRealCoreSlack(
  extraEnv: (workspace: Workspace) => Record<string, string> = () => ({}),
): void {
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
        ...extraEnv(workspace),
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
      wrapChat: (chat) =>
        (durable = new DurableChatPort({
          inner: chat,
          journal: () => parts.store.journal,
          owner: 'real-core',
          logger: silentLogger,
        })),
    });
  }, 60_000);

  afterEach(async () => {
    await h.close();
    await stopApp(parts);
    workspace.cleanup();
  });
}

/** Alice's Normal (3) case, opened through the core: its alert goes through the adapter. */
export async function openNormalCase(): Promise<{ reference: string; alertTs: string }> {
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
export async function support(user: { id: string; name: string; teamId?: string }, text: string) {
  const url = h.fake.responseUrl('support');
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
