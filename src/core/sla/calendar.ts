// Business calendars: working days and hours in the org's time zone, minus public holidays of its
// country/region and extra closed dates. Everything is computed from local wall-clock times, so
// a DST change moves the UTC instant of 09:00 but never the working hours themselves.
import { t } from '../i18n/index.js';
import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../model.js';
import { publicHolidayNames, publicHolidays, validateHolidayRegion } from './holidays.js';
import { CalendarError, validateTimeZone } from './time-zone.js';

export const DEFAULT_HOURS = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' } as const;

/** Monday–Friday 09:00–18:00 in `timeZone`, minus public holidays when a country is given. */
export function defaultCalendar(
  timeZone: string,
  country?: string,
  region?: string,
): BusinessCalendar {
  const calendar: BusinessCalendar = {
    timeZone,
    hours: { days: [...DEFAULT_HOURS.days], start: DEFAULT_HOURS.start, end: DEFAULT_HOURS.end },
  };
  if (country) calendar.country = country.toUpperCase();
  if (country && region) calendar.region = region.toUpperCase();
  validateCalendar(calendar);
  return calendar;
}

/** Throws CalendarError naming the field and the fix. Call it where calendars enter (setup file). */
export function validateCalendar(calendar: BusinessCalendar): void {
  validateTimeZone(calendar.timeZone);
  const { days, start, end } = calendar.hours;
  if (days.length === 0 || days.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
    throw new CalendarError(
      'INVALID_CALENDAR',
      `working days ${JSON.stringify(days)} are invalid: list ISO weekdays 1 (Monday) to 7 (Sunday), e.g. [1, 2, 3, 4, 5]`,
    );
  }
  const startMinutes = parseClock(start, 'start');
  const endMinutes = parseClock(end, 'end');
  if (endMinutes <= startMinutes) {
    throw new CalendarError(
      'INVALID_CALENDAR',
      `working hours ${start}–${end} end before they start: use e.g. start "09:00", end "18:00"`,
    );
  }
  if (calendar.region && !calendar.country) {
    throw new CalendarError(
      'INVALID_CALENDAR',
      `region "${calendar.region}" needs a country: set country too, e.g. DE with region BY`,
    );
  }
  if (calendar.country) validateHolidayRegion(calendar.country, calendar.region);
  for (const date of calendar.extraClosedDates ?? []) {
    if (!DateTime.fromISO(date, { zone: 'UTC' }).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new CalendarError(
        'INVALID_CALENDAR',
        `extra closed date "${date}" is invalid: write it as YYYY-MM-DD`,
      );
    }
  }
}

/** Minutes since midnight of a local "HH:MM" ("24:00" allowed as an end). */
export function parseClock(text: string, field: 'start' | 'end'): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) {
    throw new CalendarError(
      'INVALID_CALENDAR',
      `working hours ${field} "${text}" is invalid: write it as "HH:MM", e.g. "09:00"`,
    );
  }
  return minutes;
}

/** Working minutes of one full working day (540 for 09:00–18:00): the length of a business day. */
export function workingDayMinutes(calendar: BusinessCalendar): number {
  return parseClock(calendar.hours.end, 'end') - parseClock(calendar.hours.start, 'start');
}

/** Whether a local date is closed all day (weekend, public holiday, extra closed date). */
export function isClosedDay(calendar: BusinessCalendar, day: DateTime): boolean {
  if (!calendar.hours.days.includes(day.weekday)) return true;
  const iso = day.toISODate() ?? '';
  if (calendar.extraClosedDates?.includes(iso)) return true;
  return calendar.country
    ? publicHolidays(calendar.country, calendar.region, day.year).has(iso)
    : false;
}

/** Why a day is closed: not a working weekday, one of the org's own closed dates, a public holiday. */
export type ClosedDayReason =
  { kind: 'weekend' } | { kind: 'closed-day' } | { kind: 'public-holiday'; name: string };

/**
 * Why `isClosedDay` closes a local date, or null when it is open. The same three tests in the same
 * order, so an explained deadline names exactly the days the deadline computation skipped.
 */
export function closedDayReason(
  calendar: BusinessCalendar,
  day: DateTime,
  language = 'en',
): ClosedDayReason | null {
  if (!isClosedDay(calendar, day)) return null;
  if (!calendar.hours.days.includes(day.weekday)) return { kind: 'weekend' };
  const iso = day.toISODate() ?? '';
  if (calendar.extraClosedDates?.includes(iso)) return { kind: 'closed-day' };
  const name = calendar.country
    ? publicHolidayNames(calendar.country, calendar.region, day.year, language).get(iso)
    : undefined;
  return { kind: 'public-holiday', name: name ?? t(language, 'sla.explain.holidayUnnamed') };
}

/** The working interval [start, end) in epoch ms of local date `day`, or null when closed. */
export function workingInterval(
  calendar: BusinessCalendar,
  day: DateTime,
): [number, number] | null {
  if (isClosedDay(calendar, day)) return null;
  const midnight = day.startOf('day');
  return [atClock(midnight, calendar.hours.start), atClock(midnight, calendar.hours.end)];
}

function atClock(midnight: DateTime, clock: string): number {
  const minutes = parseClock(clock, 'start');
  if (minutes === 24 * 60) return midnight.plus({ days: 1 }).toMillis();
  // fromObject keeps the wall-clock time across DST (02:30 on a spring-forward day becomes 03:30).
  return DateTime.fromObject(
    {
      year: midnight.year,
      month: midnight.month,
      day: midnight.day,
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    },
    { zone: midnight.zone },
  ).toMillis();
}

/** The local date containing `instantMs` in the calendar's zone. */
export function localDay(calendar: BusinessCalendar, instantMs: number): DateTime {
  return DateTime.fromMillis(instantMs, { zone: calendar.timeZone }).startOf('day');
}
