// Kept posts across restarts, on the real core, the real store (SQLite) and the real Discord
// adapter against the fake Discord. A case's alert that waits in the message journal is stored by
// the core under its journal key (`key:…`); when a delivery worker sends it, the store moves the
// case to the real message in the same transaction. Each "process" here is a new adapter, durable
// port, worker and Desk on the same database, wired as run-app.ts wires them; its physical clock
// can be moved on so that the journal's retries come due without waiting.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/adapter.js';
import { mapDemoOntoFake } from './real-desk.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import type { Actor, Desk } from '../../src/core/conversation/desk.js';
import { DEFAULT_DESK_OPTIONS } from '../../src/core/conversation/desk-context.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import type { Place, SupportCase } from '../../src/core/model.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { startFakeDiscord, waitFor, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import { message, thread } from '../fakes/discord/payloads.js';
import { alertView, relayView } from '../contract/sample-views.js';
import { createTestDb, testClock, type TestClock, type TestDb } from '../helpers/db.js';
import { ARTICLES } from '../shell/shell-harness.js';
import { fakeDiscordConfig } from './fake-config.js';

interface Process {
  adapter: DiscordAdapter;
  /** The app's durable port over the adapter's transport: what the core posts through. */
  chat: DurableChatPort;
  desk: Desk;
  /** One pass of this process's delivery worker, `later` ms on (every retry due by then). */
  deliver(later?: number): Promise<unknown>;
  logs: ReturnType<typeof createMemoryLogger>;
  stop(): Promise<void>;
}

let fake: FakeDiscord;
let db: TestDb;
let kb: KnowledgeBase;
let dir: string;
let clock: TestClock;
const running: Process[] = [];

beforeEach(async () => {
  fake = await startFakeDiscord();
  db = await createTestDb('sqlite');
  dir = mkdtempSync(join(tmpdir(), 'casebot-discord-restart-'));
  for (const [path, text] of Object.entries(ARTICLES)) {
    mkdirSync(join(dir, 'kb', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'kb', path), text);
  }
  kb = await openKnowledgeBase({ dir: join(dir, 'kb'), cacheDir: null, watch: false });
  clock = testClock('2026-03-02T09:00:00Z');
  await mapDemoOntoFake(db.store.directory, fake);
});
afterEach(async () => {
  for (const process of running.splice(0)) await process.stop().catch(() => {});
  await fake.close();
  await kb.close();
  await db.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

let processes = 0;

/** One bot process: adapter, durable port, worker and Desk on the shared database. */
async function boot(): Promise<Process> {
  const logs = createMemoryLogger();
  const owner = `process-${++processes}`;
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const adapter = createDiscordAdapter({
    config: fakeDiscordConfig(fake, { relayThreadMessages: true }),
    logger: logs,
  });
  const journal = () => db.store.journal;
  const chat = new DurableChatPort({ inner: adapter.transport, journal, owner, logger: logs, now });
  const worker = new DeliveryWorker({
    journal,
    ledger: () => db.store.deliveries,
    ports: () => ({ discord: chat }),
    owner,
    logger: logs,
    now,
  });
  const desk = createDesk({
    store: db.store,
    kb,
    policy: loadPolicy('elastic'),
    ports: { discord: chat },
    clock,
    logger: logs,
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
    logs,
    stop: async () => {
      running.splice(running.indexOf(process), 1);
      await adapter.stop();
    },
  };
  running.push(process);
  return process;
}

const ok = (r: RecordedRequest) => r.status >= 200 && r.status < 300;
const bodyText = (r: RecordedRequest) => JSON.stringify(r.body);
const teamId = () => fake.world.channels.team.id;
const failTeamPosts = (times: number) =>
  fake.rest.failNext({
    method: 'POST',
    path: new RegExp(`^/channels/${teamId()}/messages$`),
    status: 503,
    times,
  });
const alertsPosted = () =>
  fake.rest.find('POST', new RegExp(`^/channels/${teamId()}/messages$`)).filter(ok);
const postsIn = (channelId: string) =>
  fake.rest
    .find('POST', new RegExp(`^/channels/${channelId}/messages$`))
    .filter(ok)
    .map(bodyText);
const editsOf = (messageId: string) =>
  fake.rest
    .find('PATCH', new RegExp(`^/channels/${teamId()}/messages/${messageId}$`))
    .filter(ok)
    .map(bodyText);
const errorsOf = (process: Process) => process.logs.entries.filter((e) => e.level === 'error');
const pending = async () =>
  (await db.store.journal.figures(new Date(Date.now() + 86_400_000))).pending;
/** Requests that named a journal key where Discord expects its own ids. */
const keysSent = () => fake.rest.requests.filter((r) => r.path.includes('key:'));

function actor(who: 'mod' | 'bob' | 'sam'): Actor {
  const person = fake.world.people[who];
  return {
    platform: 'discord',
    userId: person.id,
    displayName: person.global_name,
    guildId: fake.world.guildId,
    roleIds: fake.world.memberRoles[person.id] ?? [],
  };
}

/** A moderator moves Bob's public post to private support: a case, its alert, Bob's private thread. */
async function openCase(process: Process): Promise<{ reference: string; customer: Place }> {
  const flagged = await process.desk.flag({
    actor: actor('mod'),
    message: { platform: 'discord', channelId: fake.world.channels.community.id, messageId: '1' },
    author: { userId: fake.world.people.bob.id, displayName: 'Bob' },
    text: 'Ingest is stuck since the upgrade and we lose data',
  });
  expect(flagged.tone).toBe('success');
  const reference = /[A-Z]+-\d+/.exec(flagged.text)![0];
  const found = await caseOf(reference);
  return { reference, customer: found.customerPlace! };
}

async function caseOf(reference: string): Promise<SupportCase> {
  const found = await db.store.cases.byReference(reference);
  if (!found) throw new Error(`no case ${reference}`);
  return found;
}

/** Sam writes in the real alert thread, through the gateway, as people do. */
function samWritesInThread(alertId: string, content: string): void {
  const { world } = fake;
  fake.dispatch(
    'THREAD_CREATE',
    thread({ world, parentId: teamId(), name: 'alert', ownerId: world.people.bot.id, id: alertId }),
  );
  fake.dispatch(
    'MESSAGE_CREATE',
    message({ world, author: world.people.sam, channelId: alertId, content }),
  );
}

/** Everything a case's alert is used for, checked against the real message `alertId`. */
async function alertStillWorks(
  process: Process,
  reference: string,
  customer: Place,
  alertId: string,
  round: string,
): Promise<void> {
  const edits = editsOf(alertId).length;
  const claimed = await process.desk.act(actor('sam'), reference, 'claim');
  expect(claimed.tone).toBe('success');
  await waitFor(() => editsOf(alertId).length > edits);
  expect(editsOf(alertId).at(-1)).toContain('Claimed');

  const sent = await process.desk.message({
    actor: actor('bob'),
    place: customer,
    text: `Details ${round}: node-3 shows the error`,
  });
  expect(sent?.tone).toBe('success');
  await waitFor(() => postsIn(alertId).some((t) => t.includes(`Details ${round}`)));

  samWritesInThread(alertId, `Restart node-3 (${round})`);
  await waitFor(() =>
    postsIn(customer.threadId!).some((t) => t.includes(`Restart node-3 (${round})`)),
  );
  await process.desk.act(actor('sam'), reference, 'unclaim');
  expect(keysSent()).toEqual([]);
  expect(errorsOf(process)).toEqual([]);
}

test('(a) an alert kept over a restart is sent by the next process, and the case follows it to the real message', async () => {
  const first = await boot();
  failTeamPosts(1000);
  const { reference, customer } = await openCase(first);
  expect(await pending()).toBe(1);
  expect((await caseOf(reference)).alertPlace?.messageId).toMatch(/^key:/);
  await first.stop();

  fake.rest.clearFailures();
  const second = await boot();
  await second.deliver();
  expect(await pending()).toBe(0);
  expect(alertsPosted()).toHaveLength(1);
  const alertId = (alertsPosted()[0]!.response as { id: string }).id;
  // The stored place is the real message now, not the key.
  const followed = (await caseOf(reference)).alertPlace;
  expect(followed).toMatchObject({ channelId: teamId(), threadId: alertId, messageId: alertId });
  await alertStillWorks(second, reference, customer, alertId, 'second run');
  await second.stop();

  // And it keeps working after one more restart, with nothing in memory.
  const third = await boot();
  await alertStillWorks(third, reference, customer, alertId, 'third run');
  expect(await pending()).toBe(0);
});

test('(b) an alert sent from the journal before a restart: after it, edits and replies still reach the real message', async () => {
  const first = await boot();
  failTeamPosts(1);
  const { reference, customer } = await openCase(first);
  await first.deliver();
  expect(await pending()).toBe(0);
  const alertId = (alertsPosted()[0]!.response as { id: string }).id;
  expect((await caseOf(reference)).alertPlace?.messageId).toBe(alertId);
  await first.stop();

  const second = await boot();
  await alertStillWorks(second, reference, customer, alertId, 'after restart');
});

test('(b) a key nothing will ever send fails loudly, never vanishes or lands elsewhere', async () => {
  const process = await boot();
  const { reference, customer } = await openCase(process);
  const found = await caseOf(reference);
  // A place stored under a key whose row is gone (never written, or pruned long after).
  const lost = 'key:discord:interaction:gone#post:team#1';
  await db.store.cases.update(found.id, {
    alertPlace: { ...found.alertPlace!, threadId: lost, messageId: lost },
    updatedAt: clock.now(),
  });
  const lostPlace: Place = { platform: 'discord', channelId: teamId(), threadId: lost };
  await expect(process.chat.post(lostPlace, relayView('hello'))).rejects.toThrow(
    /will never be sent/,
  );
  await expect(
    process.chat.update({ place: lostPlace, messageId: lost }, alertView()),
  ).rejects.toThrow(/will never be sent/);
  // Through the core: the relay is reported as not delivered, and logged as an error.
  const before = postsIn(teamId()).length;
  await process.desk.message({ actor: actor('bob'), place: customer, text: 'Anyone there?' });
  const replied = (await db.store.events.forCase(found.id)).filter((e) => e.kind === 'replied');
  expect(replied.at(-1)?.data).toMatchObject({ side: 'customer', delivered: false });
  expect(errorsOf(process).map((e) => e.message)).toContain('could not post to the alert thread');
  // Nothing went to the channel's top level instead, and nothing waits to be sent.
  expect(postsIn(teamId())).toHaveLength(before);
  expect(await pending()).toBe(0);
});

test('(c) a reply waiting behind its unsent parent survives a restart and lands in the parent’s thread', async () => {
  const first = await boot();
  failTeamPosts(1000);
  const team: Place = { platform: 'discord', channelId: teamId() };
  const parent = await first.chat.post(team, alertView());
  const place: Place = { ...team, threadId: parent.messageId, messageId: parent.messageId };
  const reply = await first.chat.post(place, relayView('queued behind the alert'));
  expect([parent.messageId, reply.messageId]).toEqual([
    expect.stringMatching(/^key:/),
    expect.stringMatching(/^key:/),
  ]);
  await first.stop();
  expect(await pending()).toBe(2);

  fake.rest.clearFailures();
  const second = await boot();
  await second.deliver();
  const alerts = alertsPosted();
  expect(alerts).toHaveLength(1);
  const alertId = (alerts[0]!.response as { id: string }).id;
  expect(postsIn(alertId)).toEqual([expect.stringContaining('queued behind the alert')]);
  expect(errorsOf(second)).toEqual([]);
  expect(keysSent()).toEqual([]);
});

test('(c) a reply still failing after its parent was sent survives a restart, in the parent’s thread', async () => {
  const first = await boot();
  failTeamPosts(1);
  // Every other channel (the alert's thread-to-be) refuses posts for now.
  fake.rest.failNext({
    method: 'POST',
    path: new RegExp(`^/channels/(?!${teamId()}/)\\d+/messages$`),
    status: 503,
    times: 1000,
  });
  const team: Place = { platform: 'discord', channelId: teamId() };
  const parent = await first.chat.post(team, alertView());
  const place: Place = { ...team, threadId: parent.messageId, messageId: parent.messageId };
  await first.chat.post(place, relayView('waits for the thread'));
  await first.deliver();
  expect(alertsPosted()).toHaveLength(1);
  const alertId = (alertsPosted()[0]!.response as { id: string }).id;
  expect(
    fake.rest.find('POST', new RegExp(`^/channels/${alertId}/messages$`)).some((r) => !ok(r)),
  ).toBe(true);
  expect(await pending()).toBe(1);
  await first.stop();

  fake.rest.clearFailures();
  const second = await boot();
  await second.deliver(60 * 60_000);
  expect(postsIn(alertId)).toEqual([expect.stringContaining('waits for the thread')]);
  expect(alertsPosted()).toHaveLength(1);
  expect(errorsOf(second)).toEqual([]);
});

test('a kept post sent before anything stored its key: a place stored with the key later still reaches it', async () => {
  const bot = await boot();
  failTeamPosts(1);
  // Posted straight through the port: no case stores this key yet (as when a retry sends an
  // alert before the core has saved its place): calls naming the key resolve through the journal.
  const posted = await bot.chat.post(
    { platform: 'discord', channelId: teamId() },
    { kind: 'notice', tone: 'info', text: 'kept, then delivered' },
  );
  expect(posted.messageId).toMatch(/^key:/);
  await bot.deliver();
  const realId = (alertsPosted()[0]!.response as { id: string }).id;
  await bot.chat.update(posted, { kind: 'notice', tone: 'info', text: 'edited' });
  expect(editsOf(realId)).toEqual([expect.stringContaining('edited')]);
});
