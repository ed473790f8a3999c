// `CASE-1001 2 reason…`: the arguments of a severity change typed as text (the shell's `/severity`,
// Slack's `/support severity`). Only the shape is checked here; which levels exist and who may use
// them is the core's call. The reason is kept as typed, line breaks included.
import type { SeverityChangeRequest } from '../core/conversation/desk.js';

export type SeverityArgs = Omit<SeverityChangeRequest, 'actor'>;

/** The case, level and reason, or null when one is missing or the level is not a number. */
export function parseSeverityArgs(rest: string): SeverityArgs | null {
  const match = /^(\S+)\s+(\d+)\s+(\S[\s\S]*)$/.exec(rest.trim());
  if (!match) return null;
  const [, caseWord = '', level = '', reason = ''] = match;
  if (!/^(case-)?\d+$/i.test(caseWord)) return null;
  const reference = /^\d+$/.test(caseWord) ? `CASE-${caseWord}` : caseWord.toUpperCase();
  return { caseIdOrReference: reference, severity: Number(level), reason: reason.trim() };
}
