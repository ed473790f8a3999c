// Messages and mentions. A message in a thread (or a DM, which can be a private case space) goes
// to desk.message first, so replies on a case are relayed; anything the core does not claim is a
// question when it was asked where the bot listens (a DM, a mention, a support channel).
import type { SlackRoutes } from '../routes.js';
import { renderHelp } from '../render-help.js';
import {
  guarded,
  readerLanguage,
  slackActor,
  slackPlace,
  type HandlerContext,
} from '../handler-context.js';

interface UserMessage {
  user: string;
  text: string;
  ts: string;
  threadTs: string | null;
  channel: string;
  isDm: boolean;
  workspaceId: string | null;
  displayName: string | undefined;
}

interface RawMessageEvent {
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel?: string;
  channel_type?: string;
  user_team?: string;
  team?: string;
  user_profile?: { display_name?: string; real_name?: string };
}

/** Subtypes that are still a person writing; every other subtype (edits, joins, bots) is ignored. */
const USER_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

function toUserMessage(event: RawMessageEvent, teamId: string | undefined): UserMessage | null {
  if (
    !USER_SUBTYPES.has(event.subtype) ||
    event.bot_id ||
    !event.user ||
    !event.ts ||
    !event.channel
  )
    return null;
  return {
    user: event.user,
    text: event.text ?? '',
    ts: event.ts,
    threadTs: event.thread_ts && event.thread_ts !== event.ts ? event.thread_ts : null,
    channel: event.channel,
    isDm: event.channel_type === 'im',
    workspaceId: event.user_team ?? event.team ?? teamId ?? null,
    displayName: event.user_profile?.display_name || event.user_profile?.real_name,
  };
}

async function handle(
  ctx: HandlerContext,
  message: UserMessage,
  mentioned: boolean,
): Promise<void> {
  const bot = ctx.botUserId();
  const text = (bot ? message.text.split(`<@${bot}>`).join(' ') : message.text).trim();
  const replyPlace = slackPlace(message.channel, message.threadTs ?? message.ts);
  const mayBeCase = message.threadTs !== null || message.isDm;
  const listens =
    mentioned || message.isDm || ctx.config.supportChannelIds.includes(message.channel);
  // Top-level chatter where the bot does not listen costs nothing, not even a name lookup.
  if (!mayBeCase && !listens) return;
  await guarded(ctx, 'message', { place: replyPlace, userId: message.user }, async () => {
    const actor = await slackActor(
      ctx,
      message.user,
      message.displayName,
      message.workspaceId,
      message.channel,
    );
    if (mayBeCase) {
      const place = slackPlace(message.channel, message.threadTs, message.ts);
      const notice = await ctx.desk().message({ actor, place, text });
      if (notice) {
        // Relayed replies need no echo; anything else (refusals, internal-note receipts) is shown privately.
        if (notice.tone !== 'success') await ctx.chat.whisper(replyPlace, message.user, notice);
        return;
      }
    }
    if (!listens) return;
    if (!text) {
      const language = await readerLanguage(ctx, actor);
      await ctx.chat.whisper(replyPlace, message.user, {
        kind: 'notice',
        tone: 'info',
        text: renderHelp(language),
        language,
      });
      return;
    }
    const view = await ctx.desk().ask({
      actor,
      place: slackPlace(message.channel, replyPlace.threadId, message.ts),
      question: text,
    });
    await ctx.chat.post(replyPlace, view);
  });
}

export function registerMessageHandlers(routes: SlackRoutes, ctx: HandlerContext): void {
  routes.event('message', async ({ event, body }) => {
    const message = toUserMessage(event as RawMessageEvent, (body as { team_id?: string }).team_id);
    if (!message || message.user === ctx.botUserId()) return;
    const bot = ctx.botUserId();
    // A mention outside a DM also arrives as app_mention: answer it there, once.
    if (!message.isDm && bot && message.text.includes(`<@${bot}>`)) return;
    await handle(ctx, message, false);
  });

  routes.event('app_mention', async ({ event, body }) => {
    const message = toUserMessage(event as RawMessageEvent, (body as { team_id?: string }).team_id);
    if (!message || message.user === ctx.botUserId()) return;
    await handle(ctx, { ...message, isDm: false }, true);
  });
}
