// Who sees what: status per org, the moderator-only flag, and a redelivered event answered once.
import { expect } from 'vitest';
import { ACTION_IDS, SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { sendCommand, sendEvent } from '../fakes/slack/signed-requests.js';
import { FAKE_TEAM_ID } from '../fakes/slack/fake-slack.js';
import { flagThroughDialog } from './flag-dialog.js';
import type { SlackHarness } from './harness.js';
import { buttons, visibleText } from './slack-calls.js';
import { after, asUser, nextTs, type OpenedCase, type StoryWorld } from './story-world.js';

export async function privacyAndDelivery(
  world: StoryWorld,
  h: SlackHarness,
  opened: OpenedCase,
): Promise<void> {
  const { users, channels } = world;
  const t = h.target;
  const { reference } = opened;
  let since = after(h);

  // 10. Status: the customer sees the case; a customer of another org sees nothing of it.
  const mine = h.fake.responseUrl('status');
  await sendCommand(t, {
    command: SLASH_COMMAND,
    text: 'status',
    user_id: users.customer.id,
    user_name: users.customer.name,
    user_team: users.customer.teamId ?? FAKE_TEAM_ID,
    channel_id: channels.support,
    response_url: mine,
  });
  const theirs = h.fake.responseUrl('status');
  await sendCommand(t, {
    command: SLASH_COMMAND,
    text: 'status',
    user_id: users.otherCustomer.id,
    user_name: users.otherCustomer.name,
    // A Slack Connect customer: recognised by their own workspace.
    user_team: users.otherCustomer.teamId ?? FAKE_TEAM_ID,
    channel_id: channels.support,
    response_url: theirs,
  });
  const responses = (url: string) =>
    h.fake.responses
      .filter((r) => url.endsWith(r.path))
      .map((r) => visibleText(r.body))
      .join('\n');
  expect(responses(mine)).toContain(reference);
  // The other org gets an answer (its own, empty list), and that answer holds nothing of the case.
  expect(responses(theirs)).toMatch(/No open cases\./);
  expect(responses(theirs)).not.toContain(reference);
  expect(responses(theirs)).not.toContain(world.validCase.title);

  // 12. Flag for private support: refused for a non-moderator, done for a moderator.
  const publicTs = nextTs();
  const flagged = {
    ts: publicTs,
    user: users.communityAuthor.id,
    text: 'Our prod cluster at bigbank.example is down, here are our creds…',
  };
  since = after(h);
  await flagThroughDialog(h, {
    user: users.otherCustomer,
    channel: channels.community,
    message: flagged,
  });
  expect(since('conversations.open')).toHaveLength(0);
  expect(since('chat.postEphemeral').map((c) => c.args.user)).toEqual([users.otherCustomer.id]);
  since = after(h);
  await flagThroughDialog(h, {
    user: users.moderator,
    channel: channels.community,
    message: flagged,
  });
  expect(since('conversations.open').map((c) => c.args.users)).toContain(users.communityAuthor.id);
  const publicNote = since('chat.postMessage').find((c) => c.args.channel === channels.community);
  expect(publicNote, 'a neutral note in the public thread').toBeDefined();
  expect(visibleText(publicNote!)).not.toContain('bigbank');
  if (world.flagAlertsTeam) {
    // The flagged question becomes a case of its own, alerted to the team like any other.
    const flagAlert = since('chat.postMessage').find(
      (c) => c.args.channel === channels.team && /[A-Z]+-\d+/.test(visibleText(c)),
    );
    expect(flagAlert, 'the team alert for the flagged case').toBeDefined();
    const flagRef = /[A-Z]+-\d+/.exec(visibleText(flagAlert!))![0];
    expect(flagRef).not.toBe(reference);
    expect(buttons(flagAlert!).map((b) => b.action_id)).toContain(ACTION_IDS.claim);
  }

  // 13. A redelivered question (same event_id, X-Slack-Retry-Num) is answered once.
  const dupTs = nextTs();
  since = after(h);
  await sendEvent(
    t,
    {
      type: 'message',
      channel: channels.support,
      channel_type: 'channel',
      ...asUser(users.otherCustomer),
      text: world.question,
      ts: dupTs,
    },
    { eventId: 'Ev0STORYDUP' },
  );
  await sendEvent(
    t,
    {
      type: 'message',
      channel: channels.support,
      channel_type: 'channel',
      ...asUser(users.otherCustomer),
      text: world.question,
      ts: dupTs,
    },
    { eventId: 'Ev0STORYDUP', retryNum: 1 },
  );
  expect(since('chat.postMessage').filter((c) => c.args.thread_ts === dupTs)).toHaveLength(1);
}
