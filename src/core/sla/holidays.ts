// Public holidays by country and region, from the maintained date-holidays library. Only days it
// types as 'public' close the calendar (bank holidays, observances and school days do not).
// The library takes ~0.3 s to load, so it is required lazily: `casebot sla due` without
// --country never pays for it.
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { CalendarError } from './time-zone.js';

type HolidaysClass = typeof Holidays;

let holidaysClass: HolidaysClass | undefined;
const calendars = new Map<string, Holidays>();
const closedDays = new Map<string, Set<string>>();
const holidayNames = new Map<string, Map<string, string>>();

function load(): HolidaysClass {
  holidaysClass ??= createRequire(import.meta.url)('date-holidays') as HolidaysClass;
  return holidaysClass;
}

/** Throws CalendarError when the library does not know the country or its region. */
export function validateHolidayRegion(country: string, region?: string): void {
  const Library = load();
  const probe = new Library();
  const countries = probe.getCountries('en');
  const code = country.toUpperCase();
  if (!countries[code]) {
    throw new CalendarError(
      'UNKNOWN_COUNTRY',
      `unknown country "${country}" for public holidays: use an ISO 3166 code such as FR, US or DE`,
    );
  }
  if (region === undefined) return;
  const regions = probe.getStates(code, 'en') ?? {};
  if (!regions[region.toUpperCase()]) {
    const known = Object.keys(regions).slice(0, 20).join(', ');
    throw new CalendarError(
      'UNKNOWN_REGION',
      `unknown region "${region}" of ${code} for public holidays: ${known ? `use one of ${known}` : `${code} has no regions, leave it out`}`,
    );
  }
}

/** Local dates "YYYY-MM-DD" that are public holidays in `year` for the country (and region). */
export function publicHolidays(
  country: string,
  region: string | undefined,
  year: number,
): Set<string> {
  const key = `${country}|${region ?? ''}|${year}`;
  const cached = closedDays.get(key);
  if (cached) return cached;
  const days = new Set(publicHolidayNames(country, region, year).keys());
  closedDays.set(key, days);
  return days;
}

/**
 * The same public holidays with their names in `language` ("2026-05-01" → "Labour Day", "Fête du
 * travail"; date-holidays falls back to the country's own language): what an explained deadline
 * says about a skipped day. One source for both, so a day is never closed without a name nor
 * named without being closed.
 */
export function publicHolidayNames(
  country: string,
  region: string | undefined,
  year: number,
  language = 'en',
): Map<string, string> {
  const key = `${country}|${region ?? ''}|${year}|${language}`;
  const cached = holidayNames.get(key);
  if (cached) return cached;
  const names = new Map<string, string>();
  for (const holiday of holidayCalendar(country, region).getHolidays(year, language)) {
    if (holiday.type !== 'public') continue;
    const first = holiday.date.slice(0, 10);
    if (!names.has(first)) names.set(first, holiday.name);
    // A holiday longer than one day closes each of its days.
    const lengthDays = Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000);
    for (let extra = 1; extra < lengthDays; extra += 1) {
      const next = new Date(`${first}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + extra);
      const date = next.toISOString().slice(0, 10);
      if (!names.has(date)) names.set(date, holiday.name);
    }
  }
  holidayNames.set(key, names);
  return names;
}

function holidayCalendar(country: string, region: string | undefined): Holidays {
  const key = `${country}|${region ?? ''}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    const Library = load();
    calendar = region
      ? new Library(country.toUpperCase(), region.toUpperCase())
      : new Library(country.toUpperCase());
    calendars.set(key, calendar);
  }
  return calendar;
}
