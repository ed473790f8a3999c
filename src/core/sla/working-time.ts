// Arithmetic on working time: "add N working minutes to an instant" and its inverse "how much
// working time lies between two instants". Both walk the calendar one local day at a time.
import type { DateTime } from 'luxon';
import type { BusinessCalendar } from '../model.js';
import { localDay, workingInterval } from './calendar.js';
import { CalendarError, validateTimeZone } from './time-zone.js';

/** Ten years without one working day means the calendar is wrong, not that the case can wait. */
const MAX_DAYS = 3660;

/**
 * The calendar's local days from the one containing `fromMs`, each with its working interval
 * (null: closed). Every working-time computation walks this, and so does an explained deadline.
 */
export function* workingDays(
  calendar: BusinessCalendar,
  fromMs: number,
): Generator<[DateTime, [number, number] | null]> {
  // A calendar read from storage skips validateCalendar: an unknown zone would silently give NaN.
  validateTimeZone(calendar.timeZone);
  let day = localDay(calendar, fromMs);
  for (let i = 0; i < MAX_DAYS; i += 1) {
    yield [day, workingInterval(calendar, day)];
    day = day.plus({ days: 1 });
  }
  throw new CalendarError(
    'INVALID_CALENDAR',
    `the calendar in ${calendar.timeZone} has no working time for ten years: check its working days and closed dates`,
  );
}

/**
 * The instant when `durationMs` of working time has passed since `startMs`. Time before the next
 * opening does not count, so a case opened on Saturday starts counting on Monday morning. A
 * deadline that falls exactly at closing time stays at closing time (not the next morning).
 */
export function addWorkingTime(
  calendar: BusinessCalendar,
  startMs: number,
  durationMs: number,
): number {
  let remaining = Math.max(0, durationMs);
  for (const [, interval] of workingDays(calendar, startMs)) {
    if (!interval) continue;
    const from = Math.max(interval[0], startMs);
    if (from >= interval[1]) continue;
    const available = interval[1] - from;
    if (remaining <= available) return from + remaining;
    remaining -= available;
  }
  throw new Error('unreachable: days() throws before running out');
}

/** The first working instant at or after `instantMs`. */
export function nextOpening(calendar: BusinessCalendar, instantMs: number): number {
  return addWorkingTime(calendar, instantMs, 0);
}

/** Working time in ms between two instants (0 when `toMs` is not after `fromMs`). */
export function workingTimeBetween(
  calendar: BusinessCalendar,
  fromMs: number,
  toMs: number,
): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  for (const [day, interval] of workingDays(calendar, fromMs)) {
    if (day.toMillis() >= toMs) break;
    if (!interval) continue;
    const from = Math.max(interval[0], fromMs);
    const to = Math.min(interval[1], toMs);
    if (to > from) total += to - from;
  }
  return total;
}

/**
 * The instant `durationMs` of working time before `endMs`: the inverse of addWorkingTime, so that
 * workingTimeBetween(result, endMs) is `durationMs`. A resumed business-hours target uses it to
 * move its start on by the pause (its length stays the same).
 */
export function subtractWorkingTime(
  calendar: BusinessCalendar,
  endMs: number,
  durationMs: number,
): number {
  if (durationMs <= 0) return endMs;
  validateTimeZone(calendar.timeZone);
  let remaining = durationMs;
  let day = localDay(calendar, endMs);
  for (let i = 0; i < MAX_DAYS; i += 1) {
    const interval = workingInterval(calendar, day);
    if (interval) {
      const to = Math.min(interval[1], endMs);
      if (to > interval[0]) {
        const available = to - interval[0];
        if (remaining <= available) return to - remaining;
        remaining -= available;
      }
    }
    day = day.minus({ days: 1 });
  }
  throw new CalendarError(
    'INVALID_CALENDAR',
    `the calendar in ${calendar.timeZone} has no working time for ten years: check its working days and closed dates`,
  );
}
