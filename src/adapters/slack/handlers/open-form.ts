// Opening the case modal and handling its submission. The submission is acked within Slack's 3 s:
// errors found in time go back inline (`response_action: errors`); when the core is slower the
// modal closes and the outcome is posted to the customer once it is known.
import type { SlackRoutes } from '../routes.js';
import type { Actor } from '../../../core/conversation/desk.js';
import type { Place } from '../../../core/model.js';
import type { CaseConfirmationView, CaseFormErrors, NoticeView } from '../../../core/views.js';
import { guarded, slackActor, slackPlace, type HandlerContext } from '../handler-context.js';
import { CALLBACK_IDS } from '../ids.js';
import {
  parseCaseFormSubmission,
  parseFormOrigin,
  renderCaseFormModal,
  renderFormErrors,
  type CaseFormOrigin,
  type ViewStateValues,
} from '../render-case-form.js';
import { SlackApiError } from '../slack-api.js';
import { DeliveryRefusedError } from '../../../core/delivery/durable-chat-port.js';
import { openModal } from './open-modal.js';
import { sinceReceived } from '../received-at.js';

/** Under Slack's 3 s with room for the response to travel, counted from the request's arrival. */
export const SUBMIT_ACK_BUDGET_MS = 2_300;

/** Asks the core for the form and opens it, or tells the user why not (ephemeral or DM). */
export async function openCaseForm(
  ctx: HandlerContext,
  actor: Actor,
  triggerId: string,
  origin: CaseFormOrigin,
  question: string | undefined,
): Promise<void> {
  const form = await ctx.desk().caseForm(actor, origin.deflectionId, question);
  if (form.kind === 'notice') {
    await tellUser(
      ctx,
      actor.userId,
      origin.channelId ? slackPlace(origin.channelId, origin.threadTs) : null,
      form,
    );
    return;
  }
  await openModal(ctx, triggerId, renderCaseFormModal(form, origin));
}

/** Ephemeral in the channel when there is one, else a DM (global shortcut, App Home). */
export async function tellUser(
  ctx: HandlerContext,
  userId: string,
  place: Place | null,
  view: NoticeView,
): Promise<void> {
  if (place) {
    try {
      await ctx.chat.whisper(place, userId, view);
      return;
    } catch (error) {
      if (!refusedThere(error)) throw error;
    }
  }
  await ctx.chat.sendDirect(userId, view);
}

/**
 * Slack refused the message where it was sent (the bot is not in the channel): the person is told
 * by DM instead. A redo meets that refusal in the message journal, and must fall back the same way.
 */
function refusedThere(error: unknown): boolean {
  return error instanceof SlackApiError || error instanceof DeliveryRefusedError;
}

/** A DM channel's id: only the user and the bot read it. */
const isDmChannel = (channelId: string) => channelId.startsWith('D');

/**
 * Where the case continues for the customer: the thread they asked in, or a DM. Never the top
 * level of a channel: `/support open` typed in a shared (Slack Connect) channel would otherwise
 * post the confirmation, and later the engineers' replies, where other orgs read them.
 */
async function customerPlace(
  ctx: HandlerContext,
  origin: CaseFormOrigin,
  userId: string,
): Promise<Place> {
  if (origin.channelId && (origin.threadTs || isDmChannel(origin.channelId)))
    return slackPlace(origin.channelId, origin.threadTs);
  return slackPlace(await ctx.openDm(userId));
}

type SubmitResult = CaseConfirmationView | CaseFormErrors | NoticeView;

async function deliver(
  ctx: HandlerContext,
  place: Place,
  userId: string,
  result: SubmitResult,
  late: boolean,
): Promise<void> {
  if (result.kind === 'case-confirmation') {
    try {
      await ctx.chat.post(place, result);
    } catch (error) {
      // The bot may not be in the channel the command came from: the confirmation goes to a DM.
      if (!refusedThere(error)) throw error;
      await ctx.chat.sendDirect(userId, result);
    }
    return;
  }
  if (result.kind === 'case-form-errors' && late) {
    await ctx.chat.sendDirect(userId, result);
    return;
  }
  if (result.kind === 'notice') await tellUser(ctx, userId, place, result);
}

interface SubmissionBody {
  user: { id: string; name?: string; username?: string; team_id?: string };
  team?: { id?: string } | null;
  view: { id?: string; private_metadata?: string; state: { values: ViewStateValues } };
}

export function registerCaseForm(routes: SlackRoutes, ctx: HandlerContext): void {
  // Views whose submission is being handled here: the same view submitted again meanwhile (its
  // first ack was late or lost) is acked and left to the first, instead of racing it to the alert.
  const inFlight = new Set<string>();
  routes.view(CALLBACK_IDS.caseForm, async ({ ack, body, context }) => {
    const b = body as unknown as SubmissionBody;
    const viewId = b.view.id ?? null;
    if (viewId && inFlight.has(viewId)) {
      await ack();
      ctx.logger.info('case form submitted again while the first is handled', { viewId });
      return;
    }
    if (viewId) inFlight.add(viewId);
    try {
      const ackWith = ack as (response?: ViewErrorsResponse) => Promise<void>;
      await handleSubmission(ctx, b, ackWith, SUBMIT_ACK_BUDGET_MS - sinceReceived(context));
    } finally {
      if (viewId) inFlight.delete(viewId);
    }
  });
}

type ViewErrorsResponse = ReturnType<typeof renderFormErrors>;

async function handleSubmission(
  ctx: HandlerContext,
  b: SubmissionBody,
  ack: (response?: ViewErrorsResponse) => Promise<void>,
  /** What is left of the ack's budget (the intake may have spent some: received-at.ts). */
  budgetMs: number,
): Promise<void> {
  const userId = b.user.id;
  const origin = parseFormOrigin(b.view.private_metadata);
  const input = parseCaseFormSubmission(b.view.state.values, origin);
  // Slack's id of this modal: submitted again (after a lost answer or a restart), the core finds
  // the case the first submission opened instead of opening another.
  const intake = b.view.id ? { intakeKey: `slack:view:${b.view.id}` } : undefined;
  const work = (async () => {
    // Inside the 3 s budget: the name lookup and the DM opening count against it too.
    const actor = await slackActor(
      ctx,
      userId,
      null,
      b.user.team_id ?? b.team?.id,
      origin.channelId,
    );
    const place = await customerPlace(ctx, origin, userId);
    return { place, result: await ctx.desk().submitCase(actor, place, input, intake) };
  })();
  const timer = new Promise<null>((resolve) =>
    setTimeout(() => resolve(null), Math.max(0, budgetMs)).unref(),
  );
  const first = await Promise.race([work, timer]).catch(() => null);
  const errors = first?.result.kind === 'case-form-errors' ? first.result : null;
  const acked = await ackSafely(ctx, () => (errors ? ack(renderFormErrors(errors)) : ack()));
  if (errors && acked) return;
  await guarded(ctx, 'case submission', null, async () => {
    const { place, result } = first ?? (await work);
    await deliver(ctx, place, userId, result, first === null || !acked);
  });
}

/**
 * Acks the submission; false when the answer could not be given any more (a loaded process
 * past Slack's 3 s: Bolt answered on its own). The case is stored all the same, so what the
 * answer would have said (the confirmation, the form's errors) then reaches the person by message.
 */
async function ackSafely(ctx: HandlerContext, ack: () => Promise<void>): Promise<boolean> {
  try {
    await ack();
    return true;
  } catch (error) {
    ctx.logger.warn('case form answered too late for Slack; the person is told by message', {
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}
