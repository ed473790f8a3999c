// Who reads a message about a case, and so in which language it is written: the customer (the
// requester) in theirs, the team's alert thread in the team's. One case can speak two languages.
import { DEFAULT_LANGUAGE } from '../i18n/index.js';
import type { SupportCase } from '../model.js';
import type { NoticeTone, NoticeView } from '../views.js';
import type { DeskContext } from './desk-context.js';
import { languageOf, teamLanguage } from './identity.js';

/** The requester's language (their setting, last platform locale, their org's, English). */
export async function customerLanguage(
  ctx: DeskContext,
  supportCase: SupportCase,
): Promise<string> {
  const { directory } = ctx.store;
  const requester = await directory.personById(supportCase.requesterId);
  const org = await directory.orgById(supportCase.orgId);
  return requester ? languageOf(requester, org) : DEFAULT_LANGUAGE;
}

/** The language of the case's team thread (the team's setting, else English). */
export async function caseTeamLanguage(
  ctx: DeskContext,
  supportCase: SupportCase,
): Promise<string> {
  const team = supportCase.teamId ? await ctx.store.directory.teamById(supportCase.teamId) : null;
  return teamLanguage(team);
}

/** A notice written in `language` (the reader's), an info line unless said otherwise. */
export function noticeIn(language: string, text: string, tone: NoticeTone = 'info'): NoticeView {
  return { kind: 'notice', tone, text, language };
}
