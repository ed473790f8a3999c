// App Home: the customer's open cases and, for engineers, the team queue, with time left; a
// lead (admin) also sees the last 7 days' figures.
import type { App } from '@slack/bolt';
import type { CaseListView, NoticeView } from '../../../core/views.js';
import type { Actor } from '../../../core/conversation/desk.js';
import { guarded, slackActor, type HandlerContext, type HomeFigures } from '../handler-context.js';
import { renderHome } from '../render-case-list.js';

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
  const [status, queue, figures] = await Promise.all([
    ctx.desk().status(actor),
    ctx.desk().queue(actor),
    weekFigures(ctx, actor),
  ]);
  const lists = [status, queue].filter((v): v is CaseListView => v.kind === 'case-list');
  const notice = [status, queue].find((v): v is NoticeView => v.kind === 'notice') ?? null;
  await ctx.api.call('views.publish', {
    user_id: userId,
    view: renderHome(lists, notice, figures),
  });
}

/** The figures fail alone: the queue is still shown, and the log says why. */
async function weekFigures(ctx: HandlerContext, actor: Actor): Promise<HomeFigures | null> {
  if (!ctx.homeFigures) return null;
  try {
    return await ctx.homeFigures(actor);
  } catch (error) {
    ctx.logger.warn('app home: the week’s figures could not be read', { error: String(error) });
    return null;
  }
}

export function registerHome(app: App, ctx: HandlerContext): void {
  app.event('app_home_opened', async ({ event, body }) => {
    const e = event as unknown as HomeEvent;
    if (e.tab && e.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? e.view?.team_id ?? null;
    await guarded(ctx, 'app home', null, () => publishHome(ctx, e.user, teamId));
  });
}
