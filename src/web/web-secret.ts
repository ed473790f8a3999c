// The key staff links are signed with. CASEBOT_WEB_SECRET when set (at least 32 characters; the
// same on every replica). Otherwise a random key kept in a file (the app puts it next to the SQLite
// database: data/web-secret by default; mode 600), created on first use by the server or by
// `casebot dashboard-link`, whichever comes first; its path is logged once, never its value.
// Rotating it (a new value, or deleting the file) makes every link already sent invalid.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CasebotError } from '../core/errors.js';

export const DEFAULT_SECRET_FILE = 'data/web-secret';
export const MIN_SECRET_LENGTH = 32;

export class WebSecretError extends CasebotError {
  constructor(message: string) {
    super('configuration', 'WEB_SECRET_INVALID', message);
  }
}

export interface WebSecret {
  value: string;
  /** Where it came from: the environment, a file read, or a file just created. */
  source: 'env' | 'file' | 'created';
  file: string | null;
}

export function resolveWebSecret(options: {
  fromEnv: string | undefined;
  file?: string;
}): WebSecret {
  if (options.fromEnv !== undefined && options.fromEnv !== '') {
    if (options.fromEnv.length < MIN_SECRET_LENGTH)
      throw new WebSecretError(
        `CASEBOT_WEB_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. the output of: openssl rand -base64 32)`,
      );
    return { value: options.fromEnv, source: 'env', file: null };
  }
  const file = resolve(options.file ?? DEFAULT_SECRET_FILE);
  const existing = readSecretFile(file);
  if (existing !== null) return { value: existing, source: 'file', file };
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': a concurrent start that wrote it first wins, and both then use its value.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    const created = readSecretFile(file);
    if (created === null) throw new WebSecretError(`could not read back ${file}`);
    return { value: created, source: 'created', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = readSecretFile(file);
      if (raced !== null) return { value: raced, source: 'file', file };
    }
    throw error;
  }
}

function readSecretFile(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const value = text.trim();
  if (value.length < MIN_SECRET_LENGTH)
    throw new WebSecretError(
      `${file} holds no usable secret (under ${MIN_SECRET_LENGTH} characters): delete it to have a new one made, or set CASEBOT_WEB_SECRET`,
    );
  return value;
}
