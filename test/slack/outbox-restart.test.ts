// Kept posts across restarts, on the real core, the real store (SQLite) and the real Slack adapter
// (Bolt over HTTP) against the fake Slack. A case's alert that waits in the message journal is
// stored by the core under its journal key (`key:…`), never a Slack-shaped id; when a delivery
// worker sends it, the store moves the case to the real message in the same transaction. Each
// "process" here is a new adapter, durable port, worker and Desk on the same database (Slack, the
// fake, stays up), wired as run-app.ts wires them; its physical clock can be moved on so that the
// journal's retries come due without waiting.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.js';
import { seedDemo } from '../../src/app/demo-seed.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import type { Actor, Desk } from '../../src/core/conversation/desk.js';
import { DEFAULT_DESK_OPTIONS } from '../../src/core/conversation/desk-context.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import type { Place, SupportCase } from '../../src/core/model.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import { FakeSlack, type RecordedCall } from '../fakes/slack/fake-slack.js';
import { sendEvent, type BoltTarget } from '../fakes/slack/signed-requests.js';
import { alertView, relayView } from '../contract/sample-views.js';
import { createTestDb, testClock, type TestClock, type TestDb } from '../helpers/db.js';
import { fakeSlackConfig, recordingLogger, SIGNING_SECRET, type LogLine } from './harness.js';
import { visibleText } from './slack-calls.js';

interface Process {
  adapter: SlackAdapter;
  /** The app's durable port over the adapter's transport: what the core posts through. */
  chat: DurableChatPort;
  desk: Desk;
  /** One pass of this process's delivery worker, `later` ms on (every retry due by then). */
  deliver(later?: number): Promise<unknown>;
  target: BoltTarget;
  logs: LogLine[];
  stop(): Promise<void>;
}

const TEAM = 'CTEAM';
const SUPPORT = 'CSUPPORT';
/** The customer's question in the support channel: the case's customer thread. */
const QUESTION_TS = '1699999999.000100';

let fake: FakeSlack;
let db: TestDb;
let kb: KnowledgeBase;
let clock: TestClock;
let product = 'beacon';
const running: Process[] = [];

beforeEach(async () => {
  fake = await FakeSlack.start();
  db = await createTestDb('sqlite');
  kb = await openKnowledgeBase({ dir: 'kb', cacheDir: null, watch: false });
  clock = testClock('2026-03-02T09:00:00Z');
  await seedWorld();
});
afterEach(async () => {
  for (const process of running.splice(0)) await process.stop().catch(() => {});
  await fake.close();
  await kb.close();
  await db.cleanup();
});

/** The demo world with Slack identities: Acme's workspace, the team's channel, Sam. */
async function seedWorld(): Promise<void> {
  const { directory } = db.store;
  const demo = await seedDemo(directory);
  const { id: _acme, ...acme } = demo.acme;
  await directory.upsertOrg({
    ...acme,
    identities: [{ platform: 'slack', kind: 'team', value: 'T0ACME' }],
  });
  await directory.upsertTeam({
    slug: demo.team.slug,
    name: demo.team.name,
    products: demo.team.products,
    channels: [...demo.team.channels, { platform: 'slack', channelId: TEAM }],
    onCall: demo.team.onCall,
  });
  const { id: _sam, ...sam } = demo.sam;
  await directory.upsertPerson({
    ...sam,
    identities: [...sam.identities, { platform: 'slack', userId: 'UENGA' }],
  });
  product = demo.team.products[0] ?? product;
  fake.addUser('UENGA', sam.displayName);
}

let processes = 0;

/** One bot process: adapter, durable port, worker and Desk on the shared database. */
async function boot(): Promise<Process> {
  const owner = `process-${++processes}`;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const logger = recordingLogger();
  const adapter = createSlackAdapter({
    config: fakeSlackConfig(fake, { supportChannelIds: [SUPPORT] }),
    logger,
    api: { baseDelayMs: 20, maxAttempts: 1 },
  });
  const journal = () => db.store.journal;
  const chat = new DurableChatPort({ inner: adapter.transport, journal, owner, logger, now });
  const worker = new DeliveryWorker({
    journal,
    ledger: () => db.store.deliveries,
    ports: () => ({ slack: chat }),
    owner,
    logger,
    now,
  });
  const desk = createDesk({
    store: db.store,
    kb,
    policy: loadPolicy('elastic'),
    ports: { slack: chat },
    clock,
    logger,
    options: { ...DEFAULT_DESK_OPTIONS },
  });
  await adapter.start(desk, chat);
  const process: Process = {
    adapter,
    chat,
    desk,
    deliver: (later = 10 * 60_000) => {
      offsetMs += later;
      return worker.pass();
    },
    target: {
      url: `http://127.0.0.1:${adapter.boundPort()}/slack/events`,
      signingSecret: SIGNING_SECRET,
    },
    logs: logger.lines,
    stop: async () => {
      running.splice(running.indexOf(process), 1);
      await adapter.stop();
    },
  };
  running.push(process);
  return process;
}

