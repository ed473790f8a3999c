// Callback times and refusals in words: an instant in a reader's time zone, business hours and
// shifts, and why a time was refused (each problem of slots.ts, one sentence of messages.ts).
import { DateTime } from 'luxon';
import type { BusinessCalendar, Org, Person } from '../model.js';
import type { CallbackRule } from '../sla/index.js';
import { refuse, type CallbackError } from './callback-error.js';
import { callTimePattern, type Localized } from './messages.js';
import type { SlotProblem } from './slots.js';

/** "Tuesday 3 March 14:00 (Europe/Paris)", "mardi 3 mars à 14:00 (Europe/Paris)". */
export function whenText(instant: Date, zone: string): Localized {
  return (language) => {
    const local = DateTime.fromJSDate(instant, { zone }).setLocale(language);
    return `${local.toFormat(callTimePattern(language))} (${zone})`;
  };
}

/** A weekday's short name in `language` (1 = Monday): "Mon", "lun.". */
function dayName(day: number, language: string): string {
  return DateTime.fromObject({ weekday: day as 1 | 2 | 3 | 4 | 5 | 6 | 7 }, { zone: 'UTC' })
    .setLocale(language)
    .toFormat('ccc');
}

function daysText(days: number[]): Localized {
  return (language) => {
    const sorted = [...days].sort((a, b) => a - b);
    const contiguous = sorted.every((day, i) => i === 0 || day === (sorted[i - 1] ?? 0) + 1);
    if (sorted.length > 2 && contiguous)
      return `${dayName(sorted[0] ?? 1, language)}–${dayName(sorted.at(-1) ?? 1, language)}`;
    return sorted.map((day) => dayName(day, language)).join(', ');
  };
}

/** "Mon–Fri 09:00–18:00, Europe/Paris". */
export function hoursText(calendar: BusinessCalendar): Localized {
  const { days, start, end } = calendar.hours;
  return (language) => `${daysText(days)(language)} ${start}–${end}, ${calendar.timeZone}`;
}

/** "08:00–17:00 Mon–Fri, Asia/Tokyo". */
export function shiftText(owner: Person): Localized {
  const shift = owner.shift;
  if (!shift) return () => '00:00–24:00';
  return (language) =>
    `${shift.start}–${shift.end} ${daysText(shift.days)(language)}, ${owner.timeZone ?? 'UTC'}`;
}

export interface ProblemContext {
  org: Org;
  owner: Person;
  rule: CallbackRule;
  /** The reader's zone: the refused time is said in it. */
  zone: string;
}

/** The refusal for a time that breaks a rule, naming the rule. */
export function slotRefusal(
  problem: SlotProblem,
  at: Date,
  context: ProblemContext,
): CallbackError {
  const { org, owner, rule, zone } = context;
  const when = whenText(at, zone);
  const base = { when, org: org.name, owner: owner.displayName };
  const code = 'CALLBACK_SLOT_REFUSED';
  switch (problem.kind) {
    case 'past':
      return refuse(code, 'past', base);
    case 'off-grid': {
      const step = rule.slotMinutes * 60_000;
      const example = whenText(new Date(Math.ceil(at.getTime() / step) * step), zone);
      return refuse(code, 'offGrid', { ...base, step: rule.slotMinutes, example });
    }
    case 'too-far':
      return refuse(code, 'tooFar', { ...base, days: rule.horizonDays });
    case 'holiday':
      return refuse(code, 'holiday', { ...base, holiday: problem.name });
    case 'closed-day':
      return refuse(code, 'closedDay', base);
    case 'not-working-day':
      return refuse(code, 'notWorkingDay', { ...base, hours: hoursText(org.calendar) });
    case 'outside-hours':
      return refuse(code, 'outsideHours', { ...base, hours: hoursText(org.calendar) });
    case 'owner-day-off':
      return refuse(code, 'ownerDayOff', { ...base, days: daysText(owner.shift?.days ?? []) });
    case 'owner-off-shift':
      return refuse(code, 'ownerOffShift', { ...base, shift: shiftText(owner) });
    case 'owner-away':
      return refuse(code, 'ownerAway', base);
    case 'owner-busy':
      return refuse('CALLBACK_SLOT_TAKEN', 'ownerBusy', base);
  }
}
