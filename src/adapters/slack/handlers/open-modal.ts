// Opening a modal: Slack accepts a trigger id for 3 s, once. Work redone after its process died
// runs minutes later, so its trigger has expired: trying it again only earns an error notice about
// a form the person either has open already or will ask for again by pressing once more.
import { isRedo } from '../../../core/delivery/work-scope.js';
import type { HandlerContext } from '../handler-context.js';

export async function openModal(
  ctx: Pick<HandlerContext, 'api' | 'logger'>,
  triggerId: string,
  view: Record<string, unknown>,
): Promise<void> {
  if (isRedo()) {
    ctx.logger.info('slack: a form is not opened again on redo (its trigger has expired)', {
      callbackId: view.callback_id ?? null,
    });
    return;
  }
  // Within the trigger's 3 s: one retry at most.
  await ctx.api.call('views.open', { trigger_id: triggerId, view }, 2);
}
