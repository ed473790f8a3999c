// The callbacks' storage port (a scheduled call per case; store/prisma-callback-repository.ts).
import type { Callback, CallbackStatus } from '../callbacks/callback.js';

/** What a new callback row needs; the rest takes the schema's defaults. */
export type NewCallback = Pick<
  Callback,
  'caseId' | 'requesterId' | 'ownerId' | 'timeZone' | 'contact' | 'requestedAt'
> &
  Partial<Pick<Callback, 'status' | 'startsAt' | 'endsAt' | 'immediate' | 'confirmedAt'>>;

/** Fields a transition may change; omitted fields are left alone, `null` clears. */
export type CallbackPatch = Partial<
  Pick<
    Callback,
    | 'ownerId'
    | 'status'
    | 'startsAt'
    | 'endsAt'
    | 'windows'
    | 'contact'
    | 'timeZone'
    | 'confirmedAt'
    | 'remindAt'
    | 'remindedAt'
    | 'endedAt'
  >
> & { updatedAt: Date };

export type TransitionResult =
  | { ok: true; callback: Callback }
  /** The callback changed meanwhile (another click, the other side, a replica): nothing written. */
  | { ok: false; reason: 'changed' }
  /** Another call holds that slot of the owner's calendar (the unique key): nothing written. */
  | { ok: false; reason: 'slot-taken' };

export interface CallbackRepository {
  /** Writes a new callback; a slot-holding one may meet `slot-taken` like a transition. */
  create(input: NewCallback): Promise<TransitionResult>;
  byId(id: string): Promise<Callback | null>;
  /** The case's callback still in progress (requested … confirmed), newest first; null: none. */
  liveForCase(caseId: string): Promise<Callback | null>;
  /** The live callbacks of several cases (queues, status lists). */
  liveForCases(caseIds: string[]): Promise<Callback[]>;
  /** Slots the owner's calendar holds in [from, to): booked, proposed or confirmed calls. */
  ownerBookings(ownerId: string, from: Date, to: Date): Promise<Callback[]>;
  /**
   * Conditional update: applies only while the callback is in one of `expected.statuses` (and,
   * when given, still at `expected.startsAt` / reminding at `expected.remindAt`). The slot key
   * follows the patch: set while it holds a slot, cleared otherwise.
   */
  transition(
    id: string,
    expected: {
      statuses: readonly CallbackStatus[];
      startsAt?: Date | null;
      remindAt?: Date | null;
    },
    patch: CallbackPatch,
  ): Promise<TransitionResult>;
  /** Confirmed calls whose owner reminder is due at `now` (indexed), earliest first. */
  dueReminders(now: Date, limit: number): Promise<Callback[]>;
}
