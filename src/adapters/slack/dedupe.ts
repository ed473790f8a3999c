// Slack redelivers an event when it did not see our ack in time (X-Slack-Retry-Num, Socket Mode
// retry_attempt), with the same event_id. The ids of recent events are remembered so that each is
// processed once; a retry of an event never seen (the first delivery was lost) is processed.
export class RecentIds {
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly capacity = 10_000,
    private readonly ttlMs = 60 * 60_000,
  ) {}

  /** True the first time an id is seen (within the TTL). */
  firstTime(id: string, now = Date.now()): boolean {
    const seenAt = this.ids.get(id);
    if (seenAt !== undefined && now - seenAt < this.ttlMs) return false;
    this.ids.set(id, now);
    // Maps iterate in insertion order: the oldest ids go first.
    while (this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
    return true;
  }
}
