// What Discord does on its side of the gateway: one bot session at a time (the process that
// identified last), each message or interaction dispatched to it, nothing kept for a process that
// is down (a fresh session after a restart starts at READY; only a RESUME replays, and a killed
// process cannot resume). An interaction is answered when the app calls back within 3 s; else the
// person sees "This interaction failed" and presses again, which the journeys model. Now and then
// a dispatch is replayed with the same ids, as after a resumed session, to see that the work and
// its messages are not done twice.
// Kinds follow the Slack run's names, so that the report reads alike: `event` is a message in the
// support channel, `block_actions` a button press, `view_submission` a modal submitted.
import type { FakeDiscord } from '../../../test/fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../../../test/fakes/discord/fake-rest.js';
import type { CallWatch } from '../calls.js';
import type { Replica } from '../replicas.js';
import type { Rng } from '../rng.js';
import {
  emptyStats,
  Scheduled,
  sleep,
  type Attempt,
  type RequestKind,
  type SideStats,
} from '../slack-side.js';

const ACK_TIMEOUT_MS = 3_000;
/**
 * A question's process that lived this long after the dispatch had it written down (the packet
 * reaches it in a few ms, the ledger's insert is the first thing it does): the next process
 * answers it after the lease even if this one is killed (intake-ledger.ts). A kill sooner may
 * come before the insert, and then nothing remains of the question (Discord never sends it again).
 */
const WRITTEN_DOWN_MS = 300;

/** An interaction or message as dispatched: its ids. */
interface Dispatchable {
  id: string;
  token?: string;
}

export class DiscordSide {
  readonly stats: SideStats = emptyStats();
  /** Interaction id or token → the token of the process life it was dispatched to. */
  readonly receivers = new Map<string, string>();
  /** Interaction id or token → the person who pressed. */
  readonly pressers = new Map<string, string>();
  private readonly scheduled = new Scheduled();

  constructor(
    private readonly fake: FakeDiscord,
    private readonly watch: CallWatch<RecordedRequest>,
    private readonly replicas: Replica[],
    private readonly rng: Rng,
    private readonly elapsed: () => number,
    private readonly replayChance: number,
  ) {}

  /** The replica holding the live gateway session, if any. */
  private receiver(): Replica | null {
    const token = this.fake.gateway.isConnected ? this.fake.gateway.sessionToken : null;
    const replica = this.replicas.find((r) => r.current?.token === token) ?? null;
    return replica?.current && !replica.current.end ? replica : null;
  }

  /**
   * A message in a channel (MESSAGE_CREATE). Acked: the process that got it was still up 3 s
   * later (Discord has no ack: that is the time Slack gives, the time an answer is expected), or
   * was killed after it had written the question down (WRITTEN_DOWN_MS).
   */
  message(payload: Dispatchable, onSent?: (replica: Replica) => void): Promise<Attempt> {
    return this.dispatch('event', 'MESSAGE_CREATE', payload, onSent, async (life, sentAt) => {
      await sleep(ACK_TIMEOUT_MS);
      if (!life.end) return 'acked';
      return (life.endedAt ?? sentAt) - sentAt >= WRITTEN_DOWN_MS ? 'acked' : 'cut';
    });
  }

  /**
   * An interaction: acked when the app called back within 3 s (the fake refuses a later first
   * answer, as Discord does); rejected when it tried and every try failed (a 429 waited out too
   * long, a 5xx).
   */
  interaction(
    kind: Exclude<RequestKind, 'event'>,
    payload: Dispatchable & { member?: { user?: { id?: string } } },
    onSent?: (replica: Replica) => void,
  ): Promise<Attempt> {
    const user = payload.member?.user?.id;
    if (user) {
      this.pressers.set(payload.id, user);
      if (payload.token) this.pressers.set(payload.token, user);
    }
    const isCallback = (r: RecordedRequest) =>
      r.method === 'POST' && r.path.startsWith(`/interactions/${payload.id}/`);
    return this.dispatch(kind, 'INTERACTION_CREATE', payload, onSent, async (life) => {
      const answered = await this.watch.waitFor(
        (r) => isCallback(r) && r.status < 300,
        ACK_TIMEOUT_MS + 200,
      );
      if (answered) return 'acked';
      if (this.fake.rest.requests.some(isCallback)) return 'rejected';
      return life.end ? 'cut' : 'timeout';
    });
  }

  private async dispatch(
    kind: RequestKind,
    type: 'MESSAGE_CREATE' | 'INTERACTION_CREATE',
    payload: Dispatchable,
    onSent: ((replica: Replica) => void) | undefined,
    outcomeFor: (
      life: NonNullable<Replica['current']>,
      sentAt: number,
    ) => Promise<Attempt['outcome']>,
  ): Promise<Attempt> {
    this.stats.requests[kind] += 1;
    const sentAt = this.elapsed();
    const replica = this.receiver();
    const life = replica?.current ?? null;
    this.fake.dispatch(type, payload);
    if (replica && life) {
      this.receivers.set(payload.id, life.token);
      if (payload.token) this.receivers.set(payload.token, life.token);
      onSent?.(replica);
    }
    // Nobody on the gateway: the person learns it only when nothing happens ("This interaction
    // failed" after 3 s).
    const outcome = life
      ? await outcomeFor(life, sentAt)
      : await sleep(ACK_TIMEOUT_MS).then(() => 'refused' as const);
    this.stats.outcomes[outcome] += 1;
    if (outcome === 'acked' && this.rng.chance(this.replayChance))
      this.scheduled.add(this.replay(type, payload));
    return {
      kind,
      replica: replica?.name ?? null,
      incarnation: life?.incarnation ?? null,
      retryNum: 0,
      sentAt,
      endedAt: this.elapsed(),
      outcome,
      status: null,
      json: null,
    };
  }

  /** The same dispatch again, to whichever process holds the session then (a resumed session). */
  private async replay(type: string, payload: Dispatchable): Promise<void> {
    await sleep(this.rng.between(200, 2_500));
    const replica = this.receiver();
    if (!replica?.current) return;
    this.stats.redeliveredAcked += 1;
    this.fake.dispatch(type, payload);
  }

  /** Resolves once every scheduled replay has been sent. */
  settle(): Promise<void> {
    return this.scheduled.settle();
  }
}
