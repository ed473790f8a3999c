// Group commit for SQLite (issue 15: a question's CPU). Each commit writes the log (and, on a
// connection at synchronous=FULL, syncs it: about 130 µs of CPU and over a millisecond of the
// event loop blocked; better-sqlite3's WAL default is NORMAL, no sync), and a question made six
// (its claim, its new customer, its deflection, its journal row and that row's "sent" mark, its
// "done" mark). The store's gate runs one caller at a time; here the direct statements of the
// callers that follow one another share one transaction, committed once no caller is waiting (or
// the batch is old or large enough), and no caller hears of its call before the commit that holds
// its writes: what a caller was told is written is on disk, as with one commit each. A commit that
// fails fails every caller of the batch.
import type { Gate, RunOptions } from './prisma-context.js';
import type { SqliteConnection } from './direct-sql.js';

export interface GroupCommitLimits {
  /** Callers whose answers wait for one commit, at most. */
  maxCallers: number;
  /** Longest a batch stays open (ms): the added wait of its first caller. */
  maxOpenMs: number;
}

export interface GroupCommitGate extends Gate {
  /**
   * Called before a direct write outside a store transaction: opens the batch it joins. Outside
   * the gate (nobody would wait for the commit) the write commits alone.
   */
  joinBatch(): void;
  /** Commits the open batch now (before Prisma begins a transaction of its own, on close). */
  commit(): void;
}

interface Caller {
  resolve(): void;
  reject(error: unknown): void;
}

interface Batch {
  openedAt: number;
  callers: Caller[];
  timer: NodeJS.Timeout;
  /** Set once committed: null when the writes are on disk, else why they are not. */
  failure?: unknown;
}

/**
 * The commits of every store in this process with a batch open. Another store on the same file
 * (tests, a tool run in-process) waits for the write lock a batch holds inside better-sqlite3,
 * synchronously, so the batch's own timer could never run: each caller first commits the others.
 */
const openBatches = new Set<() => void>();

/** Commits every open batch in this process but `except` (before another connection writes). */
export function commitEveryBatch(except?: () => void): void {
  for (const commit of openBatches) if (commit !== except) commit();
}

const DEFAULT_LIMITS: GroupCommitLimits = { maxCallers: 64, maxOpenMs: 10 };

/**
 * Resolves on the event loop's next turn. Each caller starts on a new one: better-sqlite3 answers
 * synchronously, so without the hop a queue of waiting callers would run back to back as one
 * chain of microtasks, and no HTTP request (a Slack ack) could be answered until the whole queue
 * had drained (issue 15: acks seconds late under load on SQLite).
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function groupCommitGate(
  connection: () => SqliteConnection | null,
  limits: GroupCommitLimits = DEFAULT_LIMITS,
): GroupCommitGate {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  let batch: Batch | null = null;
  /**
   * The batches the running caller wrote into. One may be committed (by its timer, a Prisma
   * transaction, another store) while the caller still works: if that commit failed, the caller
   * must hear it too, not be answered as if its writes were kept. Null outside the gate.
   */
  let written: Set<Batch> | null = null;
  const statements = new WeakMap<
    SqliteConnection,
    Record<'begin' | 'commit' | 'rollback', () => void>
  >();

  function control(database: SqliteConnection) {
    let found = statements.get(database);
    if (!found) {
      const [begin, commit, rollback] = ['BEGIN IMMEDIATE', 'COMMIT', 'ROLLBACK'].map((sql) =>
        database.prepare(sql),
      );
      found = {
        begin: () => begin!.run(),
        commit: () => commit!.run(),
        rollback: () => rollback!.run(),
      };
      statements.set(database, found);
    }
    return found;
  }

  function joinBatch(): void {
    // SQLite rolls a transaction back itself on some failures (disk full, I/O): the batch's writes
    // are gone, its callers hear so, and the next write starts a batch of its own instead of
    // committing alone while a caller waits for a commit that holds nothing.
    if (batch && !connection()?.inTransaction) commit();
    if (!batch) openBatch();
    if (batch) written?.add(batch);
  }

  function openBatch(): void {
    const database = connection();
    if (!written || !database?.open || database.inTransaction) return;
    control(database).begin();
    openBatches.add(commit);
    // Not unref'd: a process left with nothing else to do still commits before it exits.
    const timer = setTimeout(commit, limits.maxOpenMs);
    batch = { openedAt: Date.now(), callers: [], timer };
  }

  function commit(): void {
    const current = batch;
    if (!current) return;
    batch = null;
    openBatches.delete(commit);
    clearTimeout(current.timer);
    const failure = finish(connection());
    current.failure = failure;
    for (const caller of current.callers)
      if (failure === null) caller.resolve();
      else caller.reject(failure);
  }

  /** Commits; the error when the batch's writes are not on disk (then rolled back), else null. */
  function finish(database: SqliteConnection | null): unknown {
    // A statement that failed badly enough (disk full, I/O) rolls the whole transaction back.
    if (!database?.open || !database.inTransaction)
      return new Error('the batched writes were rolled back before their commit');
    try {
      control(database).commit();
      return null;
    } catch (error) {
      try {
        if (database.inTransaction) control(database).rollback();
      } catch {
        // The connection reports the failure to the next caller.
      }
      return error;
    }
  }

  /** A caller's answer, once the batch holding its writes (if one is open) is committed. */
  function afterCommit(later: boolean, wrote: Set<Batch>): Promise<void> {
    for (const earlier of wrote)
      if (earlier !== batch && earlier.failure != null) return Promise.reject(earlier.failure);
    if (!batch) return Promise.resolve();
    const current = batch;
    // Left open for the next caller's writes, or its timer.
    if (later) return Promise.resolve();
    const committed = new Promise<void>((resolve, reject) =>
      current.callers.push({ resolve, reject }),
    );
    const full =
      current.callers.length >= limits.maxCallers ||
      Date.now() - current.openedAt >= limits.maxOpenMs;
    if (waiting === 0 || full) commit();
    return committed;
  }

  return {
    joinBatch,
    commit,
    run<T>(work: () => Promise<T>, options: RunOptions = {}): Promise<T> {
      waiting += 1;
      const start = async () => {
        await nextTurn();
        waiting -= 1;
        commitEveryBatch(commit);
        const wrote = new Set<Batch>();
        written = wrote;
        let outcome: { ok: true; value: T } | { ok: false; error: unknown };
        try {
          outcome = { ok: true, value: await work() };
        } catch (error) {
          outcome = { ok: false, error };
        }
        written = null;
        // Joined before the next caller starts: its writes may share the batch, not precede it.
        const committed = afterCommit(options.commitLater === true, wrote);
        committed.catch(() => undefined);
        return { outcome, committed };
      };
      const held = tail.then(start, start);
      tail = held;
      return held.then(async ({ outcome, committed }) => {
        await committed;
        if (!outcome.ok) throw outcome.error;
        return outcome.value;
      });
    },
  };
}
