import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Place } from '../../src/core/model.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { withMessageKey } from '../../src/core/delivery/work-scope.js';
import { durable, later, MINUTE, worker } from '../delivery/durable-helpers.js';
import { slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest } from './harness.js';
import { recordingDeskFor } from './helpers.js';

const h = harnessForEachTest({ makeDesk: recordingDeskFor });
let team: Place;
let db: TestDb;
beforeEach(async () => {
  team = { platform: 'discord', channelId: h.fake.world.channels.team.id };
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  await db.cleanup();
});

const notice = (text: string) => ({ kind: 'notice' as const, tone: 'info' as const, text });
const delivered = () =>
  h
    .postsTo(team.channelId)
    .filter((r) => r.status === 200)
    .map((r) => String((r.body as { content: string }).content));

test('a 429 storm (route and global limits) delays posts but loses none, and keeps their order', async () => {
  h.fake.rest.failNext({
    method: 'POST',
    path: /^\/channels\/\d+\/messages$/,
    status: 429,
    times: 6,
    retryAfter: 0.03,
  });
  h.fake.rest.failNext({
    method: 'POST',
    path: /^\/channels\/\d+\/messages$/,
    status: 429,
    times: 2,
    retryAfter: 0.03,
    global: true,
  });
  const posted = await Promise.all(
    Array.from({ length: 12 }, (_, i) => h.adapter.transport.post(team, notice(`message ${i}`))),
  );
  expect(posted.every((p) => /^\d+$/.test(p.messageId))).toBe(true);
  expect(h.postsTo(team.channelId).filter((r) => r.status === 429)).toHaveLength(8);
  expect(delivered()).toEqual(Array.from({ length: 12 }, (_, i) => `ℹ️ message ${i}`));
});

test('a post that still fails (5xx) is kept in the journal and delivered later, oldest first, with later edits applied', async () => {
  h.fake.rest.failNext({
    method: 'POST',
    path: /^\/channels\/\d+\/messages$/,
    status: 502,
    times: 2,
  });
  const chat = durable(db, h.adapter.transport, 'A');
  const first = await chat.post(team, notice('alert v1'));
  expect(first.messageId).toMatch(/^key:/);
  const second = await chat.post(team, notice('second'));
  expect(second.messageId).toMatch(/^key:/);
  // The alert waits for its retry: the edit becomes its content.
  await chat.update(first, notice('alert v2'));
  const pass = worker(
    db,
    { discord: durable(db, h.adapter.transport, 'B', later(MINUTE)) },
    later(MINUTE),
  );
  await pass.pass();
  expect(delivered()).toEqual(['ℹ️ alert v2', 'ℹ️ second']);
  expect((await db.store.journal.figures(later(10 * MINUTE)())).pending).toBe(0);
  // Once delivered, the key still works for edits: they go to the real message.
  await chat.update(first, notice('alert v3'));
  const edit = h.fake.rest
    .find('PATCH', new RegExp(`^/channels/${team.channelId}/messages/\\d+$`))
    .at(-1)!;
  expect((edit.body as { content: string }).content).toBe('ℹ️ alert v3');
});

test('a reply to a message (auto-suggest) that still fails is kept in the journal and answers that message later', async () => {
  const support: Place = { platform: 'discord', channelId: h.fake.world.channels.support.id };
  h.fake.rest.failNext({
    method: 'POST',
    path: /^\/channels\/\d+\/messages$/,
    status: 503,
    times: 1,
  });
  const chat = durable(db, h.adapter.transport, 'A');
  const kept = await chat.reply!(support, '1234567890', notice('maybe this helps'));
  expect(kept.messageId).toMatch(/^key:/);
  const pass = worker(
    db,
    { discord: durable(db, h.adapter.transport, 'B', later(MINUTE)) },
    later(MINUTE),
  );
  await pass.pass();
  const [sent] = h
    .postsTo(support.channelId)
    .filter((r) => r.status === 200 && JSON.stringify(r.body).includes('maybe this helps'));
  expect(sent?.body).toMatchObject({ message_reference: { message_id: '1234567890' } });
  expect((await db.store.journal.figures(later(10 * MINUTE)())).pending).toBe(0);
});

test('a post Discord refuses for good (403) is reported to the caller, not retried forever', async () => {
  h.fake.rest.failNext({
    method: 'POST',
    path: /^\/channels\/\d+\/messages$/,
    status: 403,
    times: 1,
  });
  await expect(h.adapter.transport.post(team, notice('no access'))).rejects.toThrow();
  const chat = durable(db, h.adapter.transport, 'A');
  h.fake.rest.failNext({
    method: 'POST',
    path: /^\/channels\/\d+\/messages$/,
    status: 403,
    times: 1,
  });
  await expect(chat.post(team, notice('no access'))).rejects.toThrow();
  expect(await db.store.journal.figures(new Date())).toMatchObject({ pending: 0, refused: 1 });
});

