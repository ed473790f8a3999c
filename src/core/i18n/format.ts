// Dates, times and durations in the reader's language and time zone. The patterns live in the
// catalogues (`format.*`: luxon patterns; `duration.*`: ICU messages) so a language brings its own.
import { DateTime } from 'luxon';
import { rawMessage, t } from './translate.js';

const MINUTE_MS = 60_000;

function localIn(instant: Date, language: string, timeZone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: timeZone }).setLocale(language);
}

/** "Monday 11:30 (Europe/Paris)" / "lundi 11:30 (Europe/Paris)". */
export function formatWeekdayTime(instant: Date, language: string, timeZone: string): string {
  return `${localIn(instant, language, timeZone).toFormat(rawMessage(language, 'format.weekdayTime'))} (${timeZone})`;
}

/** "Monday 7 December 2026 12:30 (Europe/Paris)" / "lundi 7 décembre 2026 à 12:30 (Europe/Paris)". */
export function formatDateTime(instant: Date, language: string, timeZone: string): string {
  return `${localIn(instant, language, timeZone).toFormat(rawMessage(language, 'format.dateTime'))} (${timeZone})`;
}

/** "3 d 2 h", "2 h 15 min", "40 min" (days are 24 h); in French "3 j 2 h", "2 h 15", "40 min". */
export function formatDuration(ms: number, language: string): string {
  const totalMinutes = Math.floor(Math.abs(ms) / MINUTE_MS);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (totalMinutes === 0) return t(language, 'duration.underMinute');
  if (days > 0)
    return t(language, hours > 0 ? 'duration.daysHours' : 'duration.days', { days, hours });
  if (hours > 0)
    return t(language, minutes > 0 ? 'duration.hoursMinutes' : 'duration.hours', {
      hours,
      minutes,
    });
  return t(language, 'duration.minutes', { minutes });
}
