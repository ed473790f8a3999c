// The team's half of the Slack story: the claim race, relay both ways with internal notes, SLA
// warning and breach, a 429 storm during relay, and resolution.
import { expect } from 'vitest';
import { ACTION_IDS } from '../../src/adapters/slack/index.js';
import {
  blockAction,
  sendEvent,
  sendInteraction,
  type SlackUser,
} from '../fakes/slack/signed-requests.js';
import type { SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { after, asUser, nextTs, type OpenedCase, type StoryWorld } from './story-world.js';

/** SlackApi's default attempts per call; a storm this long reaches the message journal. */
const IN_CALL_ATTEMPTS = 4;

export async function teamWorksCase(
  world: StoryWorld,
  h: SlackHarness,
  opened: OpenedCase,
): Promise<SlackUser> {
  const { users, channels } = world;
  const t = h.target;
  const { askTs, alertTs } = opened;
  const claim = { value: opened.claimValue };
  let since = after(h);

  // 7. Two engineers claim at once: one update shows the owner; the loser is told who has it.
  since = after(h);
  const press = (u: SlackUser) =>
    sendInteraction(
      t,
      blockAction({
        user: u,
        channel: channels.team,
        message: { ts: alertTs },
        actionId: ACTION_IDS.claim,
        value: claim.value,
      }),
    );
  await Promise.all([press(users.engineerA), press(users.engineerB)]);
  const updates = since('chat.update').filter((c) => c.args.ts === alertTs);
  expect(updates.length).toBeGreaterThanOrEqual(1);
  const updated = visibleText(updates.at(-1)!);
  const winner = [users.engineerA, users.engineerB].find((u) => updated.includes(u.name));
  expect(winner, 'the alert names its owner').toBeDefined();
  const loser = winner === users.engineerA ? users.engineerB : users.engineerA;
  const loserNote = since('chat.postEphemeral').find((c) => c.args.user === loser.id);
  expect(loserNote && visibleText(loserNote)).toContain(winner!.name);

  // 8. SLA warning then breach (the first response is still due): posted to the team with real pings, the alert updated.
  since = after(h);
  await world.advanceSla('warning');
  const warning = since('chat.postMessage').find(
    (c) => c.args.channel === channels.team && /target|SLA/i.test(visibleText(c)),
  );
  expect(warning && visibleText(warning)).toContain(`<@${winner!.id}>`);
  since = after(h);
  await world.advanceSla('breach');
  const breach = since('chat.postMessage').find(
    (c) => c.args.channel === channels.team && /breach/i.test(visibleText(c)),
  );
  expect(breach).toBeDefined();
  if (world.validCase.severity === '1')
    expect(visibleText(breach!)).toContain(`<!subteam^${world.onCallGroupId}>`);
  expect(since('chat.update').some((c) => c.args.ts === alertTs)).toBe(true);
  // 9. Relay: engineer → customer, internal notes stay internal, customer → engineers.
  since = after(h);
  await sendEvent(t, {
    type: 'message',
    channel: channels.team,
    channel_type: 'channel',
    ...asUser(winner!),
    text: 'Looking at your shards now',
    ts: nextTs(),
    thread_ts: alertTs,
  });
  await sendEvent(t, {
    type: 'message',
    channel: channels.team,
    channel_type: 'channel',
    ...asUser(winner!),
    text: '// probably the disk watermark',
    ts: nextTs(),
    thread_ts: alertTs,
  });
  const toCustomer = since('chat.postMessage').filter(
    (c) => c.args.channel === channels.support && c.args.thread_ts === askTs,
  );
  expect(toCustomer.map(visibleText).join('\n')).toContain('Looking at your shards now');
  // Who said it travels with the text.
  expect(toCustomer.map(visibleText).join('\n')).toContain(winner!.name);
  expect(
    h.fake.calls
      .filter((c) => c.args.channel === channels.support)
      .map(visibleText)
      .join('\n'),
  ).not.toContain('disk watermark');
  since = after(h);
  await sendEvent(t, {
    type: 'message',
    channel: channels.support,
    channel_type: 'channel',
    ...asUser(users.customer),
    text: 'Thanks, 3 nodes are down',
    ts: nextTs(),
    thread_ts: askTs,
  });
  const toTeam = since('chat.postMessage').find(
    (c) => c.args.channel === channels.team && c.args.thread_ts === alertTs,
  );
  expect(toTeam && visibleText(toTeam)).toContain('3 nodes are down');
  expect(toTeam && visibleText(toTeam)).toContain(users.customer.name);

  return winner!;
}

/** Steps after the status checks: a 429 storm during relay, then resolution from the alert. */
export async function stormThenResolve(
  world: StoryWorld,
  h: SlackHarness,
  opened: OpenedCase,
  winner: SlackUser,
): Promise<void> {
  const { users, channels } = world;
  const t = h.target;
  const { askTs, alertTs } = opened;
  const claim = { value: opened.claimValue };
  let since = after(h);

  // 14. A 429 storm on chat.postMessage while the customer writes, long enough to exhaust the
  // in-call attempts (4): the post waits in the message journal, and the delivery worker's retry
  // delivers it, once.
  h.fake.fail('chat.postMessage', 429, IN_CALL_ATTEMPTS, 0);
  since = after(h);
  await sendEvent(t, {
    type: 'message',
    channel: channels.support,
    channel_type: 'channel',
    ...asUser(users.customer),
    text: 'Logs attached, storm test',
    ts: nextTs(),
    thread_ts: askTs,
  });
  const stormRelay = await h.fake.waitFor('chat.postMessage', (c) =>
    visibleText(c).includes('storm test'),
  );
  expect(stormRelay.args.channel).toBe(channels.team);
  const refused = h.fake.calls.filter(
    (c) =>
      c.method === 'chat.postMessage' && c.status === 429 && visibleText(c).includes('storm test'),
  );
  expect(refused).toHaveLength(IN_CALL_ATTEMPTS);
  // Let the delivery worker's timer run again: nothing is delivered twice.
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(
    since('chat.postMessage').filter((c) => visibleText(c).includes('storm test')),
  ).toHaveLength(1);

  // 15. Resolve from the alert.
  since = after(h);
  await sendInteraction(
    t,
    blockAction({
      user: winner!,
      channel: channels.team,
      message: { ts: alertTs },
      actionId: ACTION_IDS.resolve,
      value: claim.value,
    }),
  );
  expect(visibleText(since('chat.update').at(-1)!)).toMatch(/resolved/i);
}
