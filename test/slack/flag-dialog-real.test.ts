// Flag for private support from Slack with the moderator's dialog, on the real core and the real
// Bolt against the fake Slack: the modal offers the severities of the author's tier and the removal
// of the public post; the flag runs with those choices; the post's text stays on the case.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { slackWorkOf } from '../../src/adapters/slack/work-keys.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import { optionValue, sendInteraction, viewSubmission } from '../fakes/slack/signed-requests.js';
import { CONNECT, type ConnectWorld } from './connect-world.js';
import { dialogChoices, openFlagDialog, submitFlagDialog } from './flag-dialog.js';
import type { SlackHarness } from './harness.js';
import { MODERATOR, startModeratedConnect } from './moderated-connect.js';
import { visibleText } from './slack-calls.js';
import { after, nextTs } from './story-world.js';

const COMMUNITY = 'CCOMMUNITY';
const SECRET_POST = 'Our prod cluster is down since 10:00, licence key LIC-9F3A-77QX';

let world: ConnectWorld;
let h: SlackHarness;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ world, h, close } = await startModeratedConnect());
});
afterEach(() => close());

/** Bob's public post (Globex, a Platinum org: severities 1 to 3), as the shortcut carries it. */
function bobPost(text = SECRET_POST) {
  return { ts: nextTs(), user: CONNECT.bob.id, user_team: CONNECT.bob.teamId, text };
}

async function dialogFor(post: ReturnType<typeof bobPost>) {
  const view = await openFlagDialog(h, { user: MODERATOR, channel: COMMUNITY, message: post });
  expect(view, 'the flag dialog').not.toBeNull();
  return view!;
}

/** What the moderator was told, privately (an ephemeral, or a DM when that fails). */
function toldModerator(since: (method: string) => { args: Record<string, unknown> }[]) {
  return [...since('chat.postEphemeral'), ...since('chat.postMessage')]
    .filter((c) => c.args.user === MODERATOR.id || String(c.args.channel).startsWith('D'))
    .map((c) => visibleText(c))
    .join('\n');
}

it('the moderator picks severity 2 and removal: the case has severity 2, the post is deleted, its text is on the case', async () => {
  const post = bobPost();
  const view = await dialogFor(post);
  expect(dialogChoices(view)['remove']?.values).toEqual(['no', 'yes']);
  const since = after(h);
  await submitFlagDialog(h, MODERATOR, view, { severity: '2', remove: true });

  expect(since('chat.delete').map((c) => c.args)).toEqual([{ channel: COMMUNITY, ts: post.ts }]);
  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect(cases[0]!.severity).toBe(2);
  expect(cases[0]!.situation).toBe(SECRET_POST);
  const told = toldModerator(since);
  expect(told).toMatch(/opened for Bob/);
  expect(told).toMatch(/original post was removed/);
});

it('a severity the author’s tier cannot open is not offered, and refused when forced', async () => {
  const post = bobPost();
  const view = await dialogFor(post);
  const severity = dialogChoices(view)['severity'];
  expect(severity?.values).toEqual(['1', '2', '3']);
  expect(severity?.chosen).toBe('3');

  const since = after(h);
  await submitFlagDialog(h, MODERATOR, view, { severity: '4', remove: true });
  expect(toldModerator(since)).toMatch(/cannot open severity 4/);
  // Refused before anything moved: no case, the post stays, nothing in public.
  expect(await world.parts.store.cases.list({})).toHaveLength(0);
  expect(since('chat.delete')).toHaveLength(0);
  expect(since('chat.postMessage').filter((c) => c.args.channel === COMMUNITY)).toHaveLength(0);
});

it('when Slack refuses to delete a member’s post the moderator is told what to do, and the case still opens', async () => {
  h.fake.respond('chat.delete', () => ({ ok: false, error: 'cant_delete_message' }));
  const view = await dialogFor(bobPost());
  const since = after(h);
  await submitFlagDialog(h, MODERATOR, view, { remove: true });
  const told = toldModerator(since);
  expect(told).toMatch(/opened for Bob/);
  expect(told).toMatch(/could not be removed: .*Delete it/);
  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect(cases[0]!.situation).toBe(SECRET_POST);
});

it('a post too long for the dialog’s metadata still reaches the case whole', async () => {
  const long = `${SECRET_POST}\n${'stack frame at Worker.run (worker.js:42)\n'.repeat(120)}`;
  expect(long.length).toBeGreaterThan(3000);
  const view = await dialogFor(bobPost(long));
  expect(String(view.private_metadata).length).toBeLessThanOrEqual(3000);
  await submitFlagDialog(h, MODERATOR, view);
  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect(cases[0]!.situation).toBe(long.trim());
});

it('a long post’s flag redone after a crash, its text gone with the dialog, finishes on the case its first run opened', async () => {
  const long = `${SECRET_POST}\n${'stack frame at Worker.run (worker.js:42)\n'.repeat(120)}`;
  const view = await dialogFor(bobPost(long));
  const body = viewSubmission({
    user: MODERATOR,
    view,
    values: {
      severity: optionValue('2', 'radio_buttons'),
      remove: optionValue('no', 'radio_buttons'),
    },
  });
  await sendInteraction(h.target, body);
  expect(await world.parts.store.cases.list({})).toHaveLength(1);
  // The delivery worker redoes the same submission (the dialog's text is no longer held).
  const since = after(h);
  const work = slackWorkOf(body)!.key;
  await withWork(work, () => h.adapter.replay(JSON.stringify(body)), { redo: true });
  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  const told = toldModerator(since);
  expect(told).toContain(cases[0]!.reference);
  expect(told).not.toMatch(/expired/);
});
