// Flag for private support, with the real core: the public thread the conversation was in gets the
// neutral note and is then locked; a top-level message's channel is never locked.
import { expect, test } from 'vitest';
import { NEUTRAL_NOTE } from '../../src/core/conversation/flag.js';
import { message, thread } from '../fakes/discord/payloads.js';
import { flagThroughDialog } from './flag-dialog.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

const contentOf = (body: unknown) => String((body as { content?: string }).content ?? '');

async function flag(channelId: string, target: Record<string, unknown>) {
  return flagThroughDialog(h, 'mod', channelId, target);
}

test('a flagged message in a public thread: the thread gets the neutral note, then is locked', async () => {
  const { world } = h.fake;
  const publicThread = thread({
    world,
    parentId: world.channels.community.id,
    name: 'prod is down',
    ownerId: world.people.bob.id,
  });
  h.fake.dispatch('THREAD_CREATE', publicThread);
  await waitFor(() => h.adapter.client.channels.cache.has(publicThread.id));
  const post = message({
    world,
    author: world.people.bob,
    channelId: publicThread.id,
    content: 'prod down, here is my API key abc123',
  });
  const answer = await flag(publicThread.id, post);
  expect(String(answer.data['content'])).toMatch(/^✅/);

  const lock = await waitFor(
    () => h.fake.rest.find('PATCH', new RegExp(`^/channels/${publicThread.id}$`))[0],
  );
  expect(lock.body).toEqual({ locked: true });
  expect(lock.status).toBe(200);
  // The note went in first (people see why the thread closed), and only the note.
  const posts = h.postsTo(publicThread.id).filter((r) => r.status === 200);
  expect(posts.map((r) => contentOf(r.body))).toEqual([expect.stringContaining(NEUTRAL_NOTE)]);
  expect(posts[0]!.at).toBeLessThanOrEqual(lock.at);
  // The parent channel is left alone.
  expect(
    h.fake.rest.find('PATCH', new RegExp(`^/channels/${world.channels.community.id}$`)),
  ).toEqual([]);
});

test('a flagged top-level message: the note goes in a thread under it, and no channel is locked', async () => {
  const { world } = h.fake;
  const post = message({
    world,
    author: world.people.bob,
    channelId: world.channels.community.id,
    content: 'prod down, here is my API key abc123',
  });
  const answer = await flag(world.channels.community.id, post);
  expect(String(answer.data['content'])).toMatch(/^✅/);
  const note = await waitFor(() => h.postsTo(post.id).find((r) => r.status === 200));
  expect(contentOf(note.body)).toContain(NEUTRAL_NOTE);
  expect(h.fake.rest.find('PATCH', /^\/channels\/\d+$/)).toEqual([]);
});

test('a flagged top-level message: its thread is opened before the note is posted (no 404 first)', async () => {
  const { world } = h.fake;
  const post = message({
    world,
    author: world.people.bob,
    channelId: world.channels.community.id,
    content: 'prod down, here is my API key abc123',
  });
  const answer = await flag(world.channels.community.id, post);
  expect(String(answer.data['content'])).toMatch(/^✅/);
  const note = await waitFor(() => h.postsTo(post.id).find((r) => r.status === 200));
  const opened = h.fake.rest.find(
    'POST',
    new RegExp(`^/channels/${world.channels.community.id}/messages/${post.id}/threads$`),
  );
  expect(opened).toHaveLength(1);
  expect(opened[0]!.at).toBeLessThanOrEqual(note.at);
  expect(h.postsTo(post.id).map((r) => r.status)).toEqual([200]);
  expect(contentOf(note.body)).toContain(NEUTRAL_NOTE);
});
