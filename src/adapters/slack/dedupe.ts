// Slack redelivers an event when it did not see our ack in time (X-Slack-Retry-Num, Socket Mode
// retry_attempt), with the same event_id. Two layers keep each event processed once:
// - RecentIds, in memory: the cheap first check, and all there is when the adapter has no store;
// - the DeliveryLedger (in the database) when it has one: it survives a restart and is shared by
//   every replica, so a retry that lands after a restart or on another replica is recognised.
// Nothing is lost: an event whose processing failed or crashed is left undone in the ledger, and a
// retry after the lease processes it; a ledger that cannot be reached never drops an event. A
// claim is renewed while its request is handled (core/delivery/claim-renewal.ts), so only a
// stopped process's work runs out, never a slow first run (a long Retry-After, a late platform).
import { ClaimRenewals, type ClaimOutcome } from '../../core/delivery/claim-renewal.js';
import { runReportingFailure } from '../../core/delivery/failure-report.js';
import type { DeliveryLedger } from '../../core/ports/storage.js';
import type { Clock, Logger } from '../../core/ports/platform.js';
import type { IntakeLimiter } from './intake-limiter.js';

export class RecentIds {
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly capacity = 10_000,
    private readonly ttlMs = 60 * 60_000,
  ) {}

  /** True the first time an id is seen (within the TTL). */
  firstTime(id: string, now = Date.now()): boolean {
    if (this.has(id, now)) return false;
    this.remember(id, now);
    return true;
  }

  /** Whether the id was remembered within the TTL. */
  has(id: string, now = Date.now()): boolean {
    const seenAt = this.ids.get(id);
    return seenAt !== undefined && now - seenAt < this.ttlMs;
  }

  remember(id: string, now = Date.now()): void {
    // Re-inserting moves the id to the end: Maps iterate in insertion order, oldest first.
    this.ids.delete(id);
    this.ids.set(id, now);
    while (this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
  }

  forget(id: string): void {
    this.ids.delete(id);
  }
}

/**
 * Failures the listeners catch themselves (guarded() turns them into an error notice) would
 * otherwise look like a success to the middleware; they report them (core/delivery/failure-report.ts),
 * and every one leaves the event undone: a redelivery or a redo may get past it.
 */
const runReportingAnyFailure = (work: () => Promise<void>) => runReportingFailure(work, () => true);

export interface DeliveryLedgerOptions {
  ledger: DeliveryLedger;
  /** Time for claims (default: the system clock: leases are physical time, not business time). */
  clock?: Clock;
  /** How long a claim that was never marked done blocks retries (default 2 minutes). */
  leaseMs?: number;
  /** Rows older than this are pruned (default 24 h: Slack stops retrying after minutes). */
  retentionMs?: number;
  /** At most one prune per this interval (default 1 h). */
  pruneEveryMs?: number;
  /** How often a claim being processed is renewed (default a third of the lease). */
  renewEveryMs?: number;
}

/** The longest an interaction's ack waits for its claim to be written (see record). */
const CLAIM_BEFORE_ACK_MS = 1_000;

/** Resolves when `promise` settles or after `ms`, whichever comes first; never rejects. */
function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise.then(noop, noop), bound]).finally(() => clearTimeout(timer));
}

const noop = (): void => undefined;

const DEFAULTS = { leaseMs: 2 * 60_000, retentionMs: 24 * 60 * 60_000, pruneEveryMs: 60 * 60_000 };
const systemClock: Clock = { now: () => new Date() };

/** Decides, per Slack event id, whether to process a delivery, and records that it was processed. */
export class EventDeduper {
  private readonly recent = new RecentIds();
  private readonly clock: Clock;
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  /** Keeps the claims of the requests being processed from running out (none without a ledger). */
  private readonly renewals: ClaimRenewals | null;

  constructor(
    private readonly logger: Logger,
    private readonly options: DeliveryLedgerOptions | null = null,
    /** Bounds the events handled at once (intake-limiter.ts); none: all at once. */
    private readonly limiter: IntakeLimiter | null = null,
  ) {
    this.clock = options?.clock ?? systemClock;
    this.renewals = options
      ? new ClaimRenewals({
          ledger: options.ledger,
          leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
          logger,
          now: () => this.clock.now(),
          renewEveryMs: options.renewEveryMs,
          platform: 'slack',
        })
      : null;
  }

  /**
   * Stops renewing the claims of the requests still being processed (the adapter stops): the
   * delivery worker redoes them once their lease runs out, as a stopped process's work.
   */
  stop(): void {
    this.renewals?.stop();
  }

  /** Renews the claims of the requests handled from now on (the adapter starts, again maybe). */
  start(): void {
    this.renewals?.start();
  }

