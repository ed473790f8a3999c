// Buttons: *This solved it* / *Open a case* (the asker only), *Claim* / *Unclaim* / *Resolve*
// on alerts, and *Reopen* on the customer's resolution notice.
// The claim itself, the race and the alert update belong to the core (desk.act → ChatPort.update);
// the presser gets the core's notice privately (e.g. who won the race).
import type { SlackRoutes } from '../routes.js';
import type { CaseAction } from '../../../core/conversation/desk.js';
import { t } from '../../../core/i18n/index.js';
import type { Actor } from '../../../core/conversation/desk.js';
import type { NoticeView } from '../../../core/views.js';
import {
  guarded,
  readerLanguage,
  slackActor,
  slackPlace,
  type HandlerContext,
} from '../handler-context.js';
import { ACTION_IDS } from '../ids.js';
import { decodeSuggestionValue } from '../render-messages.js';
import { openCaseForm, tellUser } from './open-form.js';

interface ActionBody {
  trigger_id: string;
  user: { id: string; name?: string; username?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id: string };
  message?: { ts: string; thread_ts?: string };
  container?: { message_ts?: string; thread_ts?: string; channel_id?: string };
  actions: { action_id: string; value?: string }[];
}

async function describe(ctx: HandlerContext, body: ActionBody) {
  const b = body;
  const channelId = b.channel?.id ?? b.container?.channel_id ?? null;
  const actor = await slackActor(ctx, b.user.id, null, b.user.team_id ?? b.team?.id, channelId);
  const threadTs =
    b.message?.thread_ts ??
    b.container?.thread_ts ??
    b.message?.ts ??
    b.container?.message_ts ??
    null;
  const place = channelId ? slackPlace(channelId, threadTs) : null;
  return { actor, place, value: b.actions[0]?.value };
}

/** Someone else pressed the asker's buttons: told in their own language. */
async function notYours(ctx: HandlerContext, actor: Actor): Promise<NoticeView> {
  const language = await readerLanguage(ctx, actor);
  return { kind: 'notice', tone: 'warning', text: t(language, 'slack.notYours'), language };
}

export function registerButtons(routes: SlackRoutes, ctx: HandlerContext): void {
  routes.action(ACTION_IDS.solved, async ({ ack, body }) => {
    await ack();
    const { actor, place, value } = await describe(ctx, body as unknown as ActionBody);
    const where = place ? { place, userId: actor.userId } : null;
    await guarded(ctx, 'solved button', where, async () => {
      const decoded = decodeSuggestionValue(value);
      if (!decoded) return;
      if (decoded.a && decoded.a !== actor.userId)
        return tellUser(ctx, actor.userId, place, await notYours(ctx, actor));
      await tellUser(
        ctx,
        actor.userId,
        place,
        await ctx.desk().markSolved(actor, decoded.d, decoded.n),
      );
    });
  });

  routes.action(ACTION_IDS.openCase, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as ActionBody;
    const { actor, place, value } = await describe(ctx, b);
    const where = place ? { place, userId: actor.userId } : null;
    await guarded(ctx, 'open-case button', where, async () => {
      const decoded = decodeSuggestionValue(value);
      if (decoded?.a && decoded.a !== actor.userId)
        return tellUser(ctx, actor.userId, place, await notYours(ctx, actor));
      const origin = {
        deflectionId: decoded?.d || null,
        channelId: place?.channelId ?? null,
        threadTs: place?.threadId ?? null,
      };
      await openCaseForm(ctx, actor, b.trigger_id, origin, decoded?.q || undefined);
    });
  });

  const caseAction = (actionId: string, action: CaseAction) =>
    routes.action(actionId, async ({ ack, body }) => {
      await ack();
      const { actor, place, value } = await describe(ctx, body as unknown as ActionBody);
      const where = place ? { place, userId: actor.userId } : null;
      await guarded(ctx, `${action} button`, where, async () => {
        if (!value) return;
        await tellUser(ctx, actor.userId, place, await ctx.desk().act(actor, value, action));
      });
    });
  caseAction(ACTION_IDS.claim, 'claim');
  caseAction(ACTION_IDS.unclaim, 'unclaim');
  caseAction(ACTION_IDS.resolve, 'resolve');
  caseAction(ACTION_IDS.pending, 'pending');
  // On the customer's resolution notice: the domain decides who may reopen (the requester, staff).
  caseAction(ACTION_IDS.reopen, 'reopen');
  // *Why this time?* on the alert: the explanation goes to the person who pressed it only.
  routes.action(ACTION_IDS.why, async ({ ack, body }) => {
    await ack();
    const { actor, place, value } = await describe(ctx, body as unknown as ActionBody);
    const where = place ? { place, userId: actor.userId } : null;
    await guarded(ctx, 'why button', where, async () => {
      if (!value) return;
      await tellUser(ctx, actor.userId, place, await ctx.desk().explain(actor, value));
    });
  });
}
