// Flag for private support from Discord with the moderator's dialog, on the real core and the real
// discord.js against the fake: the modal offers the severities of the author's tier and the removal
// of the public post; the flag runs with those choices; the post's text stays on the case.
import { expect, test } from 'vitest';
import { message } from '../fakes/discord/payloads.js';
import { modalSelects, openFlagDialog, submitFlagDialog } from './flag-dialog.js';
import { harnessForEachTest } from './harness.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

const SECRET_POST = 'prod cluster down since 10:00, our licence key is LIC-9F3A-77QX';

/** Alice (Acme, a Gold org: severities 1 to 3) posts in #community. */
function alicePost() {
  const { world } = h.fake;
  return message({
    world,
    author: world.people.alice,
    channelId: world.channels.community.id,
    content: SECRET_POST,
  });
}

const content = (answer: { data: Record<string, unknown> }) => String(answer.data['content'] ?? '');
const deletes = (channelId: string, messageId: string) =>
  h.fake.rest.find('DELETE', new RegExp(`^/channels/${channelId}/messages/${messageId}$`));

test('the moderator picks severity 2 and removal: the case has severity 2, the post is deleted, its text is on the case', async () => {
  const community = h.fake.world.channels.community.id;
  const post = alicePost();
  const modal = await openFlagDialog(h, 'mod', community, post);
  expect(modal.callbackType).toBe(9);
  const selects = modalSelects(modal);
  expect(selects['remove']?.values).toEqual(['no', 'yes']);

  const answer = await submitFlagDialog(h, 'mod', community, modal, {
    severity: '2',
    remove: true,
  });
  expect(answer.ephemeral).toBe(true);
  expect(content(answer)).toMatch(/opened for/);
  expect(content(answer)).toMatch(/original post was removed/);
  expect(deletes(community, post.id)).toHaveLength(1);
  const cases = await h.desk.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect(cases[0]!.severity).toBe(2);
  expect(cases[0]!.situation).toBe(SECRET_POST);
  const events = await h.desk.store.events.forCase(cases[0]!.id);
  expect(events.find((e) => e.kind === 'flagged')?.data).toMatchObject({ text: SECRET_POST });
});

test('a severity the author’s tier cannot open is not offered, and refused when forced', async () => {
  const community = h.fake.world.channels.community.id;
  const post = alicePost();
  const modal = await openFlagDialog(h, 'mod', community, post);
  const severity = modalSelects(modal)['severity'];
  // Gold: 1 to 3, the policy's default (3) preselected; never 4 (Developer support).
  expect(severity?.values).toEqual(['1', '2', '3']);
  expect(severity?.chosen).toBe('3');

  const forced = await submitFlagDialog(h, 'mod', community, modal, {
    severity: '4',
    remove: true,
  });
  expect(content(forced)).toMatch(/cannot open severity 4/);
  // Refused before anything moved: no case, the post stays, no note in public.
  expect(await h.desk.store.cases.list({})).toHaveLength(0);
  expect(deletes(community, post.id)).toHaveLength(0);
  expect(h.postsTo(post.id).filter((r) => r.status === 200)).toHaveLength(0);
});

test('without Manage Messages the moderator is told which permission is missing, and the case still opens', async () => {
  const community = h.fake.world.channels.community.id;
  const post = alicePost();
  h.fake.rest.failNext({ method: 'DELETE', path: /\/messages\//, status: 403, times: 1 });
  const modal = await openFlagDialog(h, 'mod', community, post);
  const answer = await submitFlagDialog(h, 'mod', community, modal, { remove: true });
  expect(content(answer)).toMatch(/opened for/);
  expect(content(answer)).toMatch(/could not be removed: .*Manage Messages/);
  const cases = await h.desk.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect(cases[0]!.situation).toBe(SECRET_POST);
});

test('a moderator who keeps the post: nothing is deleted, the default severity is used', async () => {
  const community = h.fake.world.channels.community.id;
  const post = alicePost();
  const modal = await openFlagDialog(h, 'mod', community, post);
  const answer = await submitFlagDialog(h, 'mod', community, modal, { remove: false });
  expect(content(answer)).toMatch(/opened for/);
  expect(deletes(community, post.id)).toHaveLength(0);
  const cases = await h.desk.store.cases.list({});
  expect(cases[0]!.severity).toBe(3);
});
