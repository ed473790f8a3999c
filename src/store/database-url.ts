// Turns DATABASE_URL (or nothing) into what the store needs to open the database.
// SQLite is the embedded default (a file under ./data/, created on first start); a
// postgres:// or postgresql:// URL selects PostgreSQL. A `schema` query parameter (Prisma's
// convention) selects a PostgreSQL schema other than `public`, and `connection_limit` the size of
// the app's connection pool (default 20, see open-store.ts).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const DEFAULT_SQLITE_URL = 'file:./data/casebot.db';

export type DatabaseTarget =
  | { provider: 'sqlite'; url: string; file: string }
  | {
      provider: 'postgresql';
      url: string;
      connectionString: string;
      schema: string;
      /** `connection_limit` (Prisma's name): the app's pool size. */
      poolSize?: number;
    };

export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const raw = (url ?? '').trim() || DEFAULT_SQLITE_URL;
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    const parsed = new URL(raw);
    const schema = parsed.searchParams.get('schema') ?? 'public';
    parsed.searchParams.delete('schema');
    const limit = parsed.searchParams.get('connection_limit');
    parsed.searchParams.delete('connection_limit');
    const poolSize = limit === null ? null : Number(limit);
    if (poolSize !== null && (!Number.isInteger(poolSize) || poolSize < 1))
      throw new Error(
        `DATABASE_URL's connection_limit must be a whole number of connections such as 20 (got "${limit}")`,
      );
    return {
      provider: 'postgresql',
      url: raw,
      connectionString: parsed.toString(),
      schema,
      ...(poolSize !== null ? { poolSize } : {}),
    };
  }
  if (raw.startsWith('file:') || !raw.includes('://')) {
    const path = raw.replace(/^file:(\/\/)?/, '');
    // :memory: cannot work: the migration runner and the client use separate connections.
    if (!path || path === ':memory:')
      throw new Error(`DATABASE_URL "${raw}" names no file: use file:./data/casebot.db`);
    return { provider: 'sqlite', url: raw, file: resolve(path) };
  }
  throw new Error(
    `DATABASE_URL "${raw}" is neither a SQLite file (file:./data/casebot.db) nor a PostgreSQL URL (postgresql://user@host:5432/db)`,
  );
}

/** Creates the folder of a SQLite file so that the first start needs no manual step. */
export function ensureSqliteFolder(target: DatabaseTarget): void {
  if (target.provider === 'sqlite') mkdirSync(dirname(target.file), { recursive: true });
}

/** Double-quotes an SQL identifier (schema names come from configuration). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