const alice: Actor = {
  platform: 'slack',
  userId: 'UCUSTA',
  displayName: 'Alice',
  workspaceId: 'T0ACME',
  channelId: SUPPORT,
};
const sam: Actor = { platform: 'slack', userId: 'UENGA', displayName: 'Sam Rivera' };
const customerThread: Place = { platform: 'slack', channelId: SUPPORT, threadId: QUESTION_TS };

const posts = (channel: string, thread: string | null) =>
  fake
    .callsTo('chat.postMessage')
    .filter(
      (c) =>
        c.response.ok !== false &&
        c.args.channel === channel &&
        (c.args.thread_ts ?? null) === thread,
    );
const textsIn = (channel: string, thread: string | null) => posts(channel, thread).map(visibleText);
const updatesOf = (ts: string) =>
  fake.callsTo('chat.update').filter((c) => c.args.channel === TEAM && c.args.ts === ts);
const tsOf = (call: RecordedCall) => String(call.response.ts);
/** Calls that carried a journal key where Slack expects its own ids (metadata names it rightly). */
const keysSent = () =>
  fake.calls.filter((c) => JSON.stringify({ ...c.args, metadata: null }).includes('key:'));
const errorsOf = (process: Process) => process.logs.filter((l) => l.level === 'error');
const pending = async () =>
  (await db.store.journal.figures(new Date(Date.now() + 86_400_000))).pending;

