// The global *Open a case* shortcut (the message shortcut *Flag for private support* is in flag.ts).
import type { SlackRoutes } from '../routes.js';
import { guarded, slackActor, type HandlerContext } from '../handler-context.js';
import { CALLBACK_IDS } from '../ids.js';
import { openCaseForm } from './open-form.js';

interface ShortcutBody {
  trigger_id: string;
  user: { id: string; name?: string; username?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id: string };
}

function actorOf(ctx: HandlerContext, b: ShortcutBody) {
  return slackActor(ctx, b.user.id, null, b.user.team_id ?? b.team?.id, b.channel?.id ?? null);
}

export function registerShortcuts(routes: SlackRoutes, ctx: HandlerContext): void {
  routes.shortcut(CALLBACK_IDS.openCaseShortcut, async ({ ack, body }) => {
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
