// MigrationConnection for each provider, on the plain drivers (better-sqlite3, pg): the runner
// needs multi-statement scripts and locks, which are simpler there than through Prisma.
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  PRISMA_MIGRATIONS_TABLE,
  newMigrationId,
  type AppliedMigration,
  type MigrationConnection,
} from './migrate.js';
import { quoteIdentifier } from './database-url.js';

/** Prisma's own advisory lock key for migrations, so `prisma migrate deploy` and casebot exclude each other. */
const ADVISORY_LOCK_KEY = 72707369;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

function toApplied(rows: MigrationRow[]): AppliedMigration[] {
  return rows
    .filter((row) => row.rolled_back_at === null)
    .map((row) => ({
      name: row.migration_name,
      checksum: row.checksum,
      finished: row.finished_at !== null,
    }));
}

/**
 * SQLite: the whole run holds one IMMEDIATE transaction (the write lock, so a second process
 * waits), and each migration is a savepoint inside it: a failing migration is rolled back alone,
 * the ones before it are kept.
 */
export function sqliteMigrationConnection(file: string): MigrationConnection & { close(): void } {
  const db = new Database(file, { timeout: 15_000 });
  // WAL lets readers proceed while the bot writes; the mode is stored in the file.
  db.pragma('journal_mode = WAL');
  let depth = 0;
  return {
    async exec(sql) {
      db.exec(sql);
    },
    async appliedMigrations() {
      db.exec(PRISMA_MIGRATIONS_TABLE.sqlite);
      const rows = db
        .prepare(
          'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
        )
        .all();
      return toApplied(rows as MigrationRow[]);
    },
    async record(migration, startedAt, finishedAt) {
      db.prepare(
        'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
      ).run(
        newMigrationId(),
        migration.checksum,
        finishedAt.toISOString(),
        migration.name,
        startedAt.toISOString(),
      );
    },
    async withLock(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        return await work();
      } finally {
        db.exec('COMMIT');
      }
    },
    async inTransaction(work) {
      const name = `casebot_migration_${++depth}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        await work();
        db.exec(`RELEASE ${name}`);
      } catch (error) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
        throw error;
      }
    },
    close() {
      db.close();
    },
  };
}

/** PostgreSQL: a session advisory lock around the run, one transaction per migration. */
export async function postgresMigrationConnection(
  connectionString: string,
  schema: string,
): Promise<MigrationConnection & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${quoteIdentifier(schema)}`);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async appliedMigrations() {
      await client.query(PRISMA_MIGRATIONS_TABLE.postgresql);
      const result = await client.query<MigrationRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
      );
      return toApplied(result.rows);
    },
    async record(migration, startedAt, finishedAt) {
      await client.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, NULL, NULL, $5, 1)',
        [newMigrationId(), migration.checksum, finishedAt, migration.name, startedAt],
      );
    },
    async withLock(work) {
      await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
      try {
        // Under the lock: two replicas creating the schema at once would collide.
        if (schema !== 'public')
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
      }
    },
    async inTransaction(work) {
      await client.query('BEGIN');
      try {
        await work();
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async close() {
      await client.end();
    },
  };
}
