// One public post flagged through two dialogs (the shortcut used twice, or by two moderators at
// once): the post moves once. One case, one note in the public thread, one alert, one welcome in
// the author's private space; each dialog is answered with that case. A dialog refused first (a
// forged severity) does not take the answer of the one that then moves the post.
// The real core and the real Bolt against the fake Slack, posting through the message journal.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CONNECT, type ConnectWorld } from './connect-world.js';
import { openFlagDialog, submitFlagDialog } from './flag-dialog.js';
import type { SlackHarness } from './harness.js';
import { MODERATOR, startModeratedConnect } from './moderated-connect.js';
import { visibleText } from './slack-calls.js';
import { after, nextTs } from './story-world.js';

const COMMUNITY = 'CCOMMUNITY';
const POST_TEXT = 'Our prod cluster is down since 10:00, licence key LIC-9F3A-77QX';

let world: ConnectWorld;
let h: SlackHarness;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ world, h, close } = await startModeratedConnect({ durable: true }));
});
afterEach(() => close());

it('a post flagged through two dialogs moves once: one case, one note, one alert, one welcome, each dialog answered', async () => {
  const open = openerFor(bobPost());
  const first = await open();
  const second = await open();
  expect(first).not.toBeNull();
  expect(second).not.toBeNull();
  const since = after(h);
  await submitFlagDialog(h, MODERATOR, first!, { severity: '2' });
  await submitFlagDialog(h, MODERATOR, second!, { severity: '3' });

  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect(cases[0]!.severity).toBe(2);
  const reference = cases[0]!.reference;
  const posts = since('chat.postMessage');
  const to = (channel: string) => posts.filter((call) => call.args.channel === channel);
  expect(to(COMMUNITY)).toHaveLength(1);
  expect(
    to(CONNECT.teamChannel).filter((call) => visibleText(call).includes(reference)),
  ).toHaveLength(1);
  const welcomes = posts.filter((call) => visibleText(call).includes('moved your post here'));
  expect(welcomes).toHaveLength(1);
  const told = toldModerator(since);
  expect(told).toHaveLength(2);
  for (const answer of told) expect(answer).toContain(reference);
});

it('two dialogs for one post submitted at the same moment: the post moves once and both dialogs are told its case', async () => {
  const open = openerFor(bobPost());
  const first = await open();
  const second = await open();
  const since = after(h);
  await Promise.all([
    submitFlagDialog(h, MODERATOR, first!, { severity: '2' }),
    submitFlagDialog(h, MODERATOR, second!, { severity: '2' }),
  ]);

  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  const reference = cases[0]!.reference;
  const posts = since('chat.postMessage');
  expect(posts.filter((call) => call.args.channel === COMMUNITY)).toHaveLength(1);
  expect(posts.filter((call) => visibleText(call).includes('moved your post here'))).toHaveLength(
    1,
  );
  const told = toldModerator(since);
  expect(told).toHaveLength(2);
  for (const answer of told) expect(answer).toContain(reference);
});

it('a dialog refused first, then another that moves the post: the moderator is told both', async () => {
  const open = openerFor(bobPost());
  const refused = await open();
  const since = after(h);
  await submitFlagDialog(h, MODERATOR, refused!, { severity: '4' });
  expect(toldModerator(since)).toEqual([expect.stringMatching(/cannot open severity 4/)]);

  await submitFlagDialog(h, MODERATOR, (await open())!, { severity: '2' });
  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  const told = toldModerator(since);
  expect(told).toHaveLength(2);
  expect(told[1]).toContain(cases[0]!.reference);
});

function bobPost() {
  return { ts: nextTs(), user: CONNECT.bob.id, user_team: CONNECT.bob.teamId, text: POST_TEXT };
}

function openerFor(post: ReturnType<typeof bobPost>) {
  return () => openFlagDialog(h, { user: MODERATOR, channel: COMMUNITY, message: post });
}

/** What the moderator was told privately, one text per answer. */
function toldModerator(since: ReturnType<typeof after>): string[] {
  return since('chat.postEphemeral')
    .filter((call) => call.args.user === MODERATOR.id)
    .map((call) => visibleText(call));
}
