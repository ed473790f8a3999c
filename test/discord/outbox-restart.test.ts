// Provisional ids across restarts, on the real core, the real store (SQLite) and the real Discord
// adapter against the fake Discord. A case's alert that waits in the outbox is stored by the core
// under its `pending-…` id; the map from that id to the real message lives in the adapter's memory.
// Each "process" here is a new adapter and a new Desk on the same database, with the app's
// follow-up of delivered posts wired as run-app.ts wires it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/adapter.js';
import { discordDefaults } from '../../src/adapters/discord/config.js';
import { mapDemoOntoFake } from './real-desk.js';
import { followDeliveredPosts } from '../../src/app/follow-deliveries.js';
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

interface Process {
  adapter: DiscordAdapter;
  desk: Desk;
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

/** One bot process: adapter + Desk on the shared database, delivered posts followed as the app does. */
async function boot(): Promise<Process> {
  const logs = createMemoryLogger();
  const adapter = createDiscordAdapter({
    config: {
      ...discordDefaults,
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      rest: { retries: 0, timeout: 2000 },
      relayThreadMessages: true,
      outboxRetryMs: 40,
    },
    logger: logs,
    outbox: { repository: db.store.outbox },
  });
  const desk = createDesk({
    store: db.store,
    kb,
    policy: loadPolicy('elastic'),
    ports: { discord: adapter.transport },
    clock,
    logger: logs,
    options: { ...DEFAULT_DESK_OPTIONS },
  });
  adapter.transport.outbox.onDelivered(
    followDeliveredPosts('discord', db.store.cases, clock, logs),
  );
  await adapter.start(desk);
  const process: Process = {
    adapter,
    desk,
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
  expect(fake.rest.requests.filter((r) => r.path.includes('pending-'))).toEqual([]);
  expect(errorsOf(process)).toEqual([]);
}

test('(a) an alert kept over a restart is delivered by the next process, and the case follows it to the real message', async () => {
  const first = await boot();
  failTeamPosts(1000);
  const { reference, customer } = await openCase(first);
  expect(first.adapter.transport.outbox.size).toBe(1);
  expect((await caseOf(reference)).alertPlace?.messageId).toMatch(/^pending-/);
  await first.stop();

  fake.rest.clearFailures();
  const second = await boot();
  await waitFor(() => second.adapter.transport.outbox.size === 0);
  expect(alertsPosted()).toHaveLength(1);
  const alertId = (alertsPosted()[0]!.response as { id: string }).id;
  // The stored place is the real message now, not the provisional id.
  const followed = (await caseOf(reference)).alertPlace;
  expect(followed).toMatchObject({ channelId: teamId(), threadId: alertId, messageId: alertId });
  await alertStillWorks(second, reference, customer, alertId, 'second run');
  await second.stop();

  // And it keeps working after one more restart, with nothing in memory.
  const third = await boot();
  await alertStillWorks(third, reference, customer, alertId, 'third run');
  expect(await db.store.outbox.count('discord')).toBe(0);
});

test('(b) an alert delivered from the outbox before a restart: after it, edits and replies still reach the real message', async () => {
  const first = await boot();
  failTeamPosts(2);
  const { reference, customer } = await openCase(first);
  await waitFor(() => first.adapter.transport.outbox.size === 0);
  const alertId = (alertsPosted()[0]!.response as { id: string }).id;
  expect((await caseOf(reference)).alertPlace?.messageId).toBe(alertId);
  await first.stop();

  const second = await boot();
  await alertStillWorks(second, reference, customer, alertId, 'after restart');
});

test('(b) a provisional id nothing can resolve any more fails loudly, never vanishes or lands elsewhere', async () => {
  const process = await boot();
  const { reference, customer } = await openCase(process);
  const found = await caseOf(reference);
  // A place stored under an id whose mapping was lost (e.g. written by an older version).
  const lost = 'pending-00000000-0000-0000-0000-000000000000';
  await db.store.cases.update(found.id, {
    alertPlace: { ...found.alertPlace!, threadId: lost, messageId: lost },
    updatedAt: clock.now(),
  });
  const lostPlace: Place = { platform: 'discord', channelId: teamId(), threadId: lost };
  await expect(process.adapter.transport.post(lostPlace, relayView('hello'))).rejects.toThrow(
    /unknown provisional message pending-0000/,
  );
  await expect(
    process.adapter.transport.update({ place: lostPlace, messageId: lost }, alertView()),
  ).rejects.toThrow(/unknown provisional message pending-0000/);
  // Through the core: the relay is reported as not delivered, and logged as an error.
  const before = postsIn(teamId()).length;
  await process.desk.message({ actor: actor('bob'), place: customer, text: 'Anyone there?' });
  const replied = (await db.store.events.forCase(found.id)).filter((e) => e.kind === 'replied');
  expect(replied.at(-1)?.data).toMatchObject({ side: 'customer', delivered: false });
  expect(errorsOf(process).map((e) => e.message)).toContain('could not post to the alert thread');
  // Nothing went to the channel's top level instead.
  expect(postsIn(teamId())).toHaveLength(before);
  expect(process.adapter.transport.outbox.size).toBe(0);
});

test('(c) a reply queued behind its undelivered parent survives a restart and lands in the parent’s thread', async () => {
  const first = await boot();
  failTeamPosts(1000);
  const team: Place = { platform: 'discord', channelId: teamId() };
  const parent = await first.adapter.transport.post(team, alertView());
  const place: Place = { ...team, threadId: parent.messageId, messageId: parent.messageId };
  const reply = await first.adapter.transport.post(place, relayView('queued behind the alert'));
  expect([parent.messageId, reply.messageId]).toEqual([
    expect.stringMatching(/^pending-/),
    expect.stringMatching(/^pending-/),
  ]);
  await first.stop();
  expect(await db.store.outbox.count('discord')).toBe(2);

  fake.rest.clearFailures();
  const second = await boot();
  await waitFor(() => second.adapter.transport.outbox.size === 0);
  const alerts = alertsPosted();
  expect(alerts).toHaveLength(1);
  const alertId = (alerts[0]!.response as { id: string }).id;
  expect(postsIn(alertId)).toEqual([expect.stringContaining('queued behind the alert')]);
  expect(errorsOf(second)).toEqual([]);
});

test('(c) a reply still failing after its parent was delivered survives a restart, in the parent’s thread', async () => {
  const first = await boot();
  failTeamPosts(2);
  // Every other channel (the alert's thread-to-be) refuses posts for now.
  fake.rest.failNext({
    method: 'POST',
    path: new RegExp(`^/channels/(?!${teamId()}/)\\d+/messages$`),
    status: 503,
    times: 1000,
  });
  const team: Place = { platform: 'discord', channelId: teamId() };
  const parent = await first.adapter.transport.post(team, alertView());
  const place: Place = { ...team, threadId: parent.messageId, messageId: parent.messageId };
  await first.adapter.transport.post(place, relayView('waits for the thread'));
  await waitFor(() => alertsPosted().length === 1);
  const alertId = (alertsPosted()[0]!.response as { id: string }).id;
  await waitFor(() =>
    fake.rest.find('POST', new RegExp(`^/channels/${alertId}/messages$`)).some((r) => !ok(r)),
  );
  expect(first.adapter.transport.outbox.size).toBe(1);
  await first.stop();

  fake.rest.clearFailures();
  const second = await boot();
  await waitFor(() => second.adapter.transport.outbox.size === 0);
  expect(postsIn(alertId)).toEqual([expect.stringContaining('waits for the thread')]);
  expect(alertsPosted()).toHaveLength(1);
  expect(errorsOf(second)).toEqual([]);
});

test('a kept post delivered before anything stored its provisional id keeps mapping its thread to it', async () => {
  const bot = await boot();
  failTeamPosts(1);
  // Posted straight through the port: no case stores this provisional id (as when a retry
  // delivers an alert before the core has saved its place).
  const posted = await bot.adapter.transport.post(
    { platform: 'discord', channelId: teamId() },
    { kind: 'notice', tone: 'info', text: 'kept, then delivered' },
  );
  await waitFor(() => alertsPosted().length === 1);
  await bot.adapter.transport.outbox.flush();
  const realId = bot.adapter.transport.outbox.resolve(posted.messageId);
  expect(realId).not.toBe(posted.messageId);
  expect(bot.adapter.transport.outbox.provisionalOf(realId)).toBe(posted.messageId);
});
