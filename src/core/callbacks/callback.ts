// A scheduled callback (the sources' "phone support is a scheduled callback"): one row per call
// asked for on a case, from the request to the call held, missed or cancelled. The slot a call
// occupies on its owner's calendar is a unique key (`slotKey`), so two bookings of one slot at
// once cannot both be written: the database settles the race, as it does for claims.

/**
 * - `requested`: slots were offered, none picked yet;
 * - `booked`: the customer picked a slot (or gave windows); the owner confirms or proposes another;
 * - `proposed`: the owner proposed another slot; the customer confirms it (or picks another);
 * - `confirmed`: both agree; the owner is reminded before it;
 * - `held`, `missed`, `cancelled`: how it ended.
 */
export type CallbackStatus =
  'requested' | 'booked' | 'proposed' | 'confirmed' | 'held' | 'missed' | 'cancelled';

export const LIVE_CALLBACK_STATUSES: readonly CallbackStatus[] = [
  'requested',
  'booked',
  'proposed',
  'confirmed',
];

/** Statuses whose slot is held on the owner's calendar (its `slotKey` is set). */
export const SLOT_HOLDING_STATUSES: readonly CallbackStatus[] = ['booked', 'proposed', 'confirmed'];

export interface Callback {
  id: string;
  caseId: string;
  /** Who asked for the call (the customer, or the owner on their behalf). */
  requesterId: string;
  /** The engineer who will call (the case's owner when the slot was chosen). */
  ownerId: string | null;
  status: CallbackStatus;
  startsAt: Date | null;
  endsAt: Date | null;
  /** The customer's own availability as they typed it ("Tue 14:00-17:00"), if they gave one. */
  windows: string | null;
  /** The phone number or meeting link the customer gave. */
  contact: string | null;
  /** The customer's time zone for this call (IANA). */
  timeZone: string;
  /** A critical incident's "call me now": the owner is paged, no slot. */
  immediate: boolean;
  requestedAt: Date;
  confirmedAt: Date | null;
  /** When the SLA loop reminds the owner (indexed); null: not due (or already reminded). */
  remindAt: Date | null;
  remindedAt: Date | null;
  /** When it was held, missed or cancelled. */
  endedAt: Date | null;
  updatedAt: Date;
}

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

/** The unique key of a slot on an owner's calendar: one call per owner and start instant. */
export function slotKeyOf(
  status: CallbackStatus,
  ownerId: string | null,
  startsAt: Date | null,
  immediate: boolean,
): string | null {
  if (!SLOT_HOLDING_STATUSES.includes(status) || !ownerId || !startsAt || immediate) return null;
  return `${ownerId}@${startsAt.toISOString()}`;
}
