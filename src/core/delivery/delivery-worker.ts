// Finishes what died with a process, on whichever replica gets there first:
// - work taken for processing but never marked done (a platform event acked before a crash, an
//   SLA announcement recorded but not posted) is done again from its stored payload, under its
//   own key, so the messages it had already sent are recognised and not sent twice;
// - messages written down but not sent (a crash mid-send, a failed attempt due for a retry) are
//   sent, oldest first, so a thread reply follows its parent.
// Every take is a conditional update on a lease: one replica at a time works on a given row.
import type { DeliveryLedger } from '../ports/storage.js';
import type { Platform } from '../model.js';
import type { Logger } from '../ports/platform.js';
import type { DurableChatPort } from './durable-chat-port.js';
import type { MessageJournal } from '../ports/journal.js';
import { withWork } from './work-scope.js';
import { RepeatedOneAtATime } from './one-at-a-time.js';

/** Does a piece of work again from its payload (it runs inside its own work scope). */
export type WorkReplay = (payload: string, key: string) => Promise<void>;

export interface DeliveryWorkerOptions {
  journal: () => MessageJournal;
  ledger: () => DeliveryLedger;
  ports: () => Partial<Record<Platform, DurableChatPort>>;
  owner: string;
  logger: Logger;
  /** A message row's lease (default 60 s): a sender silent that long is taken over. */
  messageLeaseMs?: number;
  /** A work claim's lease (default 2 min, as the Slack event ledger). */
  workLeaseMs?: number;
  /** Times one piece of work is redone before it is left for an operator (default 5). */
  maxReplays?: number;
  /** Rows read per pass (default 100). */
  batchSize?: number;
  /** How often the claims of work being redone are renewed (default a third of its lease). */
  renewEveryMs?: number;
  now?: () => Date;
}

export interface WorkerPass {
  works: number;
  messages: number;
}

const DAY_MS = 24 * 60 * 60_000;

export class DeliveryWorker {
  private readonly replays: [prefix: string, replay: WorkReplay][] = [];
  private readonly duties: [name: string, duty: () => Promise<unknown>][] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<WorkerPass> | null = null;
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => Date;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Something else to do on every pass (redoing work a stopped process left unfinished). */
  registerDuty(name: string, duty: () => Promise<unknown>): void {
    this.duties.push([name, duty]);
  }

  /** Work whose key starts with `prefix` is redone by `replay`. */
  registerWork(prefix: string, replay: WorkReplay): void {
    this.replays.push([prefix, replay]);
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.pass().catch((error: unknown) =>
        this.options.logger.error('delivery pass failed', { error: String(error) }),
      );
    }, intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass; calls made while one runs share it. */
  pass(): Promise<WorkerPass> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<WorkerPass> {
    // Work first: redoing it takes over its own unsent messages, with the results it needs.
    const works = await this.redoWork();
    const messages = await this.sendStale();
    for (const [name, duty] of this.duties)
      await duty().catch((error: unknown) =>
        this.options.logger.warn('delivery duty failed', { duty: name, error: String(error) }),
      );
    await this.pruneNowAndThen();
    return { works, messages };
  }

  private async redoWork(): Promise<number> {
    const { ledger } = this.options;
    const leaseMs = this.options.workLeaseMs ?? 2 * 60_000;
    const takenAt = this.now();
    const taken = await ledger().takeStale(
      takenAt,
      leaseMs,
      this.options.batchSize ?? 100,
      this.options.maxReplays ?? 5,
    );
    if (taken.length === 0) return 0;
    // Each taken claim is renewed until its redo ends (those waiting their turn in the batch
    // too): only a stopped process's work runs out, never a slow redo's.
    const held = new Map(taken.map((work) => [work.key, takenAt]));
    const renewals = new RepeatedOneAtATime(this.options.renewEveryMs ?? leaseMs / 3, () =>
      this.renewHeld(held, leaseMs),
    );
    try {
      for (const work of taken) {
        // The batch was taken at once and is redone one piece after another: a claim may have run
        // out behind slow redos and been taken by another replica since. Renewed now, it is ours
        // for this redo; taken, that replica redoes it (never both).
        await renewals.runNow(() => this.renewHeld(held, leaseMs, [work.key]));
        if (held.has(work.key)) await this.redoOne(work);
        else
          this.options.logger.info('work taken by another replica while it waited its turn', {
            key: work.key,
          });
        held.delete(work.key);
      }
    } finally {
      await renewals.stopAndSettle();
    }
    return taken.length;
  }

  private async redoOne(work: { key: string; payload: string; replays: number }): Promise<void> {
    const { ledger, logger } = this.options;
    const replay = this.replays.find(([prefix]) => work.key.startsWith(prefix))?.[1];
    if (!replay) {
      logger.warn('no way to redo this work here; another replica may', { key: work.key });
      return;
    }
    logger.warn('redoing work a stopped process left unfinished', {
      key: work.key,
      replays: work.replays,
    });
    try {
      await withWork(work.key, () => replay(work.payload, work.key), { redo: true });
      await ledger().done(work.key, this.now());
    } catch (error) {
      logger.error('redoing work failed; it is tried again after its lease', {
        key: work.key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Moves each held claim (or those of `keys`) to now; one no longer ours (done, taken over) is
   * let go. One the ledger could not renew is kept while its lease lasts: nobody can have taken it.
   */
  private async renewHeld(
    held: Map<string, Date>,
    leaseMs: number,
    keys: string[] = [...held.keys()],
  ): Promise<void> {
    for (const key of keys) {
      const claimedAt = held.get(key);
      if (!claimedAt) continue; // Its redo ended meanwhile.
      const now = this.now();
      try {
        if (await this.options.ledger().renew(key, claimedAt, now)) {
          if (held.has(key)) held.set(key, now);
        } else held.delete(key);
      } catch (error) {
        this.options.logger.warn('could not renew the claim of work being redone', {
          key,
          error: String(error),
        });
        if (now.getTime() - claimedAt.getTime() >= leaseMs) held.delete(key);
      }
    }
  }

  private async sendStale(): Promise<number> {
    const { journal, ports, logger, owner } = this.options;
    const leaseMs = this.options.messageLeaseMs ?? 60_000;
    const taken = await journal().takeStale(
      owner,
      this.now(),
      leaseMs,
      this.options.batchSize ?? 100,
    );
    for (const entry of taken) {
      // The batch was leased at once and is sent one row after another: a row whose lease ran out
      // behind slow sends may have been taken by another replica since. Still held, its lease
      // starts again now; taken, it is that replica's to send.
      if (!(await journal().renew(entry.key, owner, this.now(), leaseMs))) {
        logger.info('message taken by another sender while it waited its turn', { key: entry.key });
        continue;
      }
      const port = ports()[entry.platform];
      if (!port) {
        logger.warn('a message for a platform this process does not run waits', {
          key: entry.key,
          platform: entry.platform,
        });
        continue;
      }
      await port.replay(entry).then(
        () => logger.info('kept message sent', { key: entry.key, call: entry.call }),
        (error: unknown) =>
          logger.warn('kept message still not sent', { key: entry.key, error: String(error) }),
      );
    }
    return taken.length;
  }

  /** Sent rows and done work only cost space: a day later they go, at most once an hour. */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastPruneAt < 60 * 60_000) return;
    this.lastPruneAt = now;
    const olderThan = new Date(now - DAY_MS);
    try {
      await this.options.journal().prune(olderThan);
      await this.options.ledger().prune(olderThan);
    } catch (error) {
      this.options.logger.warn('delivery prune failed', { error: String(error) });
    }
  }
}
