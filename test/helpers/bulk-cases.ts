// Bulk seeding for scale tests and benchmarks: copies one real case (opened through openCase) and
// its SLA milestones N times with a single INSERT … SELECT, on SQLite (better-sqlite3) or
// PostgreSQL (pg). Copies keep every column exactly as Prisma wrote it (dates included); only the
// keys change: case `bc-0000001`, milestone `bm-0000001`, case number template + n.
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl, quoteIdentifier } from '../../src/store/database-url.js';

export interface BulkCases {
  readonly provider: 'sqlite' | 'postgresql';
  /** Gives a case an alert message, so the SLA loop re-renders it as it would in production. */
  setAlertPlace(
    caseId: string,
    platform: string,
    channelId: string,
    messageId: string,
  ): Promise<void>;
  /** Inserts copies number first … first + count - 1 of the case and its milestones. */
  copyCase(templateId: string, first: number, count: number): Promise<void>;
  /** Makes the first `count` milestones (by id: the copies first) due, unwarned and unmet. */
  makeDue(
    count: number,
    span: { startedAt: Date; dueAt: Date; nextCheckAt: Date },
  ): Promise<number>;
  /** The query plan of the SLA loop's due query (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE). */
  explainDueQuery(now: Date, limit: number): Promise<string>;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;
interface Runner {
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

interface Dialect {
  /** A row source `g(n)` counting from ? to ?. */
  series: string;
  key(prefix: string): string;
  date(value: Date): unknown;
  columns(table: string): Promise<string[]>;
  explain(sql: string, params: unknown[]): Promise<string>;
}

export async function openBulkCases(url: string): Promise<BulkCases> {
  const target = parseDatabaseUrl(url);
  const { runner, dialect } =
    target.provider === 'sqlite'
      ? sqlite(target.file)
      : await postgres(target.connectionString, target.schema);
  const q = quoteIdentifier;

  async function copyRows(
    table: string,
    overrides: Record<string, string>,
    where: string,
    id: string,
    first: number,
    count: number,
  ) {
    const columns = await dialect.columns(table);
    const select = columns.map((column) => overrides[column] ?? `t.${q(column)}`);
    await runner.run(
      `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) SELECT ${select.join(', ')} ` +
        `FROM ${q(table)} t, ${dialect.series} WHERE t.${q(where)} = ?`,
      [first, first + count - 1, id],
    );
  }

  return {
    provider: target.provider,
    async setAlertPlace(caseId, platform, channelId, messageId) {
      await runner.run(
        `UPDATE "Case" SET "alertPlatform" = ?, "alertChannelId" = ?, "alertMessageId" = ? WHERE "id" = ?`,
        [platform, channelId, messageId, caseId],
      );
    },
    async copyCase(templateId, first, count) {
      if (count <= 0) return;
      const caseKey = dialect.key('bc-');
      await copyRows(
        'Case',
        { id: caseKey, number: `t."number" + g.n`, alertMessageId: `${dialect.key('alert-')}` },
        'id',
        templateId,
        first,
        count,
      );
      await copyRows(
        'SlaMilestone',
        { id: dialect.key('bm-'), caseId: caseKey },
        'caseId',
        templateId,
        first,
        count,
      );
    },
    makeDue(count, span) {
      return runner.run(
        `UPDATE "SlaMilestone" SET "startedAt" = ?, "dueAt" = ?, "nextCheckAt" = ?, ` +
          `"warnedLevel" = NULL, "breachedAt" = NULL, "metAt" = NULL ` +
          `WHERE "id" IN (SELECT "id" FROM "SlaMilestone" ORDER BY "id" LIMIT ?)`,
        [
          dialect.date(span.startedAt),
          dialect.date(span.dueAt),
          dialect.date(span.nextCheckAt),
          count,
        ],
      );
    },
    explainDueQuery(now, limit) {
      // The shape Prisma sends for milestones.dueForCheck (findMany where/orderBy/take).
      return dialect.explain(
        `SELECT * FROM "SlaMilestone" WHERE "nextCheckAt" <= ? ORDER BY "nextCheckAt" ASC LIMIT ?`,
        [dialect.date(now), limit],
      );
    },
    close: () => runner.close(),
  };
}

function sqlite(file: string): { runner: Runner; dialect: Dialect } {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const runner: Runner = {
    all: async (sql, params = []) => db.prepare(sql).all(...params) as Row[],
    run: async (sql, params = []) => db.prepare(sql).run(...params).changes,
    close: async () => void db.close(),
  };
  // Prisma's better-sqlite3 adapter stores DateTime as ISO 8601 text with a +00:00 offset.
  const sample = (
    db.prepare(`SELECT "openedAt" AS at FROM "Case" LIMIT 1`).get() as Row | undefined
  )?.at;
  const date = (value: Date): unknown =>
    typeof sample === 'number'
      ? value.getTime()
      : typeof sample === 'string' && sample.endsWith('Z')
        ? value.toISOString()
        : value.toISOString().replace('Z', '+00:00');
  return {
    runner,
    dialect: {
      series: `(WITH RECURSIVE s(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM s WHERE n < ?) SELECT n FROM s) g`,
      key: (prefix) => `printf('${prefix}%07d', g.n)`,
      date,
      columns: async (table) =>
        (await runner.all(`PRAGMA table_info(${quoteIdentifier(table)})`)).map((row) =>
          String(row.name),
        ),
      explain: async (sql, params) =>
        (await runner.all(`EXPLAIN QUERY PLAN ${sql}`, params))
          .map((row) => String(row.detail))
          .join('\n'),
    },
  };
}

async function postgres(
  connectionString: string,
  schema: string,
): Promise<{ runner: Runner; dialect: Dialect }> {
  const client = new pg.Client({
    connectionString,
    options: `-c search_path=${quoteIdentifier(schema)}`,
  });
  await client.connect();
  // Placeholders are written `?` once for both databases.
  const numbered = (sql: string) => {
    let index = 0;
    return sql.replace(/\?/g, () => `$${++index}`);
  };
  const runner: Runner = {
    all: async (sql, params = []) => (await client.query(numbered(sql), params)).rows as Row[],
    run: async (sql, params = []) => (await client.query(numbered(sql), params)).rowCount ?? 0,
    close: () => client.end(),
  };
  return {
    runner,
    dialect: {
      series: `generate_series(?::int, ?::int) AS g(n)`,
      key: (prefix) => `'${prefix}' || lpad(g.n::text, 7, '0')`,
      // Prisma's columns are timestamp(3) without time zone, holding UTC.
      date: (value) => value.toISOString().replace('T', ' ').replace('Z', ''),
      columns: async (table) =>
        (
          await runner.all(
            `SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position`,
            [schema, table],
          )
        ).map((row) => String(row.column_name)),
      explain: async (sql, params) => {
        await runner.run('ANALYZE "SlaMilestone"'); // what autovacuum would have done by now
        const rows = await runner.all(
          `EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) ${sql.replace('<= ?', '<= ?::timestamp')}`,
          params,
        );
        return rows.map((row) => String(row['QUERY PLAN'])).join('\n');
      },
    },
  };
}
