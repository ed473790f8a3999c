// *Flag for private support* (a message shortcut): the moderator's dialog first (the severity
// within the author's tier, remove the public post or not, as the core offers them), then the flag
// with those choices when it is submitted. Who may flag, and which severities, is the core's call.
import { randomUUID } from 'node:crypto';
import type { SlackRoutes } from '../routes.js';
import type { Actor, FlagRequest } from '../../../core/conversation/desk.js';
import { isRedo, keyedApart } from '../../../core/delivery/work-scope.js';
import { t } from '../../../core/i18n/index.js';
import {
  guarded,
  readerLanguage,
  slackActor,
  slackPlace,
  type HandlerContext,
} from '../handler-context.js';
import { CALLBACK_IDS } from '../ids.js';
import {
  decodeFlaggedPost,
  encodeFlaggedPost,
  METADATA_MAX,
  parseFlagChoices,
  renderFlagModal,
  type FlaggedPost,
} from '../render-flag-form.js';
import { tellUser } from './open-form.js';
import { openModal } from './open-modal.js';

interface FlagShortcutBody {
  trigger_id: string;
  user: { id: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id: string };
  message?: {
    ts: string;
    thread_ts?: string;
    user?: string;
    /** The author's own workspace (a Slack Connect member's), as Slack sends it in a message. */
    user_team?: string;
    team?: string;
    text?: string;
    user_profile?: { display_name?: string; real_name?: string };
  };
}

interface FlagSubmissionBody {
  user: { id: string; team_id?: string };
  team?: { id?: string } | null;
  view: {
    id?: string;
    private_metadata?: string;
    state: { values: Parameters<typeof parseFlagChoices>[0] };
  };
}

/**
 * A post's text too long for the modal's metadata waits here (this process) until the dialog is
 * submitted; entries older than an hour are dropped.
 */
const LONG_TEXTS = new Map<string, { text: string; at: number }>();
const LONG_TEXT_MS = 60 * 60 * 1000;

function metadataFor(post: FlaggedPost, text: string): string {
  const whole = encodeFlaggedPost({ ...post, text });
  if (whole.length <= METADATA_MAX) return whole;
  const now = Date.now();
  for (const [key, kept] of LONG_TEXTS) if (now - kept.at > LONG_TEXT_MS) LONG_TEXTS.delete(key);
  const textKey = randomUUID();
  LONG_TEXTS.set(textKey, { text, at: now });
  return encodeFlaggedPost({ ...post, textKey });
}

function textOf(post: FlaggedPost): string | null {
  if (post.text !== undefined) return post.text;
  const kept = post.textKey ? LONG_TEXTS.get(post.textKey) : undefined;
  if (post.textKey) LONG_TEXTS.delete(post.textKey);
  return kept?.text ?? null;
}

function requestFor(actor: Actor, post: FlaggedPost): Omit<FlagRequest, 'text'> {
  return {
    actor,
    message: {
      platform: 'slack',
      channelId: post.channelId,
      threadId: post.threadTs,
      messageId: post.ts,
    },
    author: {
      userId: post.authorId,
      displayName: post.authorName,
      workspaceId: post.authorWorkspace,
    },
  };
}

export function registerFlag(routes: SlackRoutes, ctx: HandlerContext): void {
  routes.shortcut(CALLBACK_IDS.flagMessage, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as FlagShortcutBody;
    if (!b.channel || !b.message) return;
    const { channel, message } = b;
    const actor = await slackActor(ctx, b.user.id, null, b.user.team_id ?? b.team?.id, channel.id);
    const place = slackPlace(channel.id, message.thread_ts ?? message.ts);
    await guarded(ctx, 'flag shortcut', { place, userId: actor.userId }, async () => {
      const authorId = message.user ?? '';
      const post: FlaggedPost = {
        channelId: channel.id,
        threadTs: message.thread_ts ?? null,
        ts: message.ts,
        authorId,
        authorName: await ctx.names.nameOf(
          authorId,
          message.user_profile?.display_name || message.user_profile?.real_name,
        ),
        authorWorkspace: message.user_team ?? message.team ?? null,
      };
      const form = await ctx.desk().flagForm(requestFor(actor, post));
      if (form.kind === 'notice') return tellUser(ctx, actor.userId, place, form);
      await openModal(
        ctx,
        b.trigger_id,
        renderFlagModal(form, metadataFor(post, message.text ?? '')),
      );
    });
  });

  routes.view(CALLBACK_IDS.flagForm, async ({ ack, body }) => {
    // The modal closes at once; the outcome (or a refusal) reaches the moderator as an ephemeral.
    await ack();
    const b = body as unknown as FlagSubmissionBody;
    const post = decodeFlaggedPost(b.view.private_metadata);
    if (!post) return;
    const place = slackPlace(post.channelId, post.threadTs ?? post.ts);
    const actor = await slackActor(
      ctx,
      b.user.id,
      null,
      b.user.team_id ?? b.team?.id,
      post.channelId,
    );
    // The flag's work is the post's (work-keys.ts), its answer this dialog's: a refused or
    // expired dialog's answer must not stand for a later dialog's, which is told on its own.
    const tell = (notice: Parameters<typeof tellUser>[3]) =>
      keyedApart(`view:${b.view.id ?? 'none'}`, () => tellUser(ctx, actor.userId, place, notice));
    await guarded(ctx, 'flag submission', { place, userId: actor.userId }, async () => {
      const text = textOf(post);
      // Redone after a crash by another process: the core takes the text its first run recorded.
      if (text === null && !isRedo()) {
        const language = await readerLanguage(ctx, actor);
        await tell({
          kind: 'notice',
          tone: 'warning',
          text: t(language, 'slack.flagExpired'),
          language,
        });
        return;
      }
      const choices = parseFlagChoices(b.view.state.values);
      await tell(await ctx.desk().flag({ ...requestFor(actor, post), text, ...choices }));
    });
  });
}
