// Which times a call may take: on the slot grid, ahead, within the horizon, inside the org's
// business hours (any time for a 24/7 severity of a tier that has it; a public holiday or closed
// day is closed), inside the owner's shift and not while they are away, and not on a slot their
// calendar already holds. One rule checks a typed time and generates the offered ones, so what is
// offered is always what would be accepted.
import { DateTime } from 'luxon';
import type { Org, Person } from '../model.js';
import { availabilityAt } from '../routing/availability.js';
import { isOnShift } from '../routing/shift.js';
import { closedDayReason, localDay, workingInterval } from '../sla/calendar.js';
import type { CallbackRule } from '../sla/index.js';
import type { Window } from './callback-input.js';

export interface SlotRules {
  org: Org;
  owner: Person;
  /** The case's severity has a 24/7 target in its tier: business hours do not limit the call. */
  aroundTheClock: boolean;
  rule: CallbackRule;
  now: Date;
  /** Start instants (ms) the owner's calendar already holds (other calls). */
  busy: Set<number>;
}

export type SlotProblem =
  | { kind: 'past' }
  | { kind: 'off-grid' }
  | { kind: 'too-far' }
  | { kind: 'holiday'; name: string }
  | { kind: 'closed-day' }
  | { kind: 'not-working-day' }
  | { kind: 'outside-hours' }
  | { kind: 'owner-day-off' }
  | { kind: 'owner-off-shift' }
  | { kind: 'owner-away' }
  | { kind: 'owner-busy' };

const MINUTE = 60_000;

/** Why a call may not start at `start`, or null when it may. */
export function slotProblem(rules: SlotRules, start: Date): SlotProblem | null {
  const { rule, now } = rules;
  const ms = start.getTime();
  if (ms <= now.getTime()) return { kind: 'past' };
  if (ms % (rule.slotMinutes * MINUTE) !== 0) return { kind: 'off-grid' };
  if (ms - now.getTime() > rule.horizonDays * 1440 * MINUTE) return { kind: 'too-far' };
  const end = ms + rule.callMinutes * MINUTE;
  if (!rules.aroundTheClock) {
    const problem = businessHoursProblem(rules.org, ms, end);
    if (problem) return problem;
  }
  const ownerProblem = shiftProblem(rules.owner, ms, end);
  if (ownerProblem) return ownerProblem;
  if (rules.busy.has(ms)) return { kind: 'owner-busy' };
  return null;
}

function businessHoursProblem(org: Org, start: number, end: number): SlotProblem | null {
  const day = localDay(org.calendar, start);
  const closed = closedDayReason(org.calendar, day);
  if (closed?.kind === 'public-holiday') return { kind: 'holiday', name: closed.name };
  if (closed?.kind === 'closed-day') return { kind: 'closed-day' };
  if (closed) return { kind: 'not-working-day' };
  const open = workingInterval(org.calendar, day);
  if (!open || start < open[0] || end > open[1]) return { kind: 'outside-hours' };
  return null;
}

function shiftProblem(owner: Person, start: number, end: number): SlotProblem | null {
  const at = new Date(start);
  if (
    availabilityAt(owner, at) !== 'available' ||
    availabilityAt(owner, new Date(end)) !== 'available'
  )
    return { kind: 'owner-away' };
  if (isOnShift(owner, at) && isOnShift(owner, new Date(end - MINUTE))) return null;
  const shift = owner.shift;
  const weekday = DateTime.fromMillis(start, { zone: owner.timeZone ?? 'UTC' }).weekday;
  const overnight = shift ? shift.end < shift.start : false;
  const dayOff = shift && !shift.days.includes(weekday) && !overnight;
  return { kind: dayOff ? 'owner-day-off' : 'owner-off-shift' };
}

/** The first grid instant at or after `ms`. */
function ceilToGrid(ms: number, stepMinutes: number): number {
  const step = stepMinutes * MINUTE;
  return Math.ceil(ms / step) * step;
}

/**
 * The next `rule.offered` starts a call may take, from one reminder's lead ahead of now (so the
 * owner can be reminded before each) to the horizon.
 */
export function nextSlots(rules: SlotRules): Date[] {
  const { rule, now } = rules;
  const found: Date[] = [];
  const last = now.getTime() + rule.horizonDays * 1440 * MINUTE;
  const first = ceilToGrid(now.getTime() + rule.reminderMinutes * MINUTE, rule.slotMinutes);
  for (let ms = first; ms <= last && found.length < rule.offered; ms += rule.slotMinutes * MINUTE) {
    if (!slotProblem(rules, new Date(ms))) found.push(new Date(ms));
  }
  return found;
}

/**
 * The first start inside the customer's windows that fits every rule; else the problem of the
 * first time tried (the customer is told why their windows do not fit).
 */
export function firstSlotIn(rules: SlotRules, windows: Window[]): Date | SlotProblem {
  let firstProblem: SlotProblem | null = null;
  const step = rules.rule.slotMinutes * MINUTE;
  for (const window of windows) {
    const lastStart = window.end.getTime() - rules.rule.callMinutes * MINUTE;
    for (
      let ms = ceilToGrid(window.start.getTime(), rules.rule.slotMinutes);
      ms <= lastStart;
      ms += step
    ) {
      const problem = slotProblem(rules, new Date(ms));
      if (!problem) return new Date(ms);
      firstProblem ??= problem;
    }
  }
  return firstProblem ?? { kind: 'outside-hours' };
}
