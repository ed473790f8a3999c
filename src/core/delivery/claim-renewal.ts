// A delivery ledger claim whose lease ran out is presumed dead, and the delivery worker redoes its
// work. A first run that is only slow (a platform answering late, a long 429 wait) must not be
// redone under itself, so each platform intake renews the claims of the work it is handling and
// lets them go when the work ends or the adapter stops: then, and only then, the claim runs out.
// A handler that never ends (a bug, a call nobody times out) keeps its claim HOLD_LIMIT_MS at
// most, as a sender keeps a journal row: then its work is redone like a stopped process's.
import type { Logger } from '../ports/platform.js';
import type { DeliveryLedger } from '../ports/storage.js';
import { HOLD_LIMIT_MS, RepeatedOneAtATime } from './one-at-a-time.js';

export interface ClaimRenewalOptions {
  ledger: DeliveryLedger;
  /** The claims' lease (renewals come at a third of it unless `renewEveryMs` says otherwise). */
  leaseMs: number;
  logger: Logger;
  /** The clock the claims were taken with: a renewal presents the claim's own time. */
  now: () => Date;
  renewEveryMs?: number;
  /** Names the intake in the log ('slack', 'discord'). */
  platform: string;
}

/** What claiming a piece of work in the ledger gave: only a claim won ('process') is renewed. */
export type ClaimOutcome = 'process' | 'duplicate' | 'unavailable';

export class ClaimRenewals {
  /** The renewals of the claims being worked on now (all stopped by stop()). */
  private readonly renewals = new Set<RepeatedOneAtATime>();
  /** Between stop() and the next start(): no claim is renewed. */
  private stopped = false;
  /** Counts the stops: work begun before one is never renewed after it, whatever starts since. */
  private generation = 0;

  constructor(private readonly options: ClaimRenewalOptions) {}

  /**
   * Runs `work` and renews the claim taken at `claimedAt` from the moment `claiming` says it was
   * won until `work` ends. The claim may still be on its way when the work starts (an intake
   * answers first and writes down meanwhile), or settle only after the work ended: not renewed.
   */
  async holdWhile<T>(
    claiming: Promise<ClaimOutcome>,
    key: string,
    claimedAt: Date,
    work: () => Promise<T>,
  ): Promise<T> {
    const renewal = { finished: false, stop: () => {} };
    const generation = this.generation;
    void claiming.then(
      (claim) => {
        // A claim that settles after the adapter stopped is a stopped process's: left to run out.
        const current = !this.stopped && generation === this.generation;
        if (claim === 'process' && !renewal.finished && current)
          renewal.stop = this.keep(key, claimedAt);
      },
      // The caller sees the claim's failure itself; no renewal for a claim never taken.
      () => undefined,
    );
    try {
      return await work();
    } finally {
      renewal.finished = true;
      renewal.stop();
    }
  }

  /**
   * Stops renewing the claims still being worked on (the adapter stops): from now on they look
   * like a stopped process's, and the delivery worker redoes them once their lease runs out.
   */
  stop(): void {
    this.stopped = true;
    this.generation += 1;
    for (const renewal of this.renewals) renewal.stop();
    this.renewals.clear();
  }

  /** Renews the claims of work begun from now on again (an adapter started after a stop). */
  start(): void {
    this.stopped = false;
  }

  /** Renews one claim periodically; returns the function that stops renewing it. */
  private keep(key: string, claimedAt: Date): () => void {
    const { ledger, logger, platform } = this.options;
    let current = claimedAt;
    // The latest claim time that still runs out by the hold limit.
    const latest = claimedAt.getTime() + HOLD_LIMIT_MS - this.options.leaseMs;
    const renew = async () => {
      const now = new Date(Math.min(this.options.now().getTime(), latest));
      try {
        if (current.getTime() >= latest) {
          stop();
          logger.warn('work held its claim for the hold limit; it is left to run out', {
            platform,
            key,
          });
        } else if (now.getTime() <= current.getTime()) {
          // No time passed since the last renewal: nothing to move.
        } else if (await ledger.renew(key, current, now)) current = now;
        else stop(); // Done, or taken over by another process: not ours to keep any more.
      } catch (error) {
        // Tried again at the next tick; a claim left to run out is at worst redone (no loss).
        logger.warn('delivery ledger could not renew a claim', {
          platform,
          key,
          error: String(error),
        });
      }
    };
    const renewal = new RepeatedOneAtATime(
      this.options.renewEveryMs ?? this.options.leaseMs / 3,
      renew,
    );
    this.renewals.add(renewal);
    const stop = () => {
      renewal.stop();
      this.renewals.delete(renewal);
    };
    return stop;
  }
}
