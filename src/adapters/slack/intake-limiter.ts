// Intake that keeps up (issue 15): Bolt acks an Events API request as soon as it is parsed, but
// the ack is written by the same event loop that runs every question in progress. Hundreds of
// questions handled at once (a burst, a slow database) keep the loop busy for seconds, acks go out
// late, Slack redelivers, and on PostgreSQL the transactions queue for the pool until they time out.
// So at most `concurrency` events are handled at a time; the others wait in a bounded queue, each
// already written down (its ledger claim, with its body). When the queue is full the event is shed:
// it stays written down, undone, and the delivery worker does it once its claim's lease runs out
// (any replica); nothing is lost, it is only late, and the log says so (once a second at most).
// An event that finds nothing in hand waits a few milliseconds for the ones right behind it, so a
// trickle of questions is handled in small groups rather than one wake-up each (see GATHER_NOTE).
import type { Logger } from '../../core/ports/platform.js';

export interface IntakeLimits {
  /** Events handled at the same time (default 8). */
  concurrency?: number;
  /** Events waiting for a turn before new ones are shed (default 2,000). */
  queue?: number;
  /** How long an event that finds none in hand waits for others to start with (ms, default 40). */
  gatherMs?: number;
}

/**
 * Why 8 (bench:slack, 2026-12-05, PostgreSQL, 200 events a second on 2 cores): each event in hand
 * keeps a database connection and its share of the loop busy, so more at once means more work in
 * every turn of the loop before the next request is read and acked, and more server processes
 * competing for the same cores. Ack p99 at 200/s in 12 s runs: 48 at once 928 ms, 16 at once 87 and
 * 222 ms, 10 57 ms, 8 32 and 44 ms, 6 62 ms, 3 34 ms but the slowest answer 1.7 s (too few at once
 * to keep up: a backlog); in a pair of default benches, 16 391 ms against 8 124 ms.
 */
export const DEFAULT_INTAKE_LIMITS = { concurrency: 8, queue: 2_000, gatherMs: 40 } as const;

/**
 * GATHER_NOTE. Why gather at all (bench:slack, 2026-12-05, 50 questions a second, 20 s phases):
 * the same work costs a process more CPU when it wakes for each piece alone than when the pieces
 * come together (caches cold after each sleep; a Node loop doing fixed work every 20 ms spent
 * 0.94-1.07 ms on it, every 5 ms or four at a time 0.74-0.77). Questions started together also
 * share their commits (SQLite transactions a question 5.0 -> 2.8). Casebot's CPU a question
 * gathering 40 ms: SQLite 5.0-5.3 ms against 6.5-6.8 without, PostgreSQL 5.3-6.0 against 6.9-7.0;
 * 100 and 200 ms gained nothing more and only delayed the answer. An event that finds others in
 * hand never waits: under load there is nothing to gather.
 */

export class IntakeLimiter {
  private running = 0;
  /** The window the first event after a quiet spell opened; the events in it start together. */
  private gathering: Promise<void> | null = null;
  private readonly waiting: (() => void)[] = [];
  private shedSinceLog = 0;
  private lastShedLogAt = Number.NEGATIVE_INFINITY;
  private readonly concurrency: number;
  private readonly queue: number;
  private readonly gatherMs: number;

  constructor(
    private readonly logger: Logger,
    limits: IntakeLimits = {},
  ) {
    this.concurrency = Math.max(1, limits.concurrency ?? DEFAULT_INTAKE_LIMITS.concurrency);
    this.queue = Math.max(0, limits.queue ?? DEFAULT_INTAKE_LIMITS.queue);
    this.gatherMs = Math.max(0, limits.gatherMs ?? DEFAULT_INTAKE_LIMITS.gatherMs);
  }

  /** Events being handled and events waiting. */
  get figures(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Runs `work` when a turn comes; false (and `work` not run) when the queue is full and the
   * event may be shed, which the caller allows only for an event it has written down.
   */
  async run(
    work: () => Promise<void>,
    what: Record<string, unknown> = {},
    /** False for an event nothing else would do: it waits whatever the queue's length. */
    sheddable = true,
  ): Promise<boolean> {
    await this.gathered();
    if (this.running >= this.concurrency) {
      if (sheddable && this.waiting.length >= this.queue) {
        this.noteShed(what);
        return false;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      await work();
    } finally {
      // The turn passes straight to the next waiter (running stays the same), else it is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
    return true;
  }

  /** Waits for the open window, or opens one when no event is in hand; else returns at once. */
  private gathered(): Promise<void> | undefined {
    if (this.gathering || this.gatherMs === 0 || this.running > 0)
      return this.gathering ?? undefined;
    this.gathering = new Promise<void>((resolve) =>
      setTimeout(() => {
        this.gathering = null;
        resolve();
      }, this.gatherMs),
    );
    return this.gathering;
  }

  private noteShed(what: Record<string, unknown>): void {
    this.shedSinceLog += 1;
    const now = Date.now();
    if (now - this.lastShedLogAt < 1_000) return;
    this.lastShedLogAt = now;
    this.logger.warn(
      'slack intake queue full: events are written down and left for the delivery worker (done after their lease, not lost)',
      {
        shed: this.shedSinceLog,
        running: this.running,
        waiting: this.waiting.length,
        ...what,
      },
    );
    this.shedSinceLog = 0;
  }
}
