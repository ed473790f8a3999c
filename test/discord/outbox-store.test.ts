// The Discord outbox on the real store (Prisma, SQLite file) and provisional ids: a post kept while
// Discord is down survives a restart, and an alert that waited in the outbox (the core stored its
// `pending-…` id as the alert's place) still gets its thread, its relays and its edits.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/adapter.js';
import { discordDefaults, type DiscordConfig } from '../../src/adapters/discord/config.js';
import type { OutboxRepository } from '../../src/core/ports/storage.js';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { startFakeDiscord, waitFor, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { alertView, relayView } from '../contract/sample-views.js';
import { recordingDeskFor } from './helpers.js';

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

function adapterWith(repository?: OutboxRepository): DiscordAdapter {
  const config: DiscordConfig = {
    ...discordDefaults,
    token: fake.token,
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
    rest: { retries: 0, timeout: 2000 },
    outboxRetryMs: 40,
  };
  const adapter = createDiscordAdapter({
    config,
    logger: createMemoryLogger(),
    ...(repository ? { outbox: { repository } } : {}),
  });
  adapters.push(adapter);
  return adapter;
}

const failPosts = (channelId: string, times: number) =>
  fake.rest.failNext({
    method: 'POST',
    path: new RegExp(`^/channels/${channelId}/messages$`),
    status: 503,
    times,
  });

test('a post kept while Discord is down survives a restart and is delivered once by the next process', async () => {
  const team: Place = { platform: 'discord', channelId: fake.world.channels.team.id };
  const repository = db.store.outbox;
  const first = adapterWith(repository);
  failPosts(team.channelId, 1000);
  const posted = await first.transport.post(team, notice('kept v1'));
  expect(posted.messageId).toMatch(/^pending-/);
  await first.transport.update(posted, notice('kept v2'));
  expect(await repository.count('discord')).toBe(1);
  await first.stop();
  adapters.splice(adapters.indexOf(first), 1);
  // Still written down after the process stopped, with the newer content.
  expect(await repository.count('discord')).toBe(1);

  fake.rest.clearFailures();
  const second = adapterWith(repository);
  await second.start(recordingDeskFor({ chat: second.transport, fake }));
  await waitFor(() => second.transport.outbox.size === 0);
  const delivered = fake.rest
    .find('POST', new RegExp(`^/channels/${team.channelId}/messages$`))
    .filter(ok)
    .map(contentOf);
  expect(delivered).toEqual([expect.stringContaining('kept v2')]);
  expect(await repository.count('discord')).toBe(0);
  // The provisional id the core stored before the restart still reaches the message.
  await second.transport.update(posted, notice('kept v3'));
  const edit = fake.rest.find('PATCH', new RegExp(`^/channels/${team.channelId}/messages/\\d+$`));
  expect(edit.map(contentOf)).toEqual([expect.stringContaining('kept v3')]);
});

test('an alert that waited in the outbox gets its thread; relays and edits sent to its pending id follow it', async () => {
  const team: Place = { platform: 'discord', channelId: fake.world.channels.team.id };
  const adapter = adapterWith();
  failPosts(team.channelId, 2);
  const alert = await adapter.transport.post(team, alertView());
  expect(alert.messageId).toMatch(/^pending-/);
  // What the core stores as the alert's place, and its thread.
  const alertPlace: Place = { ...team, threadId: alert.messageId, messageId: alert.messageId };
  const relay = await adapter.transport.post(
    alertPlace,
    relayView('first words from the customer'),
  );
  expect(relay.messageId).toMatch(/^pending-/);
  await adapter.transport.update(
    { place: alertPlace, messageId: alert.messageId },
    alertView({ state: 'claimed', title: 'Checkout returns 500 (claimed)' }),
  );
  await waitFor(() => adapter.transport.outbox.size === 0);

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

  // Later traffic addressed to the pending id goes straight to the real alert and its thread.
  await adapter.transport.post(alertPlace, relayView('a later reply'));
  await adapter.transport.update(
    { place: alertPlace, messageId: alert.messageId },
    alertView({ state: 'breached', title: 'Checkout returns 500 (breached)' }),
  );
  expect(inThread()).toHaveLength(2);
  const edits = fake.rest.find(
    'PATCH',
    new RegExp(`^/channels/${team.channelId}/messages/${realId}$`),
  );
  expect(edits.map(titleOf)).toEqual([expect.stringContaining('(breached)')]);
  expect(fake.rest.requests.filter((r) => r.path.includes('pending-'))).toEqual([]);
});
