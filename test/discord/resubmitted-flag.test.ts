// The flag dialog submitted twice (Discord showed "interaction failed" while the first submission
// was still at work, or its process died half-way, and the moderator pressed Submit again): the
// post moves once. One case, one alert, one note in the public thread, one private space, and the
// second answer names the case the first opened. Real discord.js against the fake Discord, the
// real core on SQLite posting through the message journal, as the app does.
import { expect, test } from 'vitest';
import { NEUTRAL_NOTE } from '../../src/core/conversation/flag.js';
import { message } from '../fakes/discord/payloads.js';
import { openFlagDialog, submitFlagDialog } from './flag-dialog.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { durableRealDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: durableRealDeskFor, cleanup: (desk) => desk.cleanup() });

const contentOf = (body: unknown) => String((body as { content?: string }).content ?? '');

test('the same flag dialog submitted twice moves the post once and answers the second with its case', async () => {
  const { world } = h.fake;
  const post = message({
    world,
    author: world.people.bob,
    channelId: world.channels.community.id,
    content: 'prod down since the upgrade, here is my API key abc123',
  });
  const dialog = await openFlagDialog(h, 'mod', world.channels.community.id, post);
  expect(dialog.callbackType).toBe(9);
  const first = await submitFlagDialog(h, 'mod', world.channels.community.id, dialog);
  const again = await submitFlagDialog(h, 'mod', world.channels.community.id, dialog);

  const cases = await h.desk.store.cases.list({});
  expect(cases).toHaveLength(1);
  const reference = cases[0]!.reference;
  expect(contentOf(first.data)).toContain(reference);
  expect(contentOf(again.data)).toContain(reference);
  await waitFor(() => h.postsTo(post.id).find((r) => r.status === 200));
  const notes = h
    .postsTo(post.id)
    .filter((r) => r.status === 200 && contentOf(r.body).includes(NEUTRAL_NOTE));
  expect(notes).toHaveLength(1);
  const alerts = h.fake.rest
    .find('POST', new RegExp(`^/channels/${world.channels.team.id}/messages$`))
    .filter((call) => JSON.stringify(call.body).includes(reference));
  expect(alerts).toHaveLength(1);
  // The author's private space: one thread opened for them, not one per submission.
  const privateThreads = h.fake.rest
    .find('POST', /^\/channels\/\d+\/threads$/)
    .filter((call) => call.status === 201 || call.status === 200);
  expect(privateThreads).toHaveLength(1);
});

test('the dialog submitted twice at the same moment (two presses of Submit): the post moves once and both are answered with its case', async () => {
  const { world } = h.fake;
  const community = world.channels.community.id;
  const post = message({
    world,
    author: world.people.bob,
    channelId: community,
    content: 'prod down since the upgrade, here is my API key abc123',
  });
  const dialog = await openFlagDialog(h, 'mod', community, post);
  expect(dialog.callbackType).toBe(9);
  const answers = await Promise.all([
    submitFlagDialog(h, 'mod', community, dialog),
    submitFlagDialog(h, 'mod', community, dialog),
  ]);

  const cases = await h.desk.store.cases.list({});
  expect(cases).toHaveLength(1);
  for (const answer of answers) expect(contentOf(answer.data)).toContain(cases[0]!.reference);
  const alerts = h.fake.rest
    .find('POST', new RegExp(`^/channels/${world.channels.team.id}/messages$`))
    .filter((call) => JSON.stringify(call.body).includes(cases[0]!.reference));
  expect(alerts).toHaveLength(1);
});