async function until<T>(probe: () => T | undefined | null | false, what: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function openCase(process: Process): Promise<string> {
  const confirmation = await process.desk.submitCase(
    alice,
    { ...customerThread, messageId: QUESTION_TS },
    {
      title: 'Ingest stalled',
      situation: 'No data since the upgrade',
      severity: '2',
      seriousness: 'Dashboards are blind',
      product,
      type: 'bug',
    },
  );
  expect(confirmation.kind).toBe('case-confirmation');
  return (confirmation as { caseReference: string }).caseReference;
}

async function caseOf(reference: string): Promise<SupportCase> {
  const found = await db.store.cases.byReference(reference);
  if (!found) throw new Error(`no case ${reference}`);
  return found;
}

/** Everything a case's alert is used for, checked against the real message `alertTs`. */
async function alertStillWorks(
  process: Process,
  reference: string,
  alertTs: string,
  round: string,
): Promise<void> {
  const updates = updatesOf(alertTs).length;
  expect((await process.desk.act(sam, reference, 'claim')).tone).toBe('success');
  await until(() => updatesOf(alertTs).length > updates, 'the claim on the alert');
  expect(visibleText(updatesOf(alertTs).at(-1)!)).toContain('Sam Rivera');

  const sent = await process.desk.message({
    actor: alice,
    place: customerThread,
    text: `Details ${round}: node-3 shows the error`,
  });
  expect(sent?.tone).toBe('success');
  await until(
    () => textsIn(TEAM, alertTs).some((t) => t.includes(`Details ${round}`)),
    'the customer’s words in the alert thread',
  );

  // Sam answers in the real alert thread, as people do: the reply reaches the customer.
  const reply = await sendEvent(process.target, {
    type: 'message',
    channel: TEAM,
    channel_type: 'channel',
    user: 'UENGA',
    text: `Restart node-3 (${round})`,
    ts: `1700000900.00${String(updates).padStart(4, '0')}`,
    thread_ts: alertTs,
  });
  expect(reply.status).toBe(200);
  await until(
    () => textsIn(SUPPORT, QUESTION_TS).some((t) => t.includes(`Restart node-3 (${round})`)),
    'Sam’s answer in the customer’s thread',
  );
  await process.desk.act(sam, reference, 'unclaim');
  expect(keysSent()).toEqual([]);
  expect(errorsOf(process)).toEqual([]);
}

test('(a) an alert kept over a restart is sent by the next process, and the case follows it to the real message', async () => {
  const first = await boot();
  fake.fail('chat.postMessage', 503, 1000);
  const reference = await openCase(first);
  expect((await caseOf(reference)).alertPlace?.messageId).toMatch(/^key:/);
  await first.stop();
  expect(await pending()).toBeGreaterThan(0);

  fake.fail('chat.postMessage', 503, 0);
  const second = await boot();
  await second.deliver();
  expect(await pending()).toBe(0);
  const alerts = posts(TEAM, null);
  expect(alerts).toHaveLength(1);
  const alertTs = tsOf(alerts[0]!);
  // The case names the real message once the alert's row is marked sent (one transaction).
  expect((await caseOf(reference)).alertPlace).toMatchObject({
    channelId: TEAM,
    threadId: alertTs,
    messageId: alertTs,
  });
  await alertStillWorks(second, reference, alertTs, 'second run');
  await second.stop();

  // And after one more restart, with nothing in memory.
  const third = await boot();
  await alertStillWorks(third, reference, alertTs, 'third run');
  expect(await pending()).toBe(0);
});

test('(b) an alert sent from the journal before a restart: after it, edits and replies still reach the real message', async () => {
  const first = await boot();
  fake.fail('chat.postMessage', 503, 1);
  const reference = await openCase(first);
  expect(await pending()).toBeGreaterThan(0);
  await first.deliver();
  expect(await pending()).toBe(0);
  const alertTs = tsOf(posts(TEAM, null)[0]!);
  expect((await caseOf(reference)).alertPlace?.messageId).toBe(alertTs);
  // Before the restart too: Sam's answer in the real thread is relayed (the stored place is real).
  await alertStillWorks(first, reference, alertTs, 'first run');
  await first.stop();

  const second = await boot();
  await alertStillWorks(second, reference, alertTs, 'after restart');
});

test('(b) a key nothing will ever send fails loudly, never vanishes or lands elsewhere', async () => {
  const process = await boot();
  const reference = await openCase(process);
  const found = await caseOf(reference);
  // A place stored under a key whose row is gone (never written, or pruned long after).
  const lost = 'key:slack:event:gone#post:CTEAM#1';
  await db.store.cases.update(found.id, {
    alertPlace: { ...found.alertPlace!, threadId: lost, messageId: lost },
    updatedAt: clock.now(),
  });
  const lostPlace: Place = { platform: 'slack', channelId: TEAM, threadId: lost };
  await expect(process.chat.post(lostPlace, relayView('hello'))).rejects.toThrow(
    /will never be sent/,
  );
  await expect(
    process.chat.update({ place: lostPlace, messageId: lost }, alertView()),
  ).rejects.toThrow(/will never be sent/);
  const before = fake.callsTo('chat.postMessage').length;
  await process.desk.message({ actor: alice, place: customerThread, text: 'Anyone there?' });
  const replied = (await db.store.events.forCase(found.id)).filter((e) => e.kind === 'replied');
  expect(replied.at(-1)?.data).toMatchObject({ side: 'customer', delivered: false });
  expect(errorsOf(process).map((l) => l.message)).toContain('could not post to the alert thread');
  // Nothing was sent anywhere instead, and nothing waits to be.
  expect(fake.callsTo('chat.postMessage')).toHaveLength(before);
  expect(keysSent()).toEqual([]);
  expect(await pending()).toBe(0);
});

test('(c) a reply waiting behind its unsent parent survives a restart and lands in the parent’s thread', async () => {
  const first = await boot();
  fake.fail('chat.postMessage', 503, 1000);
  const team: Place = { platform: 'slack', channelId: TEAM };
  const parent = await first.chat.post(team, alertView());
  const reply = await first.chat.post(
    { ...team, threadId: parent.messageId },
    relayView('queued behind the alert'),
  );
  expect([parent.messageId, reply.messageId]).toEqual([
    expect.stringMatching(/^key:/),
    expect.stringMatching(/^key:/),
  ]);
  await first.stop();
  expect(await pending()).toBe(2);

  fake.fail('chat.postMessage', 503, 0);
  const second = await boot();
  await second.deliver();
  const alerts = posts(TEAM, null);
  expect(alerts).toHaveLength(1);
  expect(textsIn(TEAM, tsOf(alerts[0]!))).toEqual([
    expect.stringContaining('queued behind the alert'),
  ]);
  expect(keysSent()).toEqual([]);
  expect(errorsOf(second)).toEqual([]);
  expect(await pending()).toBe(0);
});

test('(c) a reply still failing after its parent was sent survives a restart, in the parent’s thread', async () => {
  const first = await boot();
  fake.fail('chat.postMessage', 503, 1000);
  const team: Place = { platform: 'slack', channelId: TEAM };
  const parent = await first.chat.post(team, alertView());
  await first.chat.post({ ...team, threadId: parent.messageId }, relayView('waits for the thread'));
  // Slack is back for top-level posts only: the parent goes, its reply keeps failing (transient).
  fake.fail('chat.postMessage', 503, 0);
  let alertTs = '';
  fake.respond('chat.postMessage', (args) => {
    if (args.thread_ts) return { ok: false, error: 'internal_error' };
    alertTs = '1700000500.000001';
    return { ok: true, channel: args.channel, ts: alertTs };
  });
  await first.deliver();
  expect(alertTs).not.toBe('');
  await first.stop();
  expect(await pending()).toBe(1);

  fake.respond('chat.postMessage', (args) => ({ ok: true, channel: args.channel, ts: 'later' }));
  const second = await boot();
  await second.deliver(60 * 60_000);
  expect(textsIn(TEAM, alertTs)).toEqual([expect.stringContaining('waits for the thread')]);
  expect(keysSent()).toEqual([]);
  expect(errorsOf(second)).toEqual([]);
  expect(await pending()).toBe(0);
});
