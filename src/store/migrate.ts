// Applies prisma/<provider>/migrations/*/migration.sql in name order at start, for both
// providers (Prisma's own `migrate deploy` cannot run offline on PostgreSQL: see prisma/README.md).
// Each migration runs in its own transaction, under a lock (an advisory lock on PostgreSQL, an
// immediate transaction on SQLite), and is recorded in Prisma's `_prisma_migrations` table format
// (name + sha256 checksum) so that a team with the native engine can still use Prisma's tooling.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
  finished: boolean;
}

/** The few operations the runner needs from a database connection. */
export interface MigrationConnection {
  /** Runs a script of one or more statements. */
  exec(sql: string): Promise<void>;
  appliedMigrations(): Promise<AppliedMigration[]>;
  record(migration: Migration, startedAt: Date, finishedAt: Date): Promise<void>;
  /** Holds the migration lock for the duration of `work`. */
  withLock<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction: all or nothing. */
  inTransaction(work: () => Promise<void>): Promise<void>;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
  /** Applied earlier, but the file changed since (a warning, as with `prisma migrate deploy`). */
  modified: string[];
}

export function migrationsFolder(provider: 'sqlite' | 'postgresql'): string {
  // src/store/ and dist/store/ are both two levels below the package root.
  const root = fileURLToPath(new URL('../../prisma/', import.meta.url));
  return join(root, provider === 'sqlite' ? 'sqlite' : 'postgres', 'migrations');
}

export function readMigrations(folder: string): Migration[] {
  if (!existsSync(folder)) throw new Error(`migrations folder not found: ${folder}`);
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(folder, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export const PRISMA_MIGRATIONS_TABLE = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
} as const;

export function newMigrationId(): string {
  return randomUUID();
}

/** Applies every pending migration; safe to call on every start and from several replicas at once. */
export async function runMigrations(
  connection: MigrationConnection,
  migrations: Migration[],
): Promise<MigrationReport> {
  return connection.withLock(async () => {
    const applied = new Map((await connection.appliedMigrations()).map((row) => [row.name, row]));
    const unfinished = [...applied.values()].find((row) => !row.finished);
    if (unfinished) {
      throw new Error(
        `migration ${unfinished.name} was started but never finished (a failed run of another tool): fix the database, then delete its row from _prisma_migrations`,
      );
    }
    const report: MigrationReport = { applied: [], alreadyApplied: [], modified: [] };
    for (const migration of migrations) {
      const previous = applied.get(migration.name);
      if (previous) {
        report.alreadyApplied.push(migration.name);
        if (previous.checksum !== migration.checksum) report.modified.push(migration.name);
        continue;
      }
      const startedAt = new Date();
      try {
        await connection.inTransaction(async () => {
          await connection.exec(migration.sql);
          await connection.record(migration, startedAt, new Date());
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`migration ${migration.name} failed and was rolled back: ${reason}`, {
          cause: error,
        });
      }
      report.applied.push(migration.name);
    }
    return report;
  });
}
