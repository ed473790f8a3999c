// Where callback messages go: the customer's case thread, the alert thread, and the owner by
// direct message (on the platform of the case's alert). A failed delivery is logged: the state
// change it reports has already happened.
import { info, tellCustomer, tellTeam } from '../conversation/notify.js';
import { languageOf, platformUserId, teamLanguage } from '../conversation/identity.js';
import { say, type Localized } from './messages.js';
import type { DeskContext } from '../conversation/desk-context.js';
import type { Person, SupportCase } from '../model.js';
import type { Attachment, CallbackOffer, Mention, NoticeView } from '../views.js';

/** A notice said in `language` (its text, and what adapters add around it). */
export function notice(
  language: string,
  text: string | Localized,
  extra: {
    callback?: CallbackOffer;
    attachment?: Attachment | null;
    mentions?: Mention[];
    tone?: NoticeView['tone'];
  } = {},
): NoticeView {
  const view: NoticeView = {
    kind: 'notice',
    tone: extra.tone ?? 'info',
    text: say(text, language),
    language,
  };
  if (extra.callback) view.callback = extra.callback;
  if (extra.attachment) view.attachment = extra.attachment;
  if (extra.mentions && extra.mentions.length > 0) view.mentions = extra.mentions;
  return view;
}

export async function toOwner(
  ctx: DeskContext,
  supportCase: SupportCase,
  owner: Person,
  view: NoticeView,
): Promise<boolean> {
  const platform = supportCase.alertPlace?.platform ?? supportCase.customerPlace?.platform;
  const port = platform ? ctx.ports[platform] : undefined;
  const userId = platform ? platformUserId(owner, platform) : null;
  if (!port || !userId) return false;
  try {
    await port.sendDirect(userId, view);
    return true;
  } catch (error) {
    ctx.logger.warn('could not tell the owner about a call', {
      case: supportCase.reference,
      error: String(error),
    });
    return false;
  }
}

export const toCustomer = (ctx: DeskContext, supportCase: SupportCase, view: NoticeView) =>
  tellCustomer(ctx, supportCase, view);

/** The alert thread, in the team's language. */
export async function toTeam(
  ctx: DeskContext,
  supportCase: SupportCase,
  text: Localized,
): Promise<boolean> {
  const team = supportCase.teamId ? await ctx.store.directory.teamById(supportCase.teamId) : null;
  const language = teamLanguage(team);
  return tellTeam(ctx, supportCase, { ...info(text(language)), language });
}

/** The language a staff member reads (their setting, else English). */
export const staffLanguage = (person: Person): string => languageOf(person, null);
