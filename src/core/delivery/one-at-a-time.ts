// A renewal repeated while some work lasts, never two at once: a renewal that overlapped the one
// before would present a claim's old time and let the claim go, and on a slow database renewals
// would queue up ahead of the work's own writes. The timer never keeps the process alive. Used by
// the journal's lease renewal (durable-chat-port.ts), the intakes' claims (claim-renewal.ts) and
// the delivery worker's redos.
/**
 * Longest one platform call keeps its row from other senders by renewing its lease
 * (durable-chat-port.ts), and an intake the claim of the work it handles (claim-renewal.ts).
 */
export const HOLD_LIMIT_MS = 10 * 60_000;

export class RepeatedOneAtATime {
  private current: Promise<void> | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  /** `task` must not reject: each caller logs its own failures. */
  constructor(periodMs: number, task: () => Promise<void>) {
    this.timer = setInterval(() => {
      if (!this.current) void this.run(task);
    }, periodMs);
    this.timer.unref?.();
  }

  /** Runs `task` once the run in progress (if any) has ended, and waits for it. */
  async runNow(task: () => Promise<void>): Promise<void> {
    while (this.current) await this.current;
    await this.run(task);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Stops, and waits for the run in progress: a renewal still in flight when its work has ended
   * would otherwise write after the caller moved on (marked the row sent, closed the store).
   */
  async stopAndSettle(): Promise<void> {
    this.stop();
    while (this.current) await this.current;
  }

  private run(task: () => Promise<void>): Promise<void> {
    const running = task().finally(() => {
      this.current = null;
    });
    this.current = running;
    return running;
  }
}
