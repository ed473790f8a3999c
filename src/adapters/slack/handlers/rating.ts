// CSAT: the 1–5 buttons on a resolution notice, then *Add a comment* (a modal). The core decides
// who may rate and when; a click is one piece of durable work (its trigger id, work-keys.ts), and
// the store's unique key on the resolution keeps a replayed click from recording twice.
import type { SlackRoutes } from '../routes.js';
import { DEFAULT_LANGUAGE, t } from '../../../core/i18n/index.js';
import {
  guarded,
  readerLanguage,
  slackActor,
  slackPlace,
  type HandlerContext,
} from '../handler-context.js';
import { ACTION_IDS, CALLBACK_IDS, RATE_ACTION_IDS } from '../ids.js';
import {
  COMMENT_BLOCK,
  COMMENT_INPUT,
  decodeRatingValue,
  parseRatingMetadata,
  renderRatingCommentModal,
  scoreOfAction,
} from '../render-rating.js';
import { tellUser } from './open-form.js';
import { openModal } from './open-modal.js';

interface RatingActionBody {
  trigger_id: string;
  user: { id: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id: string };
  message?: { ts: string; thread_ts?: string };
  container?: { message_ts?: string; thread_ts?: string; channel_id?: string };
  actions: { action_id: string; value?: string }[];
}

interface CommentSubmissionBody {
  user: { id: string; team_id?: string };
  team?: { id?: string } | null;
  view: {
    private_metadata?: string;
    state: { values: Record<string, Record<string, { value?: string | null }>> };
  };
}

async function describe(ctx: HandlerContext, b: RatingActionBody) {
  const channelId = b.channel?.id ?? b.container?.channel_id ?? null;
  const actor = await slackActor(ctx, b.user.id, null, b.user.team_id ?? b.team?.id, channelId);
  const threadTs =
    b.message?.thread_ts ?? b.container?.thread_ts ?? b.message?.ts ?? b.container?.message_ts;
  const place = channelId ? slackPlace(channelId, threadTs ?? null) : null;
  return { actor, place, channelId, threadTs: threadTs ?? null };
}

export function registerRating(routes: SlackRoutes, ctx: HandlerContext): void {
  for (const actionId of RATE_ACTION_IDS)
    routes.action(actionId, async ({ ack, body }) => {
      await ack();
      const b = body as unknown as RatingActionBody;
      const { actor, place } = await describe(ctx, b);
      const where = place ? { place, userId: actor.userId } : null;
      await guarded(ctx, 'rating button', where, async () => {
        const asked = decodeRatingValue(b.actions[0]?.value);
        const score = scoreOfAction(actionId);
        if (!asked || !score) return;
        const notice = await ctx.desk().rate({
          actor,
          caseIdOrReference: asked.caseId,
          resolution: asked.resolution,
          score,
        });
        await tellUser(ctx, actor.userId, place, notice);
      });
    });

  routes.action(ACTION_IDS.rateComment, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as RatingActionBody;
    const { actor, place, channelId, threadTs } = await describe(ctx, b);
    const where = place ? { place, userId: actor.userId } : null;
    await guarded(ctx, 'rating comment button', where, async () => {
      const value = b.actions[0]?.value;
      const asked = decodeRatingValue(value);
      if (!asked || !value) return;
      const view = renderRatingCommentModal(
        asked.caseReference,
        { value, channelId, threadTs },
        await readerLanguage(ctx, actor),
      );
      await openModal(ctx, b.trigger_id, view);
    });
  });

  routes.view(CALLBACK_IDS.ratingComment, async ({ ack, body }) => {
    const b = body as unknown as CommentSubmissionBody;
    const comment = b.view.state.values[COMMENT_BLOCK]?.[COMMENT_INPUT]?.value?.trim() ?? '';
    const metadata = parseRatingMetadata(b.view.private_metadata);
    if (!comment) {
      // Answered at once, in the language the modal was opened in (its metadata says it).
      const language = metadata?.language ?? DEFAULT_LANGUAGE;
      await ack({
        response_action: 'errors',
        errors: { [COMMENT_BLOCK]: t(language, 'slack.rating.commentMissing') },
      });
      return;
    }
    await ack();
    const asked = decodeRatingValue(metadata?.value);
    if (!metadata || !asked) return;
    const place = metadata.channelId ? slackPlace(metadata.channelId, metadata.threadTs) : null;
    const actor = await slackActor(
      ctx,
      b.user.id,
      null,
      b.user.team_id ?? b.team?.id,
      metadata.channelId,
    );
    const where = place ? { place, userId: actor.userId } : null;
    await guarded(ctx, 'rating comment', where, async () => {
      const notice = await ctx.desk().commentOnRating({
        actor,
        caseIdOrReference: asked.caseId,
        resolution: asked.resolution,
        comment,
      });
      await tellUser(ctx, actor.userId, place, notice);
    });
  });
}
