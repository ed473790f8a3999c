// Cross-place messages: to the customer's thread and to the alert thread. Delivery failures are
// logged, not thrown: the action that caused them has already happened and must be reported as done.
import type { Place, SupportCase } from '../model.js';
import type { View } from '../views.js';
import type { DeskContext } from './desk-context.js';
import { languageOf, teamLanguage } from './identity.js';
import { DEFAULT_LANGUAGE } from '../i18n/index.js';

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

/** A neutral notice; `language` is its reader's (the view says it to the adapter). */
export function info(text: string, language?: string): View {
  return { kind: 'notice', tone: 'info', text, ...(language ? { language } : {}) };
}

/** Who reads each side of a case: its requester (the customer's thread) and its team (the alert thread). */
export interface CaseReaders {
  customer: string;
  team: string;
  /** The requester's time zone, else their org's, else UTC: where their due times are shown. */
  customerZone: string;
}

/** The languages of both sides of a case: one case can speak two. */
export async function readersOf(
  ctx: Pick<DeskContext, 'store'>,
  supportCase: Pick<SupportCase, 'orgId' | 'requesterId' | 'teamId'>,
): Promise<CaseReaders> {
  const { directory } = ctx.store;
  const [org, requester, team] = await Promise.all([
    directory.orgById(supportCase.orgId),
    directory.personById(supportCase.requesterId),
    supportCase.teamId ? directory.teamById(supportCase.teamId) : Promise.resolve(null),
  ]);
  return {
    customer: requester ? languageOf(requester, org) : DEFAULT_LANGUAGE,
    team: teamLanguage(team),
    customerZone: requester?.timeZone ?? org?.calendar.timeZone ?? 'UTC',
  };
}
