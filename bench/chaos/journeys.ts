// The people of the run, each a small script driven by what the fake Slack received: a customer
// asks in the support channel, waits for the suggestions, presses *Open a case*, fills the form
// Slack opened and submits it (again, with the same view.id, when the submission failed or, now and
// then, as if its answer was lost); engineers press *Claim* on the alert, some two at once through
// both replicas. A person presses again only when Slack would have shown them an error (the
// request failed) or when nothing happened where something visibly should have (no form opened).
import type { RecordedCall } from '../../test/fakes/slack/fake-slack.js';
import {
  blockAction,
  optionValue,
  textValue,
  viewSubmission,
  type SlackUser,
} from '../../test/fakes/slack/signed-requests.js';
import { ACTION_IDS } from '../../src/adapters/slack/ids.js';
import { buttonValue, hasButton, ok, visibleText, type CallWatch } from './calls.js';
import { isSuggestions } from './classify.js';
import type { Killer } from './kills.js';
import { acceptedSubmission, acked, tagOf, type Ledger } from './ledger.js';
import type { Rng } from './rng.js';
import { sleep, type Attempt, type SlackSide } from './slack-side.js';
import { CHANNELS, ENGINEERS, PRODUCT } from './world.js';
import { journeyStart, pickTwo, pressUntilAcked, SUBJECTS, type CustomerPlan } from './plans.js';

export interface JourneyContext {
  scenario: string;
  side: SlackSide;
  watch: CallWatch;
  killer: Killer;
  ledger: Ledger;
  rng: Rng;
  elapsed: () => number;
  redeliverChance: number;
  /** How long a person waits for something to show up before giving up. */
  patienceMs: number;
}

let triggerCounter = 0;
const trigger = (key: string) => `trig-chaos-${key}-${++triggerCounter}`;

/** The form as the customer fills it; `[chaos-…]` in the title names the case in every message. */
function formValues(modal: Record<string, unknown>, plan: CustomerPlan<SlackUser>, tag: string) {
  const blocks = Array.isArray(modal.blocks) ? (modal.blocks as Record<string, unknown>[]) : [];
  const productBlock = blocks.find((b) => b.block_id === 'product');
  const element = productBlock?.element as { options?: { value?: string }[] } | undefined;
  const product = element?.options?.[0]?.value ?? PRODUCT;
  const title = `[${tag}] ${SUBJECTS[Number(plan.key.replace(/\D/g, '')) % SUBJECTS.length]}`;
  return {
    title,
    values: {
      title: textValue(title),
      situation: textValue(`Seen since this morning by ${plan.user.name}.`),
      severity: optionValue(String(plan.severity), 'radio_buttons'),
      seriousness: textValue('Our operators cannot work.'),
      product: optionValue(product),
      type: optionValue('bug'),
    },
  };
}

