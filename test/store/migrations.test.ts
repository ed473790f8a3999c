// The migration runner: applies every migration on an empty database, is idempotent, records
// Prisma's _prisma_migrations rows, rolls a failing migration back alone, and serialises
// concurrent runs (two replicas starting at once).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, parseDatabaseUrl } from '../../src/store/index.js';
import { migrationsFolder, readMigrations, runMigrations } from '../../src/store/migrate.js';
import {
  postgresMigrationConnection,
  sqliteMigrationConnection,
} from '../../src/store/migration-connections.js';
import {
  TEST_POSTGRES_URL,
  dropSchema,
  hasPostgres,
  randomSchemaName,
  silentLogger,
  warnIfPostgresSkipped,
  withSchema,
} from '../helpers/db.js';

warnIfPostgresSkipped('migrations');

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-migrate-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function writeMigrations(entries: Record<string, string>): string {
  const folder = tempDir();
  for (const [name, sql] of Object.entries(entries)) {
    mkdirSync(join(folder, name));
    writeFileSync(join(folder, name, 'migration.sql'), sql);
  }
  return folder;
}

describe('migrations on SQLite', () => {
  it('creates the file and its folder, applies every migration, then nothing on the next start', async () => {
    const file = join(tempDir(), 'nested', 'data', 'casebot.db');
    const target = parseDatabaseUrl(`file:${file}`);
    const first = await migrate(target, silentLogger);
    const shipped = readMigrations(migrationsFolder('sqlite'));
    expect(first.applied).toEqual(shipped.map((migration) => migration.name));
    const second = await migrate(target, silentLogger);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    const db = new Database(file, { readonly: true });
    const rows = db
      .prepare(
        'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations',
      )
      .all() as {
      migration_name: string;
      checksum: string;
      finished_at: string | null;
      applied_steps_count: number;
    }[];
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    const counter = db.prepare('SELECT value FROM "Counter" WHERE name = ?').get('case') as {
      value: number;
    };
    db.close();
    expect(rows).toHaveLength(shipped.length);
    expect(rows[0]?.checksum).toBe(createHash('sha256').update(shipped[0]!.sql).digest('hex'));
    expect(rows[0]?.finished_at).not.toBeNull();
    expect(rows[0]?.applied_steps_count).toBe(1);
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(['Case', 'SlaMilestone', 'OutboxMessage']),
    );
    expect(counter.value).toBe(1000);
  });

  it('rolls a failing migration back alone and keeps the ones before it', async () => {
    const folder = writeMigrations({
      '001_ok': 'CREATE TABLE a (id INTEGER);',
      '002_broken': 'CREATE TABLE b (id INTEGER);\nINSERT INTO missing VALUES (1);',
    });
    const file = join(tempDir(), 'x.db');
    const connection = sqliteMigrationConnection(file);
    await expect(runMigrations(connection, readMigrations(folder))).rejects.toThrow(
      /002_broken failed and was rolled back/,
    );
    connection.close();
    const db = new Database(file, { readonly: true });
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    const applied = db.prepare('SELECT migration_name FROM _prisma_migrations').all();
    db.close();
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
    expect(applied).toEqual([{ migration_name: '001_ok' }]);
  });

  it('reports an applied migration whose file changed since', async () => {
    const file = join(tempDir(), 'y.db');
    const before = writeMigrations({ '001_a': 'CREATE TABLE a (id INTEGER);' });
    const after = writeMigrations({ '001_a': 'CREATE TABLE a (id INTEGER, extra TEXT);' });
    const connection = sqliteMigrationConnection(file);
    await runMigrations(connection, readMigrations(before));
    const report = await runMigrations(connection, readMigrations(after));
    connection.close();
    expect(report.modified).toEqual(['001_a']);
    expect(report.applied).toEqual([]);
  });
});

describe.skipIf(!hasPostgres)('migrations on PostgreSQL', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });
  function freshSchema(): string {
    const schema = randomSchemaName();
    schemas.push(schema);
    return schema;
  }

  it('applies every migration into a fresh schema, then nothing on the next start', async () => {
    const schema = freshSchema();
    const target = parseDatabaseUrl(withSchema(TEST_POSTGRES_URL, schema));
    const first = await migrate(target, silentLogger);
    expect(first.applied).toEqual(
      readMigrations(migrationsFolder('postgresql')).map((migration) => migration.name),
    );
    expect((await migrate(target, silentLogger)).applied).toEqual([]);
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    const tables = await client.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    const rows = await client.query(
      'SELECT migration_name FROM "' + schema + '"._prisma_migrations',
    );
    await client.end();
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['Case', 'CaseEvent', '_prisma_migrations']),
    );
    expect(rows.rowCount).toBe(first.applied.length);
  });

  it('lets only one of several replicas starting at once apply each migration (advisory lock)', async () => {
    const schema = freshSchema();
    const target = parseDatabaseUrl(withSchema(TEST_POSTGRES_URL, schema));
    const reports = await Promise.all([1, 2, 3, 4].map(() => migrate(target, silentLogger)));
    const appliedCount = reports.reduce((sum, report) => sum + report.applied.length, 0);
    expect(appliedCount).toBe(readMigrations(migrationsFolder('postgresql')).length);
  });

  it('rolls a failing migration back alone', async () => {
    const schema = freshSchema();
    const folder = writeMigrations({
      '001_ok': 'CREATE TABLE a (id INTEGER);',
      '002_broken': 'CREATE TABLE b (id INTEGER);\nINSERT INTO missing VALUES (1);',
    });
    const connection = await postgresMigrationConnection(TEST_POSTGRES_URL, schema);
    await expect(runMigrations(connection, readMigrations(folder))).rejects.toThrow(
      /002_broken failed/,
    );
    await connection.close();
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    const tables = await client.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    await client.end();
    const names = tables.rows.map((row) => row.table_name);
    expect(names).toContain('a');
    expect(names).not.toContain('b');
  });
});
