// `/severity CASE-1001 2 reason…`: the shell's way to change a case's severity. The reason is
// kept as typed (one pair of surrounding quotes removed); the core decides who may and which levels
// the customer's tier allows, so only the shape of the line is checked here.
import { parseSeverityArgs, type SeverityArgs } from '../severity-args.js';
import { unquote } from './shell-talk.js';

export const SEVERITY_USAGE =
  'usage: /severity CASE-1001 LEVEL reason (LEVEL is the number, 1 = most severe; the reason is required)';

export type SeverityLine = SeverityArgs;

/** The case, level and reason of a `/severity` line, or null when one is missing or malformed. */
export function parseSeverityLine(raw: string): SeverityLine | null {
  const parsed = parseSeverityArgs(raw.trim().replace(/^\/severity\b/i, ''));
  if (!parsed) return null;
  const reason = unquote(parsed.reason);
  return reason ? { ...parsed, reason } : null;
}