test('whisper is an ephemeral follow-up on a live interaction token, otherwise a DM', async () => {
  const alice = h.fake.world.people.alice.id;
  const support: Place = { platform: 'discord', channelId: h.fake.world.channels.support.id };
  await h.adapter.transport.whisper(support, alice, notice('psst'));
  const dm = await h.fake.waitForRequest(
    (r) => r.method === 'POST' && r.path === '/users/@me/channels',
  );
  expect(dm.body).toEqual({ recipient_id: alice });
  expect(h.fake.rest.find('POST', /^\/channels\/9\d+\/messages$/)).toHaveLength(1);

  const { world, applicationId } = h.fake;
  const payload = slashCommand({
    world,
    applicationId,
    who: world.people.alice,
    channelId: support.channelId,
    name: 'case',
    options: [{ name: 'list', type: 1, options: [] }],
  });
  await h.interact(payload);
  await h.adapter.transport.whisper(support, alice, notice('only you can see this'));
  const followUp = await h.fake.waitForRequest(
    (r) => r.method === 'POST' && r.path === `/webhooks/${applicationId}/${payload.token}`,
  );
  expect(followUp.body).toMatchObject({
    content: 'ℹ️ only you can see this',
    flags: 64,
    allowed_mentions: { parse: [] },
  });
});

test('posting in the thread of a message that has none yet starts the thread, then posts', async () => {
  const { channels } = h.fake.world;
  const alert = await h.adapter.transport.post(team, notice('an alert'));
  const inThread: Place = {
    platform: 'discord',
    channelId: channels.team.id,
    threadId: alert.messageId,
  };
  await h.adapter.transport.post(inThread, notice('first words in the thread'));
  expect(
    h.fake.rest.find(
      'POST',
      new RegExp(`^/channels/${channels.team.id}/messages/${alert.messageId}/threads$`),
    ),
  ).toHaveLength(1);
  const posted = h.postsTo(alert.messageId).filter((r) => r.status === 200);
  expect(posted.map((r) => (r.body as { content: string }).content)).toEqual([
    'ℹ️ first words in the thread',
  ]);
  // Editing the thread's starter message goes to the parent channel, where it lives.
  await h.adapter.transport.update(
    { place: { ...inThread, messageId: alert.messageId }, messageId: alert.messageId },
    notice('edited'),
  );
  expect(
    h.fake.rest.find(
      'PATCH',
      new RegExp(`^/channels/${channels.team.id}/messages/${alert.messageId}$`),
    ),
  ).toHaveLength(1);
});

test('a whisper whose follow-up Discord refuses falls back to a DM', async () => {
  const { world, applicationId } = h.fake;
  const support: Place = { platform: 'discord', channelId: world.channels.support.id };
  const payload = slashCommand({
    world,
    applicationId,
    who: world.people.alice,
    channelId: support.channelId,
    name: 'queue',
  });
  await h.interact(payload);
  h.fake.rest.failNext({ method: 'POST', path: /^\/webhooks\//, status: 404, times: 1 });
  await h.adapter.transport.whisper(support, world.people.alice.id, notice('still reaches you'));
  const dm = await h.fake.waitForRequest(
    (r) => r.method === 'POST' && /^\/channels\/9\d+\/messages$/.test(r.path),
  );
  expect((dm.body as { content: string }).content).toBe('ℹ️ still reaches you');
});

test('a thread made before its sender died is found again as its own, not as another case’s of the same title', async () => {
  const transport = h.adapter.transport;
  const support: Place = { platform: 'discord', channelId: h.fake.world.channels.support.id };
  const request = (customer: 'alice' | 'bob') => ({
    customerUserId: h.fake.world.people[customer].id,
    near: support,
    title: 'Case: support',
    customerJoinsLater: true,
  });
  const since = new Date(Date.now() - 1_000);
  // Alice's form made its thread, then its process died; Bob's form of the same title made one after.
  const alices = await withMessageKey('discord:form:A#openPrivateSpace#1', () =>
    transport.openPrivateSpace(request('alice')),
  );
  await withMessageKey('discord:form:B#openPrivateSpace#1', () =>
    transport.openPrivateSpace(request('bob')),
  );
  const bobsRedo = await transport.findPrivateSpace!(
    request('bob'),
    since,
    'discord:form:B#openPrivateSpace#1',
  );
  expect(bobsRedo?.threadId).not.toBe(alices.threadId);
  const lost = await transport.findPrivateSpace!(
    request('bob'),
    since,
    'discord:form:C#openPrivateSpace#1',
  );
  expect(lost).toBeNull();
});
