// What every Prisma repository receives: the client (or the transaction's client) and a gate.
// Why a gate: on SQLite every query shares one connection, so a query issued while another
// caller's interactive transaction is open would run inside that transaction (and vanish with its
// rollback). The SQLite store therefore serialises access through one FIFO gate (group-commit.ts,
// which also shares commits); inside a transaction,
// and on PostgreSQL (a pool), the gate lets calls straight through.
import type { PrismaClient as SqlitePrismaClient, Prisma } from './generated/sqlite/client.js';
import type { RawSql } from './direct-sql.js';
import type { PendingSentMarks } from './pending-sent-marks.js';

/**
 * Both generated clients expose the same query API for this schema; the store uses the SQLite
 * client's types for both (the common denominator: no PostgreSQL-only filters).
 */
export type DbClient = SqlitePrismaClient;
export type DbTransaction = Prisma.TransactionClient;
export type Db = DbClient | DbTransaction;

export interface RunOptions {
  /**
   * The caller goes on before its writes are committed (SQLite's group commit): for marks whose
   * loss in a crash the design already recovers from (a message's "sent", an event's "done").
   * They are committed with the next batch, within its time limit, and before any later write.
   */
  commitLater?: boolean;
}

export interface Gate {
  run<T>(work: () => Promise<T>, options?: RunOptions): Promise<T>;
}

export const openGate: Gate = { run: (work) => work() };

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
  /** PostgreSQL outside a transaction: recoverable "sent" marks written late (pending-sent-marks.ts). */
  sentMarks: PendingSentMarks | null;
}
