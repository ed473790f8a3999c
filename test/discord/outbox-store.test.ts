// Kept Discord posts on the real store (Prisma, SQLite file): the message journal is the outbox. A
// post kept while Discord is down survives a restart, and an alert that waited in the journal (the
// core stored its `key:…` as the alert's place) still gets its thread, its relays and its edits.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/adapter.js';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { alertView, relayView } from '../contract/sample-views.js';
import { durable, later, MINUTE, worker } from '../delivery/durable-helpers.js';
import { fakeDiscordConfig } from './fake-config.js';

let fake: FakeDiscord;
let db: TestDb;
const adapters: DiscordAdapter[] = [];
beforeEach(async () => {
  fake = await startFakeDiscord();
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.stop().catch(() => {});
  await fake.close();
  await db.cleanup();
});

const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const ok = (r: RecordedRequest) => r.status >= 200 && r.status < 300;
const contentOf = (r: RecordedRequest) => String((r.body as { content?: string }).content ?? '');
const titleOf = (r: RecordedRequest) =>
  String((r.body as { embeds?: { title?: string }[] }).embeds?.[0]?.title ?? '');

function newAdapter(): DiscordAdapter {
  const config = fakeDiscordConfig(fake);
  const adapter = createDiscordAdapter({ config, logger: createMemoryLogger() });
  adapters.push(adapter);
  return adapter;
}

/** One pass of the delivery worker of a process `ms` later, over `adapter`'s transport. */
const passLater = (adapter: DiscordAdapter, ms: number) =>
  worker(db, { discord: durable(db, adapter.transport, 'B', later(ms)) }, later(ms)).pass();
const pending = async () => (await db.store.journal.figures(later(60 * MINUTE)())).pending;

const failPosts = (channelId: string, times: number) =>
  fake.rest.failNext({
    method: 'POST',
    path: new RegExp(`^/channels/${channelId}/messages$`),
    status: 503,
    times,
  });

test('a post kept while Discord is down survives a restart and is delivered once by the next process', async () => {
  const team: Place = { platform: 'discord', channelId: fake.world.channels.team.id };
  const first = newAdapter();
  const chat = durable(db, first.transport, 'A');
  failPosts(team.channelId, 1000);
  const posted = await chat.post(team, notice('kept v1'));
  expect(posted.messageId).toMatch(/^key:/);
  await chat.update(posted, notice('kept v2'));
  expect(await pending()).toBe(1);
  await first.stop();
  adapters.splice(adapters.indexOf(first), 1);
  // Still written down after the process stopped, with the newer content.
  expect(await pending()).toBe(1);

  fake.rest.clearFailures();
  const second = newAdapter();
  await passLater(second, 10 * MINUTE);
  const delivered = fake.rest
    .find('POST', new RegExp(`^/channels/${team.channelId}/messages$`))
    .filter(ok)
    .map(contentOf);
  expect(delivered).toEqual([expect.stringContaining('kept v2')]);
  expect(await pending()).toBe(0);
  // The key the core stored before the restart still reaches the message.
  await durable(db, second.transport, 'C').update(posted, notice('kept v3'));
  const edit = fake.rest.find('PATCH', new RegExp(`^/channels/${team.channelId}/messages/\\d+$`));
  expect(edit.map(contentOf)).toEqual([expect.stringContaining('kept v3')]);
});

test('an alert that waited in the journal gets its thread; relays and edits sent to its key follow it', async () => {
  const team: Place = { platform: 'discord', channelId: fake.world.channels.team.id };
  const adapter = newAdapter();
  const chat = durable(db, adapter.transport, 'A');
  failPosts(team.channelId, 1);
  const alert = await chat.post(team, alertView());
  expect(alert.messageId).toMatch(/^key:/);
  // What the core stores as the alert's place, and its thread.
  const alertPlace: Place = { ...team, threadId: alert.messageId, messageId: alert.messageId };
  const relay = await chat.post(alertPlace, relayView('first words from the customer'));
  expect(relay.messageId).toMatch(/^key:/);
  await chat.update(
    { place: alertPlace, messageId: alert.messageId },
    alertView({ state: 'claimed', title: 'Checkout returns 500 (claimed)' }),
  );
  await passLater(adapter, 10 * MINUTE);
  expect(await pending()).toBe(0);

  const alerts = fake.rest
    .find('POST', new RegExp(`^/channels/${team.channelId}/messages$`))
    .filter(ok);
  expect(alerts).toHaveLength(1);
  expect(titleOf(alerts[0]!)).toContain('(claimed)');
  const realId = (alerts[0]!.response as { id: string }).id;
  const thread = fake.rest.find(
    'POST',
    new RegExp(`^/channels/${team.channelId}/messages/${realId}/threads$`),
  );
  expect(thread.map((r) => (r.body as { name: string }).name)).toEqual([
    expect.stringContaining('CASE-1001'),
  ]);
  const inThread = () =>
    fake.rest.find('POST', new RegExp(`^/channels/${realId}/messages$`)).filter(ok);
  expect(inThread()).toHaveLength(1);
  expect(JSON.stringify(inThread()[0]!.body)).toContain('first words from the customer');

  // Later traffic addressed to the key goes straight to the real alert and its thread.
  await chat.post(alertPlace, relayView('a later reply'));
  await chat.update(
    { place: alertPlace, messageId: alert.messageId },
    alertView({ state: 'breached', title: 'Checkout returns 500 (breached)' }),
  );
  expect(inThread()).toHaveLength(2);
  const edits = fake.rest.find(
    'PATCH',
    new RegExp(`^/channels/${team.channelId}/messages/${realId}$`),
  );
  expect(edits.map(titleOf)).toEqual([expect.stringContaining('(breached)')]);
  expect(fake.rest.requests.filter((r) => r.path.includes('key:'))).toEqual([]);
});
