// "Sent" marks the journal may write late, on PostgreSQL (issue 15: statements per question). A
// recoverable mark (journal.ts: lost in a crash, the row's next sender finds the message on the
// platform) need not be on disk before its caller goes on, as SQLite's group commit already lets
// it. Here it waits in memory and rides on the event's "done" mark, which follows it on every
// question: one statement and one commit where there were two. A mark nobody carries is written
// by a timer, and anything in this process that reads or changes the row writes it first.
import { sqltag } from '@prisma/client/runtime/client';
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
   * Runs `statement` with every waiting mark written in the same statement (`carry` builds it
   * from the marks' UPDATE, or returns the statement alone when there are none). Marks whose
   * statement fails wait again.
   */
  carriedBy(carry: (marks: Sql | null) => Sql): Promise<number>;
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
}

/** After a failed write, the next try (ms): the database may be restarting. */
const RETRY_MS = 1_000;

/**
 * One UPDATE for any number of marks: the rows still pending (a row taken over and refused
 * meanwhile keeps its state, as with one mark at a time). Dates travel as ISO text, read as UTC.
 */
function marksUpdate(marks: SentMark[]): Sql {
  const rows = JSON.stringify(
    marks.map((mark) => ({ ...mark, sentAt: mark.sentAt.toISOString() })),
  );
  return sqltag`
    UPDATE "OutboundMessage" AS "row"
    SET "state" = 'sent', "result" = "mark"."result",
      "sentAt" = "mark"."sentAt"::timestamptz AT TIME ZONE 'UTC',
      "claimedBy" = "mark"."owner", "claimedUntil" = NULL
    FROM json_to_recordset(${rows}::json)
      AS "mark"("key" text, "owner" text, "result" text, "sentAt" text)
    WHERE "row"."key" = "mark"."key" AND "row"."state" = 'pending'`;
}

export function pendingSentMarks(options: PendingSentMarksOptions): PendingSentMarks {
  const { raw, logger } = options;
  const delayMs = options.delayMs ?? 20;
  const maxWaiting = options.maxWaiting ?? 64;
  let waiting = new Map<string, SentMark>();
  let timer: NodeJS.Timeout | null = null;

  const take = (): SentMark[] => {
    const marks = [...waiting.values()];
    waiting = new Map();
    if (timer) clearTimeout(timer);
    timer = null;
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
    if (waiting.size === 0 || (key !== undefined && !waiting.has(key))) return;
    const marks = take();
    try {
      await raw.execute(marksUpdate(marks));
    } catch (error) {
      logger.warn('sent marks not written; trying again', {
        marks: marks.length,
        error: String(error),
      });
      restore(marks, RETRY_MS);
    }
  };

  return {
    add: (mark) => {
      waiting.set(mark.key, mark);
      if (waiting.size >= maxWaiting) void flush();
      else schedule(delayMs);
    },
    has: (key) => waiting.has(key),
    carriedBy: async (carry) => {
      const marks = take();
      try {
        return await raw.execute(carry(marks.length > 0 ? marksUpdate(marks) : null));
      } catch (error) {
        restore(marks, delayMs);
        throw error;
      }
    },
    flush,
  };
}
