// One data model, two providers: fails when the two schema files drift apart, or when a
// provider's migrations no longer build exactly the schema its schema file describes (a model
// changed without a migration). The second check compares the database that the migrations build
// with the one Prisma builds straight from the schema file, table by table.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, parseDatabaseUrl } from '../../src/store/index.js';
import {
  TEST_POSTGRES_URL,
  dropSchema,
  hasPostgres,
  randomSchemaName,
  silentLogger,
  warnIfPostgresSkipped,
  withSchema,
} from '../helpers/db.js';

warnIfPostgresSkipped('schema drift');

const SCHEMAS = {
  sqlite: 'prisma/sqlite/schema.prisma',
  postgresql: 'prisma/postgres/schema.prisma',
} as const;

/** The model part of a schema file: everything after the marker, comments and blank lines dropped. */
function models(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const marker = text.indexOf('// ---- models');
  expect(marker, `${path} lacks the "// ---- models" marker`).toBeGreaterThan(0);
  return (
    text
      .slice(marker)
      .split('\n')
      .map((line) =>
        line
          .replace(/\/\/.*$/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((line) => line !== '' && !line.startsWith('///'))
      // Native type attributes (@db.Text, …) are the only provider-specific bits allowed.
      .map((line) => line.replace(/ @db\.\w+(\([^)]*\))?/g, ''))
  );
}

function schemaSql(provider: keyof typeof SCHEMAS, url: string): string {
  return execFileSync(
    process.execPath,
    [
      'node_modules/prisma/build/index.js',
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema-datamodel',
      SCHEMAS[provider],
      '--script',
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

describe('the two schema files', () => {
  it('declare the same models, fields and indexes', () => {
    const sqlite = models(SCHEMAS.sqlite);
    const postgres = models(SCHEMAS.postgresql);
    expect(sqlite.length).toBeGreaterThan(100);
    expect(postgres).toEqual(sqlite);
  });

  it('differ only in provider and generator output in their headers', () => {
    const header = (path: string) => readFileSync(path, 'utf8').split('// ---- models')[0]!;
    const sqlite = header(SCHEMAS.sqlite).replace(/\/\/.*\n/g, '');
    const postgres = header(SCHEMAS.postgresql).replace(/\/\/.*\n/g, '');
    expect(
      postgres
        .replace('generated/postgres', 'generated/sqlite')
        .replace('"postgresql"', '"sqlite"'),
    ).toBe(sqlite);
  });
});

describe('SQLite migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-drift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function describeSqlite(file: string) {
    const db = new Database(file, { readonly: true });
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
    const shape = tables.map((table) => ({
      table,
      columns: db.prepare(`PRAGMA table_info("${table}")`).all(),
      indexes: (
        db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number }[]
      )
        .map((index) => ({
          name: index.name,
          unique: index.unique,
          columns: db.prepare(`PRAGMA index_info("${index.name}")`).all(),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: db.prepare(`PRAGMA foreign_key_list("${table}")`).all(),
    }));
    db.close();
    return shape;
  }

  it('build exactly the schema of prisma/sqlite/schema.prisma', async () => {
    const migrated = join(dir, 'migrated.db');
    await migrate(parseDatabaseUrl(`file:${migrated}`), silentLogger);
    const direct = join(dir, 'direct.db');
    const db = new Database(direct);
    db.exec(schemaSql('sqlite', `file:${join(dir, 'scratch.db')}`));
    db.close();
    const expected = describeSqlite(direct);
    expect(expected.length).toBeGreaterThan(10);
    expect(describeSqlite(migrated)).toEqual(expected);
  });
});

describe.skipIf(!hasPostgres)('PostgreSQL migrations', () => {
  const schemas = [randomSchemaName(), randomSchemaName()];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  async function describePostgres(client: pg.Client, schema: string) {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default, ordinal_position
         FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'
         ORDER BY table_name, ordinal_position`,
      [schema],
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, replace(indexdef, $1, 'S') AS indexdef FROM pg_indexes
         WHERE schemaname = $2 AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`,
      [`"${schema}".`, schema],
    );
    const constraints = await client.query(
      `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE connamespace = $1::regnamespace ORDER BY conname`,
      [schema],
    );
    const strip = (text: string) =>
      text.split(`"${schema}".`).join('').split(`${schema}.`).join('');
    return {
      columns: columns.rows.map((row) => ({
        ...row,
        column_default: row.column_default && strip(row.column_default),
      })),
      indexes: indexes.rows.map((row) => ({ ...row, indexdef: strip(row.indexdef) })),
      constraints: constraints.rows
        .filter((row) => !String(row.tbl).includes('_prisma_migrations'))
        .map((row) => ({ tbl: strip(String(row.tbl)), conname: row.conname, def: strip(row.def) })),
    };
  }

  it('build exactly the schema of prisma/postgres/schema.prisma', async () => {
    const [migratedSchema, directSchema] = schemas as [string, string];
    await migrate(parseDatabaseUrl(withSchema(TEST_POSTGRES_URL, migratedSchema)), silentLogger);
    const sql = schemaSql('postgresql', TEST_POSTGRES_URL).replace(
      /CREATE SCHEMA IF NOT EXISTS "public";/,
      '',
    );
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${directSchema}"`);
      await client.query(`SET search_path TO "${directSchema}"`);
      await client.query(sql);
      const expected = await describePostgres(client, directSchema);
      expect(expected.columns.length).toBeGreaterThan(50);
      expect(await describePostgres(client, migratedSchema)).toEqual(expected);
    } finally {
      await client.end();
    }
  });
});
