// `/severity CASE-1001 2 reason…`: the shell's way to change a case's severity. The reason is
// kept as typed (one pair of surrounding quotes removed); the core decides who may and which levels
// the customer's tier allows, so only the shape of the line is checked here.
import type { SeverityChangeRequest } from '../../core/conversation/desk.js';
import { looksLikeCaseReference } from './commands.js';
import { unquote } from './shell-talk.js';

export const SEVERITY_USAGE =
  'usage: /severity CASE-1001 LEVEL reason (LEVEL is the number, 1 = most severe; the reason is required)';

export type SeverityLine = Omit<SeverityChangeRequest, 'actor'>;

/** The case, level and reason of a `/severity` line, or null when one is missing or malformed. */
export function parseSeverityLine(raw: string): SeverityLine | null {
  const match = /^\/severity\s+(\S+)\s+(\S+)(?:\s+([\s\S]*))?$/i.exec(raw.trim());
  if (!match) return null;
  const [, caseWord, level = '', rest = ''] = match;
  if (!looksLikeCaseReference(caseWord) || !/^\d+$/.test(level)) return null;
  const reason = unquote(rest);
  if (!reason) return null;
  const reference = caseWord.toUpperCase().startsWith('CASE-')
    ? caseWord.toUpperCase()
    : `CASE-${caseWord}`;
  return { caseIdOrReference: reference, severity: Number(level), reason };
}
