// Watching what a fake platform receives: waiters are checked as each call lands (no polling loop
// per journey, which with dozens of journeys would cost more CPU than the replicas under test).
import type { RecordedCall } from '../../test/fakes/slack/fake-slack.js';
import { buttons, visibleText } from '../../test/slack/slack-calls.js';

interface Waiter<C> {
  predicate: (call: C) => boolean;
  resolve: (call: C | null) => void;
  timer: NodeJS.Timeout;
}

/** What a fake offers to be watched: what it recorded, and news of each call. */
export interface Watchable<C> {
  readonly calls: readonly C[];
  subscribe(listener: (call: C) => void): () => void;
}

export class CallWatch<C extends { at: number } = RecordedCall> {
  private readonly waiters = new Set<Waiter<C>>();
  /** Date.now() of the last call of any kind (quiescence is measured from it). */
  lastCallAt = Date.now();
  private readonly unsubscribe: () => void;

  constructor(private readonly fake: Watchable<C>) {
    this.unsubscribe = fake.subscribe((call) => {
      this.lastCallAt = call.at;
      for (const waiter of this.waiters) {
        if (!waiter.predicate(call)) continue;
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(call);
      }
    });
  }

  /** The first call, already recorded or still to come, that matches; null after `timeoutMs`. */
  waitFor(predicate: (call: C) => boolean, timeoutMs: number): Promise<C | null> {
    const found = this.fake.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const waiter: Waiter<C> = {
        predicate,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(null);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.unsubscribe();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(null);
    }
    this.waiters.clear();
  }
}

export const ok = (call: RecordedCall): boolean => call.status === 200;

export function hasButton(call: RecordedCall, actionId: string): boolean {
  return buttons(call).some((b) => b.action_id === actionId);
}

export function buttonValue(call: RecordedCall, actionId: string): string | null {
  return buttons(call).find((b) => b.action_id === actionId)?.value ?? null;
}

export { visibleText };
