// What a start checks before it touches the database, and what a failed start says: one line that
// names the setting and the fix, never a stack trace (main.ts prints it).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, type AppConfig } from '../config/env.js';
import { findTier, type Policy } from '../core/sla/index.js';
import { CasebotError } from '../core/errors.js';

/** The bot could not start for a reason outside the settings as written (a server unreachable). */
export class StartError extends CasebotError {
  constructor(message: string) {
    super('configuration', 'START_FAILED', message);
  }
}

/** A missing KB folder is found before the database is created, migrated and seeded. */
export function checkKbFolder(config: AppConfig): void {
  const dir = resolve(config.kbDir);
  let isFolder = false;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder)
    throw new ConfigError([
      `KB_DIR: no folder at ${dir}: point KB_DIR at your folder of Markdown articles (this checkout's sample is kb)`,
    ]);
}

/** The URL as it may be printed: the password is hidden. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'is the server running and listening on that host and port? Check DATABASE_URL',
  ENOTFOUND: 'the host name is unknown: check DATABASE_URL',
  EAI_AGAIN: 'the host name could not be resolved: check DATABASE_URL and the network',
  ETIMEDOUT: 'the server did not answer: check DATABASE_URL, the network and firewalls',
  EHOSTUNREACH: 'the host cannot be reached: check DATABASE_URL and the network',
  '28P01': 'the password was refused: check the user and password in DATABASE_URL',
  '28000': 'the server refused this user: check the user in DATABASE_URL',
  '3D000': 'that database does not exist: create it (createdb) or fix its name in DATABASE_URL',
  SQLITE_CANTOPEN: 'the file cannot be created or opened: check DATABASE_URL and its folder',
  EACCES: 'permission denied: check DATABASE_URL and the rights on its folder',
};

/**
 * An error with a system or driver code (connection refused, bad password, unwritable file) says
 * what to check in one line; any other error is a bug and keeps its stack.
 */
export function describeDatabaseError(url: string | undefined, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || typeof code !== 'string') return error;
  const reason = error.message.split('\n')[0]?.trim() || code;
  const hint = HINTS[code] ?? 'check DATABASE_URL';
  const where = redactDatabaseUrl(url ?? 'file:./data/casebot.db');
  return new StartError(
    `cannot open the database ${where} (${reason.includes(code) ? reason : `${code}: ${reason}`}): ${hint}`,
  );
}

/**
 * Every org must have a tier of the policy in use, or its first /open fails ("unknown tier"): the
 * start refuses instead, naming the orgs and the fix. `what` says where the orgs come from.
 */
export function checkOrgTiers(
  orgs: ReadonlyArray<{ slug: string; tier: string }>,
  policy: Policy,
  what: string,
): void {
  const unknown = orgs.filter((org) => !findTier(policy, org.tier));
  if (unknown.length === 0) return;
  const list = unknown.map((org) => `org ${org.slug} (tier ${org.tier})`).join(', ');
  throw new ConfigError([
    `${what}: ${list} ${unknown.length === 1 ? 'has a tier' : 'have tiers'} that policy ${policy.name} (${policy.source}) does not know: ` +
      `use one of ${policy.tiers.map((tier) => tier.id).join(', ')} in the setup file, or set SLA_POLICY (or policy: in the setup file) to the policy these orgs were set up with`,
  ]);
}
