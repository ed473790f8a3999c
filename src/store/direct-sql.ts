// The raw statements on a question's hot path (issue 15: ≤ 5 ms CPU per question). Through
// Prisma each costs 90–190 µs of CPU (its request pipeline, the driver adapter, a fresh prepare
// every time); on SQLite the same statement on the adapter's own better-sqlite3 connection,
// prepared once, costs about 12 µs. On PostgreSQL, statements outside a transaction go straight
// to the adapter's pg pool (the same connections and search_path); inside one they stay on
// Prisma's transaction, which holds its own connection.
//
// Why the adapter's own connection is safe: SQLite has one connection per store, every top-level
// call holds the store's gate (prisma-context.ts), and better-sqlite3 runs a statement
// synchronously, so nothing can interleave with it; inside `store.transaction` the statement runs
// in that transaction, as the Prisma query it replaces did.
import type { Sql } from '@prisma/client/runtime/client';
import type { Db } from './prisma-context.js';

/**
 * Raw statements, written once with Prisma's `sqltag` for both providers. Errors are the driver's
 * (SqliteError, pg's DatabaseError), not Prisma's: `isUniqueViolation` does not know them, so
 * statements here settle conflicts in SQL (ON CONFLICT) or treat any failure alike.
 */
export interface RawSql {
  /** Runs a statement; the number of rows it changed. */
  execute(query: Sql): Promise<number>;
  /** Runs a query; its rows (SQLite integers as numbers; dates as text, booleans as 0/1: read ids and text). */
  query<Row>(query: Sql): Promise<Row[]>;
  /** Runs the statements atomically, all or none. */
  atomic(queries: Sql[]): Promise<void>;
}

/** The few better-sqlite3 calls used here (the adapter's connection, typed structurally). */
interface SqliteStatement {
  run(...values: unknown[]): { changes: number | bigint };
  all(...values: unknown[]): unknown[];
}
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  transaction(work: () => void): () => void;
  readonly open: boolean;
  readonly inTransaction: boolean;
}

export function isSqliteConnection(value: unknown): value is SqliteConnection {
  const candidate = value as Partial<SqliteConnection> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.prepare === 'function' &&
    typeof candidate.transaction === 'function'
  );
}

/** Prisma's raw API on a client or a transaction (PostgreSQL; SQLite before it has connected). */
export function prismaRawSql(db: () => Db): RawSql {
  return {
    execute: (query) => db().$executeRaw(query),
    query: <Row>(query: Sql) => db().$queryRaw<Row[]>(query),
    atomic: async (queries) => {
      const client = db();
      // Inside a transaction already (the client has no $transaction): in order, in it.
      if (!('$transaction' in client)) {
        for (const query of queries) await client.$executeRaw(query);
        return;
      }
      await client.$transaction(queries.map((query) => client.$executeRaw(query)));
    },
  };
}

/** A value as the better-sqlite3 driver adapter binds it (so Prisma reads back what it wrote). */
function bindable(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  // The adapter's default timestamp format: ISO 8601 with an explicit +00:00.
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  return value;
}

/** The adapter's connection returns integers as BigInt (safe integers): rows get numbers. */
function plainRow(row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return row;
  const record = row as Record<string, unknown>;
  for (const [column, value] of Object.entries(record))
    if (typeof value === 'bigint') record[column] = Number(value);
  return record;
}

/**
 * Direct statements on the adapter's connection once Prisma has opened it (`connection()`),
 * Prisma's raw API until then.
 */
