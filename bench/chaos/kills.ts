// When replicas die. Each planned kill waits for its kind of moment, then SIGKILLs the replica
// doing that work:
// - intake: a request (a question, a form submission) was just sent to it and is being handled;
// - send:   it just posted a message (other sends of its burst, and retries, are pending);
// - tick:   it just posted the first SLA warning of a tick (the tick's other posts are pending).
// Only one replica is down at a time and a kill waits until the fleet is back to full strength,
// so that in the replicated runs some replica can always do the work: every loss is the design's.
// A plan whose moment never comes kills at its deadline, so each run gets its kills.
import type { Replica } from './replicas.js';
import type { Rng } from './rng.js';
import type { RequestKind } from './slack-side.js';

export type KillPoint = 'intake' | 'send' | 'tick';

export interface PlannedKill {
  point: KillPoint;
  /** Not before this many ms into the scenario. */
  notBeforeMs: number;
  /** At the latest (then at the next moment the fleet allows), ms into the scenario. */
  deadlineMs: number;
  /** intake: which requests count. */
  kinds?: RequestKind[];
}

export interface KillRecord {
  point: KillPoint | 'deadline';
  replica: string;
  incarnation: number;
  /** ms into the scenario. */
  at: number;
  detail: string;
}

/** A message the platform accepted from the app (each platform's fake reports them). */
export interface SentMessage {
  /** The sender's token (which process life). */
  token: string | null;
  /** An SLA warning or breach post (a tick is under way). */
  sla: boolean;
  /** Where it went, for the report. */
  where: string;
  text: string;
}

export class Killer {
  readonly records: KillRecord[] = [];
  private readonly plans: PlannedKill[];
  /** A kill is scheduled and has not happened yet. */
  private armed = false;
  private readonly deadlineTimer: NodeJS.Timeout;

  constructor(
    private readonly replicas: Replica[],
    plans: PlannedKill[],
    private readonly rng: Rng,
    private readonly elapsed: () => number,
    /** After a restart is ready, the fleet runs this long at full strength before the next kill. */
    private readonly settleMs = 3_000,
  ) {
    this.plans = [...plans];
    this.deadlineTimer = setInterval(() => this.checkDeadline(), 500);
  }

  get remaining(): number {
    return this.plans.length;
  }

  stop(): void {
    clearInterval(this.deadlineTimer);
  }

  private get next(): PlannedKill | null {
    const plan = this.plans[0];
    return plan && plan.notBeforeMs <= this.elapsed() ? plan : null;
  }

  /** The fleet may lose `target` now. */
  private allows(target: Replica): boolean {
    if (this.armed || !target.isReady) return false;
    const now = this.elapsed();
    return this.replicas.every((r) => {
      const life = r.current;
      return r.isReady && life?.readyAt !== null && now - (life?.readyAt ?? now) >= this.settleMs;
    });
  }

  private fire(target: Replica, point: KillRecord['point'], delayMs: number, detail: string): void {
    this.armed = true;
    this.plans.shift();
    const kill = () => {
      this.armed = false;
      const life = target.kill(`${point}: ${detail}`);
      if (!life) return;
      this.records.push({
        point,
        replica: target.name,
        incarnation: life.incarnation,
        at: this.elapsed(),
        detail,
      });
    };
    // A zero delay still lets the fake write its answer first (setTimeout runs after that).
    setTimeout(kill, delayMs);
  }

  /** A request is on the wire to `replica`. */
  onRequestSent(replica: Replica, kind: RequestKind, what: string): void {
    const plan = this.next;
    if (plan?.point !== 'intake' || !(plan.kinds ?? [kind]).includes(kind)) return;
    if (!this.allows(replica)) return;
    this.fire(replica, 'intake', this.rng.between(20, 400), `${kind} in flight (${what})`);
  }

  /** A message landed at the fake (before its answer is written). */
  onMessageSent(sent: SentMessage): void {
    const plan = this.next;
    if (!plan || plan.point === 'intake') return;
    const target = this.replicas.find((r) => r.current?.token === sent.token && !r.current.end);
    if (!target || !this.allows(target)) return;
    if (plan.point === 'send' && !sent.sla) {
      this.fire(target, 'send', this.rng.between(0, 150), `after a post to ${sent.where}`);
    } else if (plan.point === 'tick' && sent.sla) {
      this.fire(target, 'tick', 0, `right after the tick's first post: ${sent.text}`);
    }
  }

  private checkDeadline(): void {
    const plan = this.plans[0];
    if (!plan || this.armed || this.elapsed() < plan.deadlineMs) return;
    const ready = this.replicas.filter((r) => this.allows(r));
    if (ready.length === 0) return;
    this.fire(this.rng.pick(ready), 'deadline', 0, `no ${plan.point} moment came in time`);
  }
}
