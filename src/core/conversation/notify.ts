// Cross-place messages: to the customer's thread and to the alert thread. Delivery failures are
// logged, not thrown: the action that caused them has already happened and must be reported as done.
import type { Place, SupportCase } from '../model.js';
import type { View } from '../views.js';
import type { DeskContext } from './desk-context.js';

export function alertThread(supportCase: SupportCase): Place | null {
  const alert = supportCase.alertPlace;
  if (!alert) return null;
  return {
    platform: alert.platform,
    channelId: alert.channelId,
    threadId: alert.threadId ?? alert.messageId ?? null,
  };
}

async function postTo(
  ctx: DeskContext,
  place: Place | null,
  view: View,
  what: string,
  supportCase: SupportCase,
): Promise<boolean> {
  if (!place) return false;
  const port = ctx.ports[place.platform];
  if (!port) {
    ctx.logger.warn(`no adapter running to reach the ${what}`, {
      case: supportCase.reference,
      platform: place.platform,
    });
    return false;
  }
  try {
    await port.post(place, view);
    return true;
  } catch (error) {
    ctx.logger.error(`could not post to the ${what}`, {
      case: supportCase.reference,
      error: String(error),
    });
    return false;
  }
}

export function tellCustomer(
  ctx: DeskContext,
  supportCase: SupportCase,
  view: View,
): Promise<boolean> {
  return postTo(ctx, supportCase.customerPlace, view, 'customer thread', supportCase);
}

export function tellTeam(ctx: DeskContext, supportCase: SupportCase, view: View): Promise<boolean> {
  return postTo(ctx, alertThread(supportCase), view, 'alert thread', supportCase);
}

export function info(text: string): View {
  return { kind: 'notice', tone: 'info', text };
}
