// Recoverable "sent" marks written late on PostgreSQL (issue 15: statements per question): they
// ride on the next "done" mark, a timer writes the ones nobody carries, this process reads its
// own marks, and a failed write keeps them for the next try.
import pg from 'pg';
import { sqltag, type Sql } from '@prisma/client/runtime/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pendingSentMarks } from '../../src/store/pending-sent-marks.js';
import type { RawSql } from '../../src/store/direct-sql.js';
import {
  createTestDb,
  hasPostgres,
  silentLogger,
  TEST_POSTGRES_URL,
  warnIfPostgresSkipped,
  type TestDb,
} from '../helpers/db.js';
import { at, journalRow as row, T0 } from '../delivery/durable-helpers.js';

warnIfPostgresSkipped('late sent marks');

describe.skipIf(!hasPostgres)('late sent marks on postgresql', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestDb('postgresql');
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await db.cleanup();
  });

  it('writes an answer’s mark in the statement that marks its event done', async () => {
    const { journal, deliveries } = db.store;
    await deliveries.claim('event-1', T0, 60_000, '{}');
    await journal.begin(row('answer#1'), 'A', T0, 60_000);
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    await journal.sent('answer#1', 'A', '{"ts":"1.5"}', at(1_000), undefined, {
      recoverable: true,
    });
    expect(queries).not.toHaveBeenCalled();
    await deliveries.done('event-1', at(1_500));
    expect(queries).toHaveBeenCalledTimes(1);
    queries.mockRestore();
    // Read by another process (a second store on the same schema): on disk, not only here.
    const other = await db.openAnother();
    expect(await other.journal.begin(row('answer#1'), 'B', at(2_000), 60_000)).toEqual({
      kind: 'sent',
      result: '{"ts":"1.5"}',
    });
    expect((await other.deliveries.backlog(at(2_000))).undone).toBe(0);
    // The same instant as a mark written at once stores it (a timestamp column, read as UTC).
    await journal.begin(row('answer#2'), 'A', T0, 60_000);
    await journal.sent('answer#2', 'A', null, at(1_000));
    const schema = new URL(db.url).searchParams.get('schema');
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string; sentAt: string }>(
        `SELECT "key", "sentAt"::text AS "sentAt" FROM "${schema}"."OutboundMessage" ORDER BY "key"`,
      );
      expect(rows).toEqual([
        { key: 'answer#1', sentAt: '2026-03-02 10:00:01' },
        { key: 'answer#2', sentAt: '2026-03-02 10:00:01' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('writes several waiting marks in the one statement, each on its own row', async () => {
    const { journal, deliveries } = db.store;
    await deliveries.claim('event-2', T0, 60_000, '{}');
    for (const key of ['reply#1', 'reply#2', 'reply#3']) {
      await journal.begin(row(key), 'A', T0, 60_000);
      await journal.sent(key, 'A', `{"ts":"${key}"}`, at(1_000), undefined, { recoverable: true });
    }
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    await deliveries.done('event-2', at(1_500));
    expect(queries).toHaveBeenCalledTimes(1);
    queries.mockRestore();
    const other = await db.openAnother();
    for (const key of ['reply#1', 'reply#2', 'reply#3'])
      expect(await other.journal.outcome(key)).toEqual({
        state: 'sent',
        result: `{"ts":"${key}"}`,
      });
    expect((await other.deliveries.backlog(at(2_000))).undone).toBe(0);
  });

  it('writes a mark no event carries within the delay', async () => {
    const { journal } = db.store;
    await journal.begin(row('alert#1'), 'A', T0, 60_000);
    await journal.sent('alert#1', 'A', '{"ts":"2.5"}', at(1_000), undefined, {
      recoverable: true,
    });
    const other = await db.openAnother();
    await vi.waitFor(
      async () =>
        expect(await other.journal.outcome('alert#1')).toEqual({
          state: 'sent',
          result: '{"ts":"2.5"}',
        }),
      { timeout: 2_000, interval: 10 },
    );
  });

  it('lets this process read its own mark at once, and writes the rest on close', async () => {
    const { journal } = db.store;
    for (const key of ['post#1', 'post#2']) {
      await journal.begin(row(key), 'A', T0, 60_000);
      await journal.sent(key, 'A', `{"ts":"${key}"}`, at(1_000), undefined, { recoverable: true });
    }
    expect(await journal.outcome('post#1')).toEqual({ state: 'sent', result: '{"ts":"post#1"}' });
    const other = await db.openAnother();
    await db.store.close();
    expect(await other.journal.outcome('post#2')).toEqual({
      state: 'sent',
      result: '{"ts":"post#2"}',
    });
  });

  it('keeps the mark of a row taken over and refused meanwhile off it', async () => {
    const { journal } = db.store;
    await journal.begin(row('dm#1'), 'A', T0, 60_000);
    const other = await db.openAnother();
    expect(await other.journal.begin(row('dm#1'), 'B', at(61_000), 60_000)).toMatchObject({
      kind: 'resend',
    });
    await other.journal.refused('dm#1', 'B', 'channel_not_found');
    await journal.sent('dm#1', 'A', '{"ts":"late"}', at(62_000), undefined, { recoverable: true });
    await journal.figures(at(62_000)); // writes the waiting marks first
    expect(await other.journal.outcome('dm#1')).toEqual({ state: 'refused' });
  });
});

describe('late sent marks after a failed write', () => {
  /** A RawSql that fails its first `failures` statements, then records them. */
  function flakyRaw(failures: number) {
    const written: Sql[] = [];
    let left = failures;
    const raw: RawSql = {
      execute: async (query) => {
        if (left-- > 0) throw new Error('connection terminated');
        written.push(query);
        return 1;
      },
      query: async () => [],
      atomic: async () => undefined,
    };
    return { raw, written };
  }
  const mark = (key: string) => ({ key, owner: 'A', result: null, sentAt: T0 });

  it('keeps the marks of a failed carrying statement for the next one, and fails that statement', async () => {
    const { raw, written } = flakyRaw(1);
    const marks = pendingSentMarks({ raw, logger: silentLogger, delayMs: 60_000 });
    marks.add(mark('a#1'));
    const done = sqltag`UPDATE "DeliveredEvent" SET "doneAt" = ${T0} WHERE "key" = ${'e#1'}`;
    await expect(marks.carriedBy(done)).rejects.toThrow('connection terminated');
    expect(marks.has('a#1')).toBe(true);
    await marks.carriedBy(done);
    expect(marks.has('a#1')).toBe(false);
    expect(written).toHaveLength(1);
    expect(written[0]!.values).toContain('a#1');
    expect(written[0]!.values).toContain('e#1');
  });

  it('tries a failed timed write again, and warns', async () => {
    const { raw, written } = flakyRaw(1);
    const warn = vi.fn();
    const marks = pendingSentMarks({ raw, logger: { ...silentLogger, warn }, delayMs: 5 });
    marks.add(mark('b#1'));
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1), { timeout: 1_000 });
    expect(marks.has('b#1')).toBe(true);
    await vi.waitFor(() => expect(written).toHaveLength(1), { timeout: 3_000, interval: 50 });
    expect(marks.has('b#1')).toBe(false);
  });
});
