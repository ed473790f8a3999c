// Whether an engineer's shift covers an instant, in the engineer's own time zone (follow the sun).
import { DateTime } from 'luxon';
import type { Person } from '../model.js';

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * A person with no declared shift counts as covered (small teams need not declare shifts).
 * An overnight shift (end before start) belongs to the day it starts on.
 */
export function isOnShift(person: Pick<Person, 'shift' | 'timeZone'>, now: Date): boolean {
  const { shift } = person;
  if (!shift) return true;
  const local = DateTime.fromJSDate(now, { zone: person.timeZone ?? 'UTC' });
  if (!local.isValid) return false;
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(shift.start);
  const end = minutesOf(shift.end);
  const days = shift.days.length > 0 ? shift.days : [1, 2, 3, 4, 5, 6, 7];
  if (start < end) return days.includes(local.weekday) && minute >= start && minute < end;
  if (start === end) return days.includes(local.weekday);
  const yesterday = local.minus({ days: 1 }).weekday;
  return (
    (days.includes(local.weekday) && minute >= start) || (days.includes(yesterday) && minute < end)
  );
}
