// CSAT in Slack on the real core and the real Bolt: the resolution notice carries 1–5 buttons, a
// click records the rating and tells the team's thread, the same click delivered twice records
// and answers once (its work key: the trigger id, the message journal), a second click or someone else's is refused privately, a
// click on an earlier resolution is refused, and the comment modal adds a comment, defused.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACTION_IDS, CALLBACK_IDS } from '../../src/adapters/slack/ids.js';
import { stopApp } from '../../src/app/create-app.js';
import type { Actor } from '../../src/core/conversation/desk.js';
import type { RecordedCall } from '../fakes/slack/fake-slack.js';
import {
  blockAction,
  sendInteraction,
  textValue,
  viewSubmission,
  type SlackUser,
} from '../fakes/slack/signed-requests.js';
import { asTheAppRuns, buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { button, buttons, visibleText } from './slack-calls.js';
import { after, nextTs } from './story-world.js';

let world: ConnectWorld;
let h: SlackHarness;
beforeEach(async () => {
  world = await buildConnectWorld();
  const ports = world.ports;
  h = await startHttpHarness({
    desk: world.parts.desk,
    supportChannelIds: [CONNECT.supportChannel],
    ...asTheAppRuns(world),
    bindChat: (a) => (ports.slack = a.chat),
  });
  for (const user of [CONNECT.bob, CONNECT.engineer]) h.fake.addUser(user.id, user.name);
});
afterEach(async () => {
  await h.close();
  await stopApp(world.parts);
  rmSync(world.dir, { recursive: true, force: true });
});

const actorOf = (user: SlackUser): Actor => ({
  platform: 'slack',
  userId: user.id,
  displayName: user.name,
  workspaceId: user.teamId ?? null,
});

/** Bob's case, claimed and resolved by Sam: the notice Bob got in his thread. */
async function resolvedCase(): Promise<{ notice: RecordedCall; askTs: string; reference: string }> {
  const askTs = nextTs();
  const desk = world.parts.desk;
  const confirmation = await desk.submitCase(
    actorOf(CONNECT.bob),
    { platform: 'slack', channelId: CONNECT.supportChannel, threadId: askTs, messageId: null },
    {
      title: 'Agent stopped reporting',
      situation: 'No data since the upgrade',
      severity: '3',
      seriousness: 'Annoying',
      product: world.product,
      type: 'bug',
    },
  );
  if (confirmation.kind !== 'case-confirmation') throw new Error(JSON.stringify(confirmation));
  const reference = confirmation.caseReference;
  const since = after(h);
  expect((await desk.act(actorOf(CONNECT.engineer), reference, 'claim')).tone).toBe('success');
  expect((await desk.act(actorOf(CONNECT.engineer), reference, 'resolve')).tone).toBe('success');
  const notice = since('chat.postMessage').find(
    (c) => c.args.channel === CONNECT.supportChannel && buttons(c).length > 1,
  );
  if (!notice) throw new Error('no resolution notice with buttons');
  return { notice, askTs, reference };
}

let trigger = 0;
function click(
  user: SlackUser,
  askTs: string,
  actionId: string,
  value: string,
  triggerId?: string,
) {
  const payload = blockAction({
    user,
    channel: CONNECT.supportChannel,
    message: { ts: nextTs(), thread_ts: askTs },
    actionId,
    value,
  });
  payload.trigger_id = triggerId ?? `trig-rate-${++trigger}`;
  return { payload, send: () => sendInteraction(h.target, payload) };
}

const toTeam = (calls: RecordedCall[]) =>
  calls.filter((c) => c.args.channel === CONNECT.teamChannel).map((c) => visibleText(c));
const whisperedTo = (calls: RecordedCall[], user: SlackUser) =>
  calls
    .filter((c) => c.args.user === user.id)
    .map((c) => visibleText(c))
    .join('\n');

it('asks with five buttons, records one rating per click work, and tells the team', async () => {
  const { notice, askTs, reference } = await resolvedCase();
  expect(visibleText(notice)).toContain('How did we do? Rate it from 1 (poor) to 5 (excellent).');
  const rateIds = buttons(notice)
    .map((b) => b.action_id)
    .filter((id) => id.startsWith('casebot_rate_'));
  expect(rateIds).toEqual([
    ACTION_IDS.rate1,
    ACTION_IDS.rate2,
    ACTION_IDS.rate3,
    ACTION_IDS.rate4,
    ACTION_IDS.rate5,
  ]);
  const value = button(notice, ACTION_IDS.rate4).value;

  // Sam (not the requester) presses a score: refused privately, nothing recorded.
  let since = after(h);
  await click(CONNECT.engineer, askTs, ACTION_IDS.rate5, value).send();
  expect(whisperedTo(since('chat.postEphemeral'), CONNECT.engineer)).toMatch(
    new RegExp(`Only the person who opened ${reference} can rate it`),
  );

  // Bob presses 4; Slack delivers the same click twice (same trigger id): one rating, one post.
  since = after(h);
  const sinceFirst = since;
  const first = click(CONNECT.bob, askTs, ACTION_IDS.rate4, value);
  await first.send();
  await first.send();
  expect(whisperedTo(since('chat.postEphemeral'), CONNECT.bob)).toContain(
    `Thank you: you rated ${reference} 4/5.`,
  );
  expect(toTeam(since('chat.postMessage'))).toEqual([
    expect.stringContaining(`Bob (customer) rated ${reference} 4/5 ★★★★☆.`),
  ]);
  const supportCase = await world.parts.store.cases.byReference(reference);
  expect(await world.parts.store.ratings.forResolution(supportCase!.id, 1)).toMatchObject({
    score: 4,
    comment: null,
  });

  // A second click (new trigger): refused politely, the rating stays 4.
  since = after(h);
  await click(CONNECT.bob, askTs, ACTION_IDS.rate1, value).send();
  expect(whisperedTo(since('chat.postEphemeral'), CONNECT.bob)).toContain(
    `You already rated ${reference} 4/5: thank you! One rating per resolution.`,
  );
  expect(toTeam(since('chat.postMessage'))).toEqual([]);
  // The duplicate delivery answered nothing: one thanks, and one refusal (the new click's).
  const toBob = sinceFirst('chat.postEphemeral').filter((c) => c.args.user === CONNECT.bob.id);
  expect(toBob.map((c) => visibleText(c).includes('Thank you: you rated'))).toEqual([true, false]);

  // A stale button of an earlier resolution (crafted: resolution 7): refused as closed.
  since = after(h);
  const stale = value.replace('|1|', '|7|');
  await click(CONNECT.bob, askTs, ACTION_IDS.rate2, stale).send();
  expect(whisperedTo(since('chat.postEphemeral'), CONNECT.bob)).toMatch(
    /an earlier resolution of .* which was reopened since/,
  );
  expect(await world.parts.store.ratings.forResolution(supportCase!.id, 1)).toMatchObject({
    score: 4,
  });
});

it('adds a comment through the modal, defused for the team thread', async () => {
  const { notice, askTs, reference } = await resolvedCase();
  const value = button(notice, ACTION_IDS.rate5).value;
  let since = after(h);
  await click(CONNECT.bob, askTs, ACTION_IDS.rate5, value).send();
  // The thanks offers the comment form.
  const thanks = since('chat.postEphemeral').find((c) => c.args.user === CONNECT.bob.id);
  const commentButton = button(thanks!, ACTION_IDS.rateComment);

  since = after(h);
  await click(CONNECT.bob, askTs, ACTION_IDS.rateComment, commentButton.value).send();
  const [opened] = since('views.open');
  const modal = opened!.args.view as Record<string, unknown>;
  expect(modal.callback_id).toBe(CALLBACK_IDS.ratingComment);
  expect(visibleText(opened!)).toContain(reference);

  // An empty comment is refused inline by the modal.
  const empty = await sendInteraction(
    h.target,
    viewSubmission({
      user: CONNECT.bob,
      view: modal,
      values: { casebot_rating_comment_block: { comment: textValue('   ').value! } },
    }),
  );
  expect(empty.json?.response_action).toBe('errors');

  since = after(h);
  const comment = 'Fast fix @channel <!everyone> *thanks* <https://evil.example|click>';
  await sendInteraction(
    h.target,
    viewSubmission({
      user: CONNECT.bob,
      view: modal,
      values: { casebot_rating_comment_block: { comment: textValue(comment).value! } },
    }),
  );
  expect(whisperedTo(since('chat.postEphemeral'), CONNECT.bob)).toContain(
    `Thank you: your comment on ${reference} was passed on to the team.`,
  );
  const [teamPost] = since('chat.postMessage').filter(
    (c) => c.args.channel === CONNECT.teamChannel,
  );
  const posted = JSON.stringify(teamPost!.args);
  expect(visibleText(teamPost!)).toContain(
    `Bob (customer) commented on their 5/5 rating of ${reference}`,
  );
  // No broadcast, no link, no markup survives: entities and a zero-width joiner.
  expect(posted).not.toContain('<!everyone>');
  expect(posted).not.toContain('<https://evil.example');
  expect(posted).not.toMatch(/@channel/);
  expect(visibleText(teamPost!)).toContain('&lt;!everyone&gt;');
  const supportCase = await world.parts.store.cases.byReference(reference);
  expect(await world.parts.store.ratings.forResolution(supportCase!.id, 1)).toMatchObject({
    score: 5,
    comment,
  });
});