  /**
   * Runs `process` unless this delivery is a duplicate. Without a ledger: the first sighting in
   * this process wins (as before). With one: the ledger decides, and the event is marked done only
   * when processing completed without a failure.
   */
  async handle(
    eventId: string,
    retryNum: number | null,
    process: () => Promise<void>,
    /** The request body, stored with the claim so that any replica can redo it after a crash. */
    payload?: string,
  ) {
    const ledger = this.options?.ledger;
    if (!ledger) {
      if (this.recent.firstTime(eventId)) return process();
      return this.logDuplicate(eventId, retryNum, 'memory');
    }
    // With a ledger, memory holds only events done here: one still in progress (or failed) must
    // reach the ledger, which knows when its lease has run out.
    if (this.recent.has(eventId)) return this.logDuplicate(eventId, retryNum, 'memory');
    const key = `slack:${eventId}`;
    const claimedAt = this.clock.now();
    const claimed = await this.claim(ledger, key, claimedAt, payload);
    if (claimed === 'duplicate') return this.logDuplicate(eventId, retryNum, 'ledger');
    if (claimed === 'process') this.pruneNowAndThen(ledger);
    // Written down with its body (a claim won): an event shed by a full intake queue is left
    // undone, and the delivery worker does it after the lease. One the ledger could not record
    // is never shed (nothing else would do it): it waits for its turn whatever the queue.
    let failed = false;
    const run = async () => {
      failed = await runReportingAnyFailure(process);
    };
    // Renewed from the claim until the event is handled (its wait for a turn too), or shed.
    const ran = await this.holdWhile(key, claimedAt, Promise.resolve(claimed), async () => {
      if (!this.limiter) return run().then(() => true);
      const sheddable = claimed === 'process' && payload !== undefined;
      return this.limiter.run(run, { eventId }, sheddable);
    });
    if (!ran) return;
    if (failed) {
      this.logger.warn('slack event failed; a redelivery after the lease may process it again', {
        eventId,
      });
      return;
    }
    this.recent.remember(eventId);
    if (claimed === 'process') await this.markDone(ledger, key);
  }

  /** 'unavailable': the ledger failed; the event is processed anyway (a duplicate beats a loss). */
  private async claim(
    ledger: DeliveryLedger,
    key: string,
    claimedAt: Date,
    payload?: string,
  ): Promise<ClaimOutcome> {
    const leaseMs = this.options?.leaseMs ?? DEFAULTS.leaseMs;
    try {
      return await ledger.claim(key, claimedAt, leaseMs, payload);
    } catch (error) {
      this.logger.error('slack delivery ledger unavailable; processing the event anyway', {
        key,
        error: String(error),
      });
      return 'unavailable';
    }
  }

  private async markDone(ledger: DeliveryLedger, key: string): Promise<void> {
    try {
      await ledger.done(key, this.clock.now());
    } catch (error) {
      // Processed already; the claim expires after the lease, so only a late retry could repeat it.
      this.logger.error('slack delivery ledger could not mark an event done', {
        key,
        error: String(error),
      });
    }
  }

  /** In the background, at most once per interval: old rows only cost space. */
  private pruneNowAndThen(ledger: DeliveryLedger): void {
    const now = this.clock.now().getTime();
    const every = this.options?.pruneEveryMs ?? DEFAULTS.pruneEveryMs;
    if (now - this.lastPruneAt < every) return;
    this.lastPruneAt = now;
    const olderThan = new Date(now - (this.options?.retentionMs ?? DEFAULTS.retentionMs));
    // Started inside a promise chain, so even a ledger that throws synchronously lands in the catch.
    void Promise.resolve()
      .then(() => ledger.prune(olderThan))
      .then(
        (removed) => {
          if (removed > 0) this.logger.debug('slack delivery ledger pruned', { removed });
        },
        (error: unknown) =>
          this.logger.warn('slack delivery ledger prune failed', { error: String(error) }),
      );
  }

  /**
   * An interaction (button, form, shortcut, command): Slack never sends one twice, but a process
   * that dies after the ack loses it, so it is written down (with its body) before it is handled
   * and marked done after. A form resubmitted with the same view id is handled again: the case
   * intake and the message journal both recognise it and answer with the first outcome.
   */
  async record(key: string, payload: string, process: () => Promise<void>): Promise<void> {
    const ledger = this.options?.ledger;
    if (!ledger) return process();
    // Written before the listener acks: Slack never sends an acked interaction again, so a press
    // acked before its claim was written would die unrecorded with its process. A database slower
    // than CLAIM_BEFORE_ACK_MS lets the ack go first: Slack's 3 s count from the request, and a
    // late ack is an error the person sees (the form's answer too late), every time.
    const claimedAt = this.clock.now();
    const claiming = this.claim(ledger, key, claimedAt, payload);
    await settledWithin(claiming, CLAIM_BEFORE_ACK_MS);
    const failed = await this.holdWhile(key, claimedAt, claiming, () =>
      runReportingAnyFailure(process),
    );
    if (!failed && (await claiming) === 'process') await this.markDone(ledger, key);
  }

  /** Runs `work` while the claim, once won, is renewed (so a slow first run is not redone). */
  private holdWhile<T>(
    key: string,
    claimedAt: Date,
    claiming: Promise<ClaimOutcome>,
    work: () => Promise<T>,
  ): Promise<T> {
    return this.renewals ? this.renewals.holdWhile(claiming, key, claimedAt, work) : work();
  }

  private logDuplicate(eventId: string, retryNum: number | null, by: 'memory' | 'ledger'): void {
    this.logger.info('slack duplicate delivery ignored', { eventId, retryNum, by });
  }
}
