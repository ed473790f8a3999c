// IANA time zones: validation with a helpful suggestion, and local formatting for alerts.
import { DateTime, IANAZone } from 'luxon';
import { CasebotError } from '../errors.js';
import { DEFAULT_LANGUAGE, formatDateTime, formatWeekdayTime, t } from '../i18n/index.js';

export type CalendarErrorCode =
  'UNKNOWN_TIME_ZONE' | 'UNKNOWN_COUNTRY' | 'UNKNOWN_REGION' | 'INVALID_CALENDAR';

/** A bad time zone or calendar: a refusal when typed in chat; setup and policy loads wrap it. */
export class CalendarError extends CasebotError {
  declare readonly code: CalendarErrorCode;
  constructor(code: CalendarErrorCode, message: string) {
    super('refusal', code, message);
  }
}

/**
 * Throws CalendarError(UNKNOWN_TIME_ZONE) unless `zone` is an IANA name such as Europe/Paris; the
 * message in `language` (an engineer's `/shift` reads theirs; setup and policy files English).
 */
export function validateTimeZone(zone: string, language: string = DEFAULT_LANGUAGE): void {
  if (zone.trim() !== '' && IANAZone.isValidZone(zone)) return;
  const hint = suggestZone(zone);
  throw new CalendarError(
    'UNKNOWN_TIME_ZONE',
    t(language, hint ? 'sla.timeZone.unknownWithHint' : 'sla.timeZone.unknown', {
      zone,
      hint: hint ?? '',
    }),
  );
}

function suggestZone(zone: string): string | undefined {
  const wanted = zone.trim().toLowerCase();
  if (wanted.length < 3) return undefined;
  const city = wanted.split('/').pop() ?? wanted;
  return Intl.supportedValuesOf('timeZone').find((candidate) => {
    const lower = candidate.toLowerCase();
    return (
      lower.includes(city) ||
      (city.length >= 4 && (lower.split('/').pop() ?? '').startsWith(city.slice(0, 4)))
    );
  });
}

/**
 * "Monday 11:30 (Europe/Paris)" ("lundi 11:30 (Europe/Paris)"): what an engineer or customer reads
 * in an alert, in their language (core/i18n/format.ts; English unless told).
 */
export function formatLocal(
  instant: Date,
  timeZone: string,
  language: string = DEFAULT_LANGUAGE,
): string {
  return formatWeekdayTime(instant, language, timeZone);
}

/** "Monday 13 July 2026 11:30 (Europe/Paris)": with the date, for deadlines days away. */
export function formatLocalWithDate(
  instant: Date,
  timeZone: string,
  language: string = DEFAULT_LANGUAGE,
): string {
  return formatDateTime(instant, language, timeZone);
}

/** A due instant as its reader wants it: the weekday within six days, else the full date. */
export function formatLocalDue(
  now: Date,
  dueAt: Date,
  timeZone: string,
  language: string = DEFAULT_LANGUAGE,
): string {
  const soon = dueAt.getTime() - now.getTime() < 6 * 86_400_000;
  return soon
    ? formatLocal(dueAt, timeZone, language)
    : formatLocalWithDate(dueAt, timeZone, language);
}

/** "Mon" ("lun."): the short name of ISO weekday `day` (1 = Monday) in the reader's language. */
export function weekdayShort(day: number, language: string = DEFAULT_LANGUAGE): string {
  // 1 January 2024 was a Monday.
  return DateTime.fromObject({ year: 2024, month: 1, day }).setLocale(language).toFormat('ccc');
}
