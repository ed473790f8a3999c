// `/rate [CASE-1001] SCORE [comment…]`: the shell's CSAT answer. A case is named with its CASE-
// prefix or its full number (1001…), so `/rate 4 great` reads 4 as the score; without a case the
// core takes the rater's most recently resolved one. The score is passed on as typed: the core
// refuses 0, 6 or "five" with the rule, and records nothing.
import { DEFAULT_LANGUAGE, t } from '../../core/i18n/index.js';
import { unquote } from './shell-talk.js';

/** In English; the session says it in the persona's language (`shell.session.rateUsage`). */
export const RATE_USAGE = t(DEFAULT_LANGUAGE, 'shell.session.rateUsage');

export interface RateLine {
  caseIdOrReference: string | null;
  score: string;
  comment: string | null;
}

const LINE = /^\s*(?:(case-\d+|\d{4,})\s+)?(\S+)(?:\s+([\s\S]*))?$/i;

export function parseRateLine(raw: string): RateLine | null {
  const body = raw.trim().replace(/^\/rate\b/i, '');
  const match = LINE.exec(body);
  if (!match?.[2]) return null;
  const comment = match[3] ? unquote(match[3]) : '';
  return {
    caseIdOrReference: match[1] ?? null,
    score: match[2],
    comment: comment.length > 0 ? comment : null,
  };
}
