// `/severity CASE-1001 2 reason…`: the shell's way to change a case's severity. The reason is
// kept as typed (one pair of surrounding quotes removed); the core decides who may and which levels
// the customer's tier allows, so only the shape of the line is checked here.
import { DEFAULT_LANGUAGE, t } from '../../core/i18n/index.js';
import { parseSeverityArgs, type SeverityArgs } from '../severity-args.js';
import { unquote } from './shell-talk.js';

/** In English; the session says it in the persona's language (`shell.session.severityUsage`). */
export const SEVERITY_USAGE = t(DEFAULT_LANGUAGE, 'shell.session.severityUsage');

export type SeverityLine = SeverityArgs;

/** The case, level and reason of a `/severity` line, or null when one is missing or malformed. */
export function parseSeverityLine(raw: string): SeverityLine | null {
  const parsed = parseSeverityArgs(raw.trim().replace(/^\/severity\b/i, ''));
  if (!parsed) return null;
  const reason = unquote(parsed.reason);
  return reason ? { ...parsed, reason } : null;
}
