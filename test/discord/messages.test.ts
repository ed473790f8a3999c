import { afterEach, expect, test } from 'vitest';
import { message, thread } from '../fakes/discord/payloads.js';
import { startHarness, waitFor, type Harness } from './harness.js';
import { recordingDeskFor } from './helpers.js';
import type { RecordingDesk } from './recording-desk.js';

let h: Harness<RecordingDesk>;
afterEach(async () => {
  await h.stop();
});

test('a plain message in a support channel is answered with suggestions, as a reply', async () => {
  h = await startHarness({ makeDesk: recordingDeskFor });
  const { world } = h.fake;
  const question = message({
    world,
    author: world.people.alice,
    channelId: world.channels.support.id,
    content: 'How do I restart ingest?',
  });
  h.fake.dispatch('MESSAGE_CREATE', question);
  const reply = await waitFor(() => h.postsTo(world.channels.support.id)[0]);
  expect(reply.body).toMatchObject({
    message_reference: { message_id: question.id },
    allowed_mentions: { parse: [] },
  });
  expect((reply.body as { embeds: { title: string }[] }).embeds[0]!.title).toBe(
    'These articles may help',
  );
});

test('a new post in a support forum gets the suggestions as its first answer', async () => {
  h = await startHarness({ makeDesk: recordingDeskFor });
  const { world } = h.fake;
  const post = thread({
    world,
    parentId: world.channels.forum.id,
    name: 'Kibana blank after login',
    ownerId: world.people.alice.id,
  });
  h.fake.dispatch('THREAD_CREATE', post);
  h.fake.dispatch(
    'MESSAGE_CREATE',
    message({
      world,
      author: world.people.alice,
      channelId: post.id,
      content: 'Kibana shows a blank page after login',
      id: post.id,
    }),
  );
  const answer = await waitFor(() => h.postsTo(post.id)[0]);
  expect((answer.body as { embeds: unknown[] }).embeds).toHaveLength(1);
  expect(h.desk.calls.find((c) => c.method === 'ask')?.args[0]).toMatchObject({
    place: { channelId: world.channels.forum.id, threadId: post.id },
  });
});

test('with auto-suggest off, plain messages are left alone (and bots are always ignored)', async () => {
  h = await startHarness({ makeDesk: recordingDeskFor, config: { autoSuggest: false } });
  const { world } = h.fake;
  h.fake.dispatch(
    'MESSAGE_CREATE',
    message({
      world,
      author: world.people.alice,
      channelId: world.channels.support.id,
      content: 'hello?',
    }),
  );
  h.fake.dispatch(
    'MESSAGE_CREATE',
    message({
      world,
      author: world.people.bot,
      channelId: world.channels.support.id,
      content: 'I am the bot',
    }),
  );
  const marker = thread({
    world,
    parentId: world.channels.support.id,
    name: 'marker',
    ownerId: world.people.alice.id,
  });
  h.fake.dispatch('THREAD_CREATE', marker);
  h.fake.dispatch(
    'MESSAGE_CREATE',
    message({ world, author: world.people.alice, channelId: marker.id, content: 'in a thread' }),
  );
  // The thread message reaches the core (relay is on), which proves the earlier ones were seen first.
  await waitFor(() => h.desk.calls.find((c) => c.method === 'message'));
  expect(h.desk.calls.map((c) => c.method)).toEqual(['message']);
  expect(h.fake.rest.find('POST', /\/messages$/)).toHaveLength(0);
});
