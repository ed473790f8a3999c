// "Sent" marks the journal may write late, on PostgreSQL (issue 15: statements per question). A
// recoverable mark (core/ports/journal.ts: lost in a crash, the row's next sender finds the
// message on the platform) need not be on disk before its caller goes on, as SQLite's group
// commit already lets it. Here it waits in memory and rides on the event's "done" mark, which
// follows it on every question: one statement and one commit where there were two. A mark nobody
// carries is written by a timer, and anything in this process that reads or changes the row
// writes it first.
import { join, raw as verbatim, sqltag } from '@prisma/client/runtime/client';
import type { Sql } from '@prisma/client/runtime/client';
import type { Logger } from '../core/ports/platform.js';
import type { RawSql } from './direct-sql.js';

export interface SentMark {
  key: string;
  owner: string;
  result: string | null;
  sentAt: Date;
}

export interface PendingSentMarks {
  /** Keeps the mark until it is carried or written (within `delayMs`). */
  add(mark: SentMark): void;
  /** Whether the row `key` has a mark waiting here. */
  has(key: string): boolean;
  /**
   * Runs `statement` (an UPDATE) with the waiting marks written in the same statement, up to
   * `perStatement` of them; the rows it changed. Marks whose statement fails wait again.
   */
  carriedBy(statement: Sql): Promise<number>;
  /** Writes the waiting marks now (all, or only when `key` is among them). */
  flush(key?: string): Promise<void>;
}

export interface PendingSentMarksOptions {
  raw: RawSql;
  logger: Logger;
  /** Longest a mark waits for a statement to carry it (ms). */
  delayMs?: number;
  /** Marks that start a write at once rather than wait longer. */
  maxWaiting?: number;
  /** Marks written by one statement, at most. */
  perStatement?: number;
}

/** After a failed write, the next try (ms): the database may be restarting. */
const RETRY_MS = 1_000;

/**
 * One single-row UPDATE per mark (in one statement: each a data-modifying WITH part, the last the
 * main statement), each found by its key's index; the rows still pending only (a row taken over
 * and refused meanwhile keeps its state, as with one mark at a time). One UPDATE joined to the
 * marks as a JSON record set was planned as a scan of the whole table: answers seconds late at
 * 200 questions a second.
 */
function marksUpdates(marks: SentMark[]): Sql[] {
  return marks.map(
    (mark) => sqltag`
    UPDATE "OutboundMessage"
    SET "state" = 'sent', "result" = ${mark.result}, "sentAt" = ${mark.sentAt},
      "claimedBy" = ${mark.owner}, "claimedUntil" = NULL
    WHERE "key" = ${mark.key} AND "state" = 'pending'`,
  );
}

/** The statements as one: all but the last in WITH parts (PostgreSQL runs each exactly once). */
function asOneStatement(statements: Sql[]): Sql {
  const last = statements.at(-1);
  const others = statements.slice(0, -1);
  if (!last) throw new Error('no statement');
  if (others.length === 0) return last;
  const parts = others.map(
    (statement, index) => sqltag`${verbatim(`"mark${index}"`)} AS (${statement})`,
  );
  return sqltag`WITH ${join(parts, ', ')} ${last}`;
}

export function pendingSentMarks(options: PendingSentMarksOptions): PendingSentMarks {
  const { raw, logger } = options;
  const delayMs = options.delayMs ?? 20;
  const maxWaiting = options.maxWaiting ?? 64;
  const perStatement = options.perStatement ?? 16;
  const waiting = new Map<string, SentMark>();
  let timer: NodeJS.Timeout | null = null;

  /** Up to `limit` waiting marks, oldest first, out of the queue. */
  const take = (limit: number): SentMark[] => {
    const marks = [...waiting.values()].slice(0, limit);
    for (const mark of marks) waiting.delete(mark.key);
    if (waiting.size === 0 && timer) {
      clearTimeout(timer);
      timer = null;
    }
    return marks;
  };
  /** Back in the queue after a failed write, unless a newer mark of the row came meanwhile. */
  const restore = (marks: SentMark[], retryMs: number) => {
    for (const mark of marks) if (!waiting.has(mark.key)) waiting.set(mark.key, mark);
    schedule(retryMs);
  };
  const schedule = (inMs: number) => {
    if (timer || waiting.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, inMs);
    timer.unref();
  };
  const flush = async (key?: string): Promise<void> => {
    if (key !== undefined && !waiting.has(key)) return;
    while (waiting.size > 0) {
      const marks = take(perStatement);
      try {
        await raw.execute(asOneStatement(marksUpdates(marks)));
      } catch (error) {
        logger.warn('sent marks not written; trying again', {
          marks: marks.length,
          error: String(error),
        });
        restore(marks, RETRY_MS);
        return;
      }
    }
  };

  return {
    add: (mark) => {
      waiting.set(mark.key, mark);
      if (waiting.size >= maxWaiting) void flush();
      else schedule(delayMs);
    },
    has: (key) => waiting.has(key),
    carriedBy: async (statement) => {
      const marks = take(perStatement);
      schedule(delayMs); // for any left over
      try {
        return await raw.execute(asOneStatement([...marksUpdates(marks), statement]));
      } catch (error) {
        restore(marks, delayMs);
        throw error;
      }
    },
    flush,
  };
}
