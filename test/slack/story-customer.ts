// The customer's half of the Slack story: ask, suggestions, the asker-only buttons, the modal, its
// inline errors, the confirmation and the team alert.
import { expect } from 'vitest';
import { ACTION_IDS, CALLBACK_IDS } from '../../src/adapters/slack/index.js';
import {
  blockAction,
  sendEvent,
  sendInteraction,
  viewSubmission,
} from '../fakes/slack/signed-requests.js';
import type { SlackHarness } from './harness.js';
import { button, visibleText } from './slack-calls.js';
import { after, asUser, nextTs, values, type OpenedCase, type StoryWorld } from './story-world.js';

export async function customerOpensCase(world: StoryWorld, h: SlackHarness): Promise<OpenedCase> {
  const { users, channels } = world;
  const t = h.target;

  // 1. A question in a support channel → threaded suggestions, buttons for the asker.
  const askTs = nextTs();
  let since = after(h);
  await sendEvent(t, {
    type: 'message',
    channel: channels.support,
    channel_type: 'channel',
    ...asUser(users.customer),
    text: world.question,
    ts: askTs,
  });
  const suggestions = since('chat.postMessage').find(
    (c) => c.args.channel === channels.support && c.args.thread_ts === askTs,
  );
  expect(suggestions, 'suggestions posted in the asker thread').toBeDefined();
  const openCase = button(suggestions!, ACTION_IDS.openCase);
  button(suggestions!, ACTION_IDS.solved);

  // 2. Another customer cannot press the asker's buttons.
  since = after(h);
  await sendInteraction(
    t,
    blockAction({
      user: users.otherCustomer,
      channel: channels.support,
      message: { ts: String(suggestions!.response.ts), thread_ts: askTs },
      actionId: ACTION_IDS.openCase,
      value: openCase.value,
    }),
  );
  expect(since('views.open')).toHaveLength(0);
  expect(since('chat.postEphemeral').map((c) => c.args.user)).toEqual([users.otherCustomer.id]);

  // 3. *This solved it* on a question asked in a DM.
  const dmTs = nextTs();
  const dm = `D${users.customer.id}`;
  since = after(h);
  await sendEvent(t, {
    type: 'message',
    channel: dm,
    channel_type: 'im',
    ...asUser(users.customer),
    text: world.question,
    ts: dmTs,
  });
  const dmSuggestions = since('chat.postMessage').find((c) => c.args.channel === dm);
  expect(dmSuggestions).toBeDefined();
  since = after(h);
  await sendInteraction(
    t,
    blockAction({
      user: users.customer,
      channel: dm,
      message: { ts: '1.1', thread_ts: dmTs },
      actionId: ACTION_IDS.solved,
      value: button(dmSuggestions!, ACTION_IDS.solved).value,
    }),
  );
  expect(since('chat.postEphemeral').map((c) => c.args.user)).toEqual([users.customer.id]);

  // 4. *Open a case* → the modal, prefilled from the question.
  since = after(h);
  await sendInteraction(
    t,
    blockAction({
      user: users.customer,
      channel: channels.support,
      message: { ts: '1.2', thread_ts: askTs },
      actionId: ACTION_IDS.openCase,
      value: openCase.value,
    }),
  );
  const opened = since('views.open');
  expect(opened).toHaveLength(1);
  const modal = opened[0]!.args.view as Record<string, unknown>;
  expect(modal.callback_id).toBe(CALLBACK_IDS.caseForm);
  expect(JSON.stringify(modal.blocks)).toContain(world.question.slice(0, 20));

  // 5. Invalid input comes back as inline errors.
  const invalid = await sendInteraction(
    t,
    viewSubmission({ user: users.customer, view: modal, values: values(world.invalidCase) }),
  );
  expect(invalid.json?.response_action).toBe('errors');
  expect(Object.keys(invalid.json?.errors as object)).toContain(world.invalidField);

  // 6. A valid case: the modal closes, a confirmation in the customer's thread, the team alert.
  since = after(h);
  const valid = await sendInteraction(
    t,
    viewSubmission({ user: users.customer, view: modal, values: values(world.validCase) }),
  );
  expect(valid.status).toBe(200);
  expect(valid.json?.response_action).toBeUndefined();
  const confirmation = since('chat.postMessage').find(
    (c) => c.args.channel === channels.support && c.args.thread_ts === askTs,
  );
  expect(confirmation, 'confirmation in the customer thread').toBeDefined();
  const reference = /[A-Z]+-\d+/.exec(visibleText(confirmation!))?.[0];
  expect(reference).toBeDefined();
  const alert = since('chat.postMessage').find(
    (c) => c.args.channel === channels.team && visibleText(c).includes(reference!),
  );
  expect(alert, 'team alert').toBeDefined();
  expect((alert!.args.attachments as { color: string }[])[0]?.color).toMatch(/^#/);
  const claim = button(alert!, ACTION_IDS.claim);
  return {
    askTs,
    reference: reference!,
    alertTs: String(alert!.response.ts),
    claimValue: claim.value,
  };
}
