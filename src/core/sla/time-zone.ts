// IANA time zones: validation with a helpful suggestion, and local formatting for alerts.
import { DateTime, IANAZone } from 'luxon';
import { CasebotError } from '../errors.js';

export type CalendarErrorCode =
  'UNKNOWN_TIME_ZONE' | 'UNKNOWN_COUNTRY' | 'UNKNOWN_REGION' | 'INVALID_CALENDAR';

/** A bad time zone or calendar: a refusal when typed in chat; setup and policy loads wrap it. */
export class CalendarError extends CasebotError {
  declare readonly code: CalendarErrorCode;
  constructor(code: CalendarErrorCode, message: string) {
    super('refusal', code, message);
  }
}

/** Throws CalendarError(UNKNOWN_TIME_ZONE) unless `zone` is an IANA name such as Europe/Paris. */
export function validateTimeZone(zone: string): void {
  if (zone.trim() !== '' && IANAZone.isValidZone(zone)) return;
  const hint = suggestZone(zone);
  throw new CalendarError(
    'UNKNOWN_TIME_ZONE',
    `unknown time zone "${zone}": use an IANA name such as ${hint ? `"${hint}"` : '"Europe/Paris" or "America/New_York"'}`,
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

/** "Monday 11:30 (Europe/Paris)": what an engineer or customer reads in an alert. */
export function formatLocal(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return `${local.setLocale('en').toFormat('cccc HH:mm')} (${timeZone})`;
}

/** "Monday 13 July 2026 11:30 (Europe/Paris)": with the date, for deadlines days away. */
export function formatLocalWithDate(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return `${local.setLocale('en').toFormat('cccc d LLLL yyyy HH:mm')} (${timeZone})`;
}
