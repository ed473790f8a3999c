// App Home: an engineer's queue (their open cases, their team's unclaimed ones, with time left), a
// lead's week, a customer's help text (core/conversation/home.ts decides which).
import type { SlackRoutes } from '../routes.js';
import { guarded, slackActor, type HandlerContext } from '../handler-context.js';
import { renderHomeView } from '../render-home.js';

interface HomeEvent {
  user: string;
  tab?: string;
  view?: { team_id?: string };
}

export async function publishHome(
  ctx: HandlerContext,
  userId: string,
  workspaceId: string | null,
): Promise<void> {
  const actor = await slackActor(ctx, userId, null, workspaceId);
  const view = await ctx.desk().home(actor);
  await ctx.api.call('views.publish', { user_id: userId, view: renderHomeView(view) });
}

export function registerHome(routes: SlackRoutes, ctx: HandlerContext): void {
  routes.event('app_home_opened', async ({ event, body }) => {
    const e = event as unknown as HomeEvent;
    if (e.tab && e.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? e.view?.team_id ?? null;
    await guarded(ctx, 'app home', null, () => publishHome(ctx, e.user, teamId));
  });
}