export function sqliteRawSql(
  connection: () => SqliteConnection | null,
  fallback: RawSql,
  /**
   * For a store transaction's statements: Prisma may roll a transaction back (its timeout) while
   * the work goes on; a direct statement would then commit on its own, so it fails instead.
   */
  inTransaction = false,
  /** Called before a write outside a store transaction (group-commit.ts joins it to a batch). */
  beforeWrite: () => void = () => undefined,
): RawSql {
  const prepared = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
  function statement(database: SqliteConnection, sql: string): SqliteStatement {
    let cache = prepared.get(database);
    if (!cache) prepared.set(database, (cache = new Map()));
    let found = cache.get(sql);
    if (!found) cache.set(sql, (found = database.prepare(sql)));
    return found;
  }
  const open = () => {
    const database = connection();
    if (!database?.open) return null;
    if (inTransaction && !database.inTransaction)
      throw new Error('the store transaction has ended (rolled back or timed out)');
    return database;
  };
  const values = (query: Sql) => query.values.map(bindable);
  return {
    execute: async (query) => {
      const database = open();
      if (!database) return fallback.execute(query);
      if (!inTransaction) beforeWrite();
      return Number(statement(database, query.sql).run(...values(query)).changes);
    },
    query: async <Row>(query: Sql): Promise<Row[]> => {
      const database = open();
      if (!database) return fallback.query<Row>(query);
      return statement(database, query.sql)
        .all(...values(query))
        .map(plainRow) as Row[];
    },
    atomic: async (queries) => {
      const database = open();
      if (!database) return fallback.atomic(queries);
      if (!inTransaction) beforeWrite();
      // Inside a transaction (the store's, or a batch) better-sqlite3 makes this a savepoint of it.
      database.transaction(() => {
        for (const query of queries) statement(database, query.sql).run(...values(query));
      })();
    },
  };
}

/** The pg pool calls used here (the adapter's pool, typed structurally). */
interface PgClient {
  query(text: string, values: unknown[]): Promise<{ rowCount: number | null; rows: unknown[] }>;
}
interface PgPooledClient extends PgClient {
  release(error?: Error): void;
  on(event: 'error', listener: () => void): unknown;
  off(event: 'error', listener: () => void): unknown;
}
export interface PgPool extends PgClient {
  connect(): Promise<PgPooledClient>;
  readonly ending: boolean;
}

export function isPgPool(value: unknown): value is PgPool {
  const candidate = value as Partial<PgPool> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.query === 'function' &&
    typeof candidate.connect === 'function'
  );
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A date as the pg driver adapter binds it: UTC wall time for a timestamp(3) column. */
function utcTimestamp(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.` +
    pad(date.getUTCMilliseconds(), 3)
  );
}

const pgValue = (value: unknown): unknown =>
  value === undefined ? null : value instanceof Date ? utcTimestamp(value) : value;

/**
 * Direct statements on the adapter's pg pool once Prisma has opened it, Prisma's raw API until
 * then. Queries are for text and number columns (pg's own parsers read timestamps as local time).
 */
export function pgRawSql(pool: () => PgPool | null, fallback: RawSql): RawSql {
  const open = () => {
    const found = pool();
    return found && !found.ending ? found : null;
  };
  const values = (query: Sql) => query.values.map(pgValue);
  return {
    execute: async (query) => {
      const found = open();
      if (!found) return fallback.execute(query);
      return (await found.query(query.text, values(query))).rowCount ?? 0;
    },
    query: async <Row>(query: Sql): Promise<Row[]> => {
      const found = open();
      if (!found) return fallback.query<Row>(query);
      return (await found.query(query.text, values(query))).rows as Row[];
    },
    atomic: async (queries) => {
      const found = open();
      if (!found) return fallback.atomic(queries);
      const client = await found.connect();
      // pg-pool stops listening to a checked-out client's errors: a connection the server drops
      // meanwhile would raise an unhandled 'error' and stop the process (the query fails anyway).
      const ignore = () => undefined;
      client.on('error', ignore);
      try {
        await client.query('BEGIN', []);
        for (const query of queries) await client.query(query.text, values(query));
        await client.query('COMMIT', []);
        client.release();
      } catch (error) {
        // A connection whose rollback failed is in an unknown state: not given back to the pool.
        const rolledBack = await client.query('ROLLBACK', []).then(
          () => true,
          () => false,
        );
        client.release(rolledBack ? undefined : new Error('rollback failed'));
        throw error;
      } finally {
        client.off('error', ignore);
      }
    },
  };
}