export async function customerJourney(
  ctx: JourneyContext,
  plan: CustomerPlan<SlackUser>,
): Promise<void> {
  const end = await journeyStart(ctx, plan);
  const { watch, side, ledger } = ctx;

  // 1. The question, as a message event (Slack redelivers it as needed).
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Number(plan.key.replace(/\D/g, '')) + (plan.escalate ? 0 : 500)).padStart(6, '0')}`;
  const eventId = `Ev${ctx.scenario}${plan.key}`;
  const question = { key: plan.key, user: plan.user, ts, eventId, attempts: [] as Attempt[] };
  ledger.questions.push(question);
  await side.event(
    {
      type: 'message',
      channel: CHANNELS.support,
      channel_type: 'channel',
      user: plan.user.id,
      user_team: plan.user.teamId,
      text: plan.question,
      ts,
    },
    eventId,
    ctx.redeliverChance,
    (attempt) => question.attempts.push(attempt),
    (replica) => ctx.killer.onRequestSent(replica, 'event', plan.key),
  );

  // 2. The suggestions in the question's thread.
  const suggestions = await watch.waitFor(
    (c) =>
      ok(c) &&
      c.method === 'chat.postMessage' &&
      c.args.channel === CHANNELS.support &&
      c.args.thread_ts === ts &&
      isSuggestions(c),
    ctx.patienceMs,
  );
  if (!suggestions) return end('no suggestions');
  const suggestionTs = String(suggestions.response.ts);
  const value =
    buttonValue(suggestions, ACTION_IDS.openCase) ??
    buttonValue(suggestions, ACTION_IDS.solved) ??
    '';
  const pressOnSuggestion = (actionId: string) =>
    ctx.side.interaction('block_actions', {
      ...blockAction({
        user: plan.user,
        channel: CHANNELS.support,
        message: { ts: suggestionTs, thread_ts: ts },
        actionId,
        value,
      }),
      trigger_id: trigger(plan.key),
    });

  if (!plan.escalate) {
    if (plan.pressSolved && hasButton(suggestions, ACTION_IDS.solved)) {
      await sleep(ctx.rng.between(300, 1_500));
      await pressUntilAcked(
        ctx,
        () => pressOnSuggestion(ACTION_IDS.solved),
        (attempt) => ledger.solved.push({ key: plan.key, user: plan.user, attempt }),
      );
    }
    return end(null);
  }

  // 3. *Open a case* → the form. No form within a few seconds: press again (a new trigger).
  await sleep(ctx.rng.between(300, 1_500));
  let modal: RecordedCall | null = null;
  for (let n = 0; n < 4 && !modal; n++) {
    const triggerId = trigger(plan.key);
    const attempt = await ctx.side.interaction('block_actions', {
      ...blockAction({
        user: plan.user,
        channel: CHANNELS.support,
        message: { ts: suggestionTs, thread_ts: ts },
        actionId: ACTION_IDS.openCase,
        value,
      }),
      trigger_id: triggerId,
    });
    modal = await watch.waitFor(
      (c) => ok(c) && c.method === 'views.open' && c.args.trigger_id === triggerId,
      acked(attempt) ? 6_000 : 1_000,
    );
    ledger.opens.push({ key: plan.key, attempt, formOpened: modal !== null });
  }
  if (!modal) return end('no form');

  // 4. The submission; the same view.id again when it failed, or (plan.resubmit) as if its answer
  // was lost, to the other replica.
  const view = modal.args.view as Record<string, unknown>;
  const viewId = String(
    (modal.response.view as { id?: unknown } | undefined)?.id ?? `V-${plan.key}`,
  );
  const tag = tagOf(plan.key);
  const filled = formValues(view, plan, tag);
  const form = ledger.addForm(plan, filled.title, {
    questionTs: ts,
    viewId,
  });
  const submit = (prefer: string | null) =>
    ctx.side.interaction(
      'view_submission',
      viewSubmission({ user: plan.user, view: { ...view, id: viewId }, values: filled.values }),
      {
        prefer: ctx.side.replicaNamed(prefer),
        onSent: (replica) => ctx.killer.onRequestSent(replica, 'view_submission', plan.key),
      },
    );
  await sleep(ctx.rng.between(500, 2_000));
  const first = await pressUntilAcked(
    ctx,
    () => submit(null),
    (attempt) => form.submissions.push(attempt),
  );
  if (first?.json?.response_action === 'errors')
    throw new Error(`the form of ${plan.key} was refused: ${JSON.stringify(first.json)}`);
  if (first && plan.resubmit) {
    await sleep(ctx.rng.between(200, 2_500));
    form.deliberateResubmissions += 1;
    form.submissions.push(await submit(ctx.side.otherThan(first.replica)?.name ?? null));
  }
  if (!form.submissions.some(acceptedSubmission)) return end('form never accepted');

  // 5. The alert in the team channel, then the claim(s).
  const alert = await watch.waitFor(
    (c) =>
      ok(c) &&
      c.method === 'chat.postMessage' &&
      c.args.channel === CHANNELS.team &&
      !c.args.thread_ts &&
      hasButton(c, ACTION_IDS.claim) &&
      visibleText(c).includes(tag),
    ctx.patienceMs * 2,
  );
  if (!alert) return end('no alert');
  if (plan.claim === 'none') return end(null);
  const caseId = buttonValue(alert, ACTION_IDS.claim) ?? '';
  const alertTs = String(alert.response.ts);
  await sleep(ctx.rng.between(500, 2_500));
  const engineers = plan.claim === 'race' ? pickTwo(ctx.rng, ENGINEERS) : [ctx.rng.pick(ENGINEERS)];
  const replicas = ctx.side.replicaNames();
  await Promise.all(
    engineers.map((engineer, i) =>
      pressUntilAcked(
        ctx,
        (n) =>
          ctx.side.interaction(
            'block_actions',
            {
              ...blockAction({
                user: engineer,
                channel: CHANNELS.team,
                message: { ts: alertTs },
                actionId: ACTION_IDS.claim,
                value: caseId,
              }),
              trigger_id: trigger(plan.key),
            },
            // A race goes through both replicas at once.
            {
              prefer: n === 1 ? ctx.side.replicaNamed(replicas[i % replicas.length] ?? null) : null,
            },
          ),
        (attempt) =>
          ledger.claims.push({ key: plan.key, engineer, attempt, race: plan.claim === 'race' }),
      ),
    ),
  );
  end(null);
}
