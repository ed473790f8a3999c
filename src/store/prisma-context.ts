// What every Prisma repository receives: the client (or the transaction's client) and a gate.
// Why a gate: on SQLite every query shares one connection, so a query issued while another
// caller's interactive transaction is open would run inside that transaction (and vanish with its
// rollback). The SQLite store therefore serialises access through one mutex; inside a transaction,
// and on PostgreSQL (a pool), the gate lets calls straight through.
import type { PrismaClient as SqlitePrismaClient, Prisma } from './generated/sqlite/client.js';
import type { RawSql } from './direct-sql.js';

/**
 * Both generated clients expose the same query API for this schema; the store uses the SQLite
 * client's types for both (the common denominator: no PostgreSQL-only filters).
 */
export type DbClient = SqlitePrismaClient;
export type DbTransaction = Prisma.TransactionClient;
export type Db = DbClient | DbTransaction;

export interface Gate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export const openGate: Gate = { run: (work) => work() };

/** Resolves on the event loop's next turn, after pending I/O callbacks. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A FIFO async mutex. Each holder starts on a new turn of the event loop: better-sqlite3 answers
 * synchronously, so without the hop a queue of waiting queries would run back to back as one
 * chain of microtasks, and no HTTP request (a Slack ack) could be answered until the whole queue
 * had drained (issue 15: acks seconds late under load on SQLite).
 */
export function mutexGate(): Gate {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      const start = () => nextTurn().then(work);
      const result = tail.then(start, start);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

export interface PrismaContext {
  db: Db;
  /** For the few raw statements whose SQL differs (a JSON column's cast). */
  provider: 'sqlite' | 'postgresql';
  /** The hot path's raw statements (direct-sql.ts), in this context's transaction if any. */
  raw: RawSql;
  gate: Gate;
  /** True inside `store.transaction`: multi-step writes may run directly. */
  inTransaction: boolean;
  /** Runs multi-step work atomically (reuses the current transaction when there is one). */
  atomically<T>(work: (db: Db) => Promise<T>): Promise<T>;
}
