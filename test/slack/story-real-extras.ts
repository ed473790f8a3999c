// Steps only the real conversation core can prove (they read the store or need its SLA policy):
// a second case whose first response is met before the clock moves, Unclaim, App Home and the
// queue with time left, all driven through the real Bolt app.
import { expect } from 'vitest';
import { ACTION_IDS, SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import type { AppParts } from '../../src/app/create-app.js';
import {
  blockAction,
  sendCommand,
  sendEvent,
  sendInteraction,
  viewSubmission,
  type SlackUser,
} from '../fakes/slack/signed-requests.js';
import { FAKE_TEAM_ID } from '../fakes/slack/fake-slack.js';
import type { SlackHarness } from './harness.js';
import { button, buttons, visibleText } from './slack-calls.js';
import { after, asUser, nextTs, values, type StoryWorld } from './story-world.js';

export interface RealCore {
  store: AppParts['store'];
  advance(ms: number): void;
  tick(): Promise<unknown>;
}

/** Ask → Open a case → modal → submit: returns the new case's reference and its alert. */
async function openAnotherCase(world: StoryWorld, h: SlackHarness) {
  const { users, channels } = world;
  const askTs = nextTs();
  let since = after(h);
  await sendEvent(h.target, {
    type: 'message',
    channel: channels.support,
    channel_type: 'channel',
    ...asUser(users.customer),
    text: world.question,
    ts: askTs,
  });
  const suggestions = since('chat.postMessage').find((c) => c.args.thread_ts === askTs);
  since = after(h);
  await sendInteraction(
    h.target,
    blockAction({
      user: users.customer,
      channel: channels.support,
      message: { ts: String(suggestions!.response.ts), thread_ts: askTs },
      actionId: ACTION_IDS.openCase,
      value: button(suggestions!, ACTION_IDS.openCase).value,
    }),
  );
  const modal = since('views.open')[0]!.args.view as Record<string, unknown>;
  since = after(h);
  const values2 = { ...world.validCase, title: 'Second outage: ingest lag' };
  await sendInteraction(
    h.target,
    viewSubmission({ user: users.customer, view: modal, values: values(values2) }),
  );
  const alert = since('chat.postMessage').find(
    (c) => c.args.channel === channels.team && visibleText(c).includes('Second outage'),
  );
  expect(alert, 'the team alert for the second case').toBeDefined();
  const reference = /[A-Z]+-\d+/.exec(visibleText(alert!))![0];
  return {
    askTs,
    reference,
    alertTs: String(alert!.response.ts),
    caseValue: button(alert!, ACTION_IDS.claim).value,
  };
}

export async function realCoreExtras(
  world: StoryWorld,
  h: SlackHarness,
  core: RealCore,
  firstReference: string,
): Promise<void> {
  const { users, channels } = world;
  const t = h.target;
  const second = await openAnotherCase(world, h);
  expect(second.reference).not.toBe(firstReference);
  const press = (user: SlackUser, actionId: string) =>
    sendInteraction(
      t,
      blockAction({
        user,
        channel: channels.team,
        message: { ts: second.alertTs },
        actionId,
        value: second.caseValue,
      }),
    );

  // Claim, then Unclaim: the alert is updated back to unowned, with the Claim button again.
  let since = after(h);
  await press(users.engineerA, ACTION_IDS.claim);
  expect(visibleText(since('chat.update').at(-1)!)).toContain(`owner *${users.engineerA.name}*`);
  since = after(h);
  await press(users.engineerA, ACTION_IDS.unclaim);
  const unclaimed = since('chat.update')
    .filter((c) => c.args.ts === second.alertTs)
    .at(-1);
  expect(unclaimed, 'chat.update after Unclaim').toBeDefined();
  expect(visibleText(unclaimed!)).not.toContain('owner');
  expect(visibleText(unclaimed!)).toMatch(/Waiting for an engineer/);
  expect(buttons(unclaimed!).map((b) => b.action_id)).toContain(ACTION_IDS.claim);
  expect(buttons(unclaimed!).map((b) => b.action_id)).not.toContain(ACTION_IDS.unclaim);
  const stored = await core.store.cases.byReference(second.reference);
  expect(stored?.assigneeId ?? null).toBeNull();

  // App Home for the customer: help text only, never a case (issue 13 item 5).
  since = after(h);
  await sendEvent(
    t,
    { type: 'app_home_opened', user: users.customer.id, tab: 'home', channel: 'DHOME' },
    { teamId: users.customer.teamId ?? FAKE_TEAM_ID },
  );
  const home = since('views.publish').find((c) => c.args.user_id === users.customer.id);
  expect(home, 'views.publish for the customer').toBeDefined();
  const homeText = visibleText(home!.args.view as object);
  expect(homeText).toContain('/support ask');
  expect(homeText).not.toContain(second.reference);
  expect(homeText).not.toContain(firstReference);

  // `/support queue` for an engineer, through the command: the unowned case with its time left.
  const queueUrl = h.fake.responseUrl('queue');
  await sendCommand(t, {
    command: SLASH_COMMAND,
    text: 'queue',
    user_id: users.engineerB.id,
    user_name: users.engineerB.name,
    user_team: FAKE_TEAM_ID,
    channel_id: channels.team,
    response_url: queueUrl,
  });
  const queue = h.fake.responses
    .filter((r) => queueUrl.endsWith(r.path))
    .map((r) => visibleText(r.body))
    .join('\n');
  expect(queue).toContain(second.reference);
  expect(queue).toMatch(/Acme Corp · open · unassigned · (1h 00m|59m) left/);

  // First response: an engineer answers in the alert thread before the clock moves; the
  // milestone is met in the store and the SLA loop then posts no warning for it.
  since = after(h);
  await sendEvent(t, {
    type: 'message',
    channel: channels.team,
    channel_type: 'channel',
    ...asUser(users.engineerB),
    text: 'On it, checking the ingest nodes',
    ts: nextTs(),
    thread_ts: second.alertTs,
  });
  expect(
    since('chat.postMessage').some(
      (c) => c.args.thread_ts === second.askTs && visibleText(c).includes('ingest nodes'),
    ),
  ).toBe(true);
  const milestones = await core.store.milestones.forCase(stored!.id);
  const first = milestones.find((m) => m.kind === 'first-response');
  expect(first?.metAt, 'first response met').toBeInstanceOf(Date);
  expect(first!.metAt!.getTime()).toBeLessThan(first!.dueAt.getTime());
  since = after(h);
  core.advance(31 * 60_000);
  await core.tick();
  const warnings = since('chat.postMessage').filter(
    (c) =>
      c.args.channel === channels.team &&
      (visibleText(c).includes(second.reference) || c.args.thread_ts === second.alertTs) &&
      /target|SLA|breach/i.test(visibleText(c)),
  );
  expect(warnings).toEqual([]);
  const after31 = await core.store.milestones.forCase(stored!.id);
  expect(after31.find((m) => m.kind === 'first-response')?.warnedAt ?? null).toBeNull();
}
