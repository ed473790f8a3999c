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
