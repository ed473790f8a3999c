// App Home: the customer's open cases and, for engineers, the team queue, with time left.
import type { App } from '@slack/bolt';
import type { CaseListView, NoticeView } from '../../../core/views.js';
import { guarded, slackActor, type HandlerContext } from '../handler-context.js';
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
  const [status, queue] = await Promise.all([ctx.desk().status(actor), ctx.desk().queue(actor)]);
  const lists = [status, queue].filter((v): v is CaseListView => v.kind === 'case-list');
  const notice = [status, queue].find((v): v is NoticeView => v.kind === 'notice') ?? null;
  await ctx.api.call('views.publish', { user_id: userId, view: renderHome(lists, notice) });
}

export function registerHome(app: App, ctx: HandlerContext): void {
  app.event('app_home_opened', async ({ event, body }) => {
    const e = event as unknown as HomeEvent;
    if (e.tab && e.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? e.view?.team_id ?? null;
    await guarded(ctx, 'app home', null, () => publishHome(ctx, e.user, teamId));
  });
}
