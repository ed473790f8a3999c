// Shortcuts: *Flag for private support* on a message (moderators only, decided by the core) and
// the global *Open a case*.
import type { App } from '@slack/bolt';
import { guarded, slackActor, slackPlace, type HandlerContext } from '../handler-context.js';
import { CALLBACK_IDS } from '../ids.js';
import { openCaseForm, tellUser } from './open-form.js';

interface ShortcutBody {
  trigger_id: string;
  user: { id: string; name?: string; username?: string; team_id?: string };
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

function actorOf(ctx: HandlerContext, b: ShortcutBody) {
  return slackActor(ctx, b.user.id, null, b.user.team_id ?? b.team?.id, b.channel?.id ?? null);
}

export function registerShortcuts(app: App, ctx: HandlerContext): void {
  app.shortcut(CALLBACK_IDS.flagMessage, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as ShortcutBody;
    const actor = await actorOf(ctx, b);
    if (!b.channel || !b.message) return;
    const message = b.message;
    const place = slackPlace(b.channel.id, message.thread_ts ?? message.ts);
    await guarded(ctx, 'flag shortcut', { place, userId: actor.userId }, async () => {
      const author = message.user ?? '';
      const notice = await ctx.desk().flag({
        actor,
        message: {
          platform: 'slack',
          channelId: b.channel!.id,
          threadId: message.thread_ts ?? null,
          messageId: message.ts,
        },
        author: {
          userId: author,
          displayName: await ctx.names.nameOf(
            author,
            message.user_profile?.display_name || message.user_profile?.real_name,
          ),
          workspaceId: message.user_team ?? message.team ?? null,
        },
        text: message.text ?? '',
      });
      await tellUser(ctx, actor.userId, place, notice);
    });
  });

  app.shortcut(CALLBACK_IDS.openCaseShortcut, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as ShortcutBody;
    const actor = await actorOf(ctx, b);
    await guarded(ctx, 'open-case shortcut', null, async () => {
      await openCaseForm(
        ctx,
        actor,
        b.trigger_id,
        { deflectionId: null, channelId: null, threadTs: null },
        undefined,
      );
    });
  });
}
