// Flag for private support on the real core, for an author casebot has never met: their org is
// found from the flagged message itself (the author's roles, fetched when the member is not in
// discord.js's cache), as it would be had they asked a question.
import { expect, test } from 'vitest';
import { message } from '../fakes/discord/payloads.js';
import { flagThroughDialog } from './flag-dialog.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

/** Alice (Acme by the `acme-customers` role only) posts in #community; Discord sends no member. */
function alicePost(content: string) {
  const { world } = h.fake;
  const { member: _member, ...post } = message({
    world,
    author: world.people.alice,
    channelId: world.channels.community.id,
    content,
  });
  return post;
}

test('a flagged author known only by their org role gets a case for that org', async () => {
  const { world } = h.fake;
  const post = alicePost('prod cluster down since 10:00, all shards red');
  const answer = await flagThroughDialog(h, 'mod', world.channels.community.id, post);
  expect(String(answer.data['content'])).toMatch(/opened for/);
  const fetched = h.fake.rest.find(
    'GET',
    new RegExp(`^/guilds/${world.guildId}/members/${world.people.alice.id}$`),
  );
  expect(fetched.length).toBeGreaterThan(0);
  const cases = await h.desk.store.cases.list({});
  expect(cases).toHaveLength(1);
  const org = await h.desk.store.directory.orgById(cases[0]!.orgId);
  expect(org?.slug).toBe('acme');
  await waitFor(() => h.postsTo(world.channels.team.id)[0]);
});
