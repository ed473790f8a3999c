// What an engineer types after `/away` and `/shift`, read in their own time zone. The grammar is
// small on purpose (a support lead must be able to predict it): `until 14:00`, `until tomorrow`,
// `until Monday 09:00`, `until 2026-12-07 09:00`, `for 3h`; shifts `08:00-17:00 Europe/Paris
// [mon-fri]`. French reads too, whatever the reader's language (engineers type as they speak):
// `jusqu’à lundi 9h`, `jusqu'à demain`, `pour 3h`, `pendant 2 h 30`, `8h-17h Europe/Paris lun-ven`.
// Each refusal says what to type instead; nothing is stored until the whole line reads.
import { DateTime, IANAZone } from 'luxon';
import { CasebotError } from '../errors.js';
import type { Shift } from '../model.js';
import { formatLocalWithDate, validateTimeZone } from '../sla/time-zone.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';
import { clockOf, relativeDayOf, timeWordsOf, weekdayOf } from '../i18n/time-words.js';

export class AvailabilityInputError extends CasebotError {
  constructor(message: string) {
    super('refusal', 'BAD_AVAILABILITY_INPUT', message);
  }
}

/** The examples a refusal gives, in the reader's language (both forms are read from anyone). */
const awayExamples = (language: string) => t(language, 'sla.availability.awayExamples');
const shiftExamples = (language: string) => t(language, 'sla.availability.shiftExamples');

/** An absence longer than this is a typo (a wrong year), not a holiday. */
const MAX_AWAY_DAYS = 366;

/** What opens an `/away` line with an end: "until", "jusqu'à" (or without accent, apostrophe). */
const UNTIL_LEADS = new Set([
  'until',
  "jusqu'à",
  "jusqu'a",
  'jusquà',
  'jusqua',
  "jusqu'au",
  "jusqu'",
]);

/** What opens an `/away` line with a length: "for 3h", "pour 3h", "pendant 2 h 30". */
const FOR_LEADS = new Set(['for', 'pour', 'pendant']);

/** Whether an `/away` line already says "until …" or "for …" (in English or French). */
export function startsWithAwayLead(text: string): boolean {
  const [first = ''] = timeWordsOf(text);
  return UNTIL_LEADS.has(first) || FOR_LEADS.has(first);
}

/**
 * When an `/away` ends: null for no end. `text` is what follows `/away` ("until tomorrow 09:00").
 * A bare time is its next occurrence; a day alone means the start of that day.
 */
export function parseAwayUntil(
  text: string,
  now: Date,
  timeZone: string,
  language: string = DEFAULT_LANGUAGE,
): Date | null {
  const refuse = (key: string, values: Record<string, string>) =>
    new AvailabilityInputError(t(language, `sla.availability.${key}`, values));
  if (text.trim() === '') return null;
  const [lead = '', ...words] = timeWordsOf(text);
  const isLength = FOR_LEADS.has(lead);
  if (!isLength && !UNTIL_LEADS.has(lead))
    throw refuse('cannotRead', { text: text.trim(), examples: awayExamples(language) });
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const rest = words.join(' ');
  const instant = isLength ? afterDuration(rest, local) : untilText(words, local);
  if (!instant) throw refuse('cannotReadTime', { text: rest, examples: awayExamples(language) });
  if (instant.toMillis() <= now.getTime())
    throw refuse('inThePast', {
      at: formatLocalWithDate(instant.toJSDate(), timeZone, language),
    });
  if (instant.toMillis() - now.getTime() > MAX_AWAY_DAYS * 86_400_000)
    throw refuse('tooFar', { date: instant.toISODate() ?? rest });
  return instant.toJSDate();
}

/** Minutes per unit of a typed length, English and French: "3h", "2 jours", "90min", "1d". */
const DURATION_UNITS: ReadonlyMap<string, number> = new Map([
  ...['d', 'day', 'days', 'j', 'jour', 'jours'].map((unit) => [unit, 1440] as const),
  ...['h', 'hour', 'hours', 'heure', 'heures'].map((unit) => [unit, 60] as const),
  ...['m', 'min', 'mins', 'mn', 'minute', 'minutes'].map((unit) => [unit, 1] as const),
]);

/** "3h", "1d 2h", "90min", "2h30" / "2 h 30" (minutes after hours need no unit, as in French). */
function afterDuration(text: string, local: DateTime): DateTime | null {
  const compact = text.replace(/\s+/g, '');
  const parts = [...compact.matchAll(/(\d+)([a-z]*)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== compact) return null;
  let minutes = 0;
  for (const [index, part] of parts.entries()) {
    const count = Number(part[1]);
    const unit = part[2] ?? '';
    const trailsHours =
      unit === '' &&
      index === parts.length - 1 &&
      DURATION_UNITS.get(parts[index - 1]?.[2] ?? '') === 60;
    const size = trailsHours && count < 60 ? 1 : DURATION_UNITS.get(unit);
    if (size === undefined) return null;
    minutes += count * size;
  }
  return minutes > 0 ? local.plus({ minutes }) : null;
}

function untilText(words: string[], local: DateTime): DateTime | null {
  const [first = '', second, ...extra] = words;
  if (extra.length > 0) return null;
  const today = local.startOf('day');
  const time = second === undefined ? null : clockOf(second);
  if (second !== undefined && !time) return null;
  const at = (day: DateTime) =>
    DateTime.fromObject(
      {
        year: day.year,
        month: day.month,
        day: day.day,
        hour: time?.hour ?? 0,
        minute: time?.minute ?? 0,
      },
      { zone: local.zone },
    );
  const bareClock = second === undefined ? clockOf(first) : null;
  if (bareClock) {
    const todayAt = DateTime.fromObject(
      { year: today.year, month: today.month, day: today.day, ...bareClock },
      { zone: local.zone },
    );
    return todayAt > local ? todayAt : todayAt.plus({ days: 1 });
  }
  const relative = relativeDayOf(first);
  if (relative !== null) return at(today.plus({ days: relative }));
  const weekday = weekdayOf(first);
  if (weekday !== null) {
    const ahead = (weekday - today.weekday + 7) % 7 || 7;
    return at(today.plus({ days: ahead }));
  }
  // 2026-12-07, 2026-12-07T09:00, 2026-12-07 09:00.
  // The words were lower-cased: ISO wants its "T" back.
  const iso = DateTime.fromISO(first.toUpperCase(), { zone: local.zone });
  if (!iso.isValid || !/^\d{4}-\d{2}-\d{2}/.test(first)) return null;
  if (first.includes('t')) return second === undefined ? iso : null;
  return at(iso.startOf('day'));
}

export interface ShiftChange {
  shift: Shift;
  timeZone: string;
  /** The shift ends on the next day (22:00-06:00): legitimate for follow-the-sun teams. */
  isOvernight: boolean;
}

/**
 * `08:00-17:00 Europe/Paris [mon-fri]`, also `8h-17h Europe/Paris lun-ven`. Without a zone the
 * person's own is kept (one is required when they have none); without days, their current shift's
 * days, else Monday to Friday.
 */
export function parseShift(
  text: string,
  current: { shift: Shift | null; timeZone: string | null },
  language: string = DEFAULT_LANGUAGE,
): ShiftChange {
  const refuse = (key: string, values: Record<string, string>) =>
    new AvailabilityInputError(t(language, `sla.availability.${key}`, values));
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [range, ...rest] = words;
  if (!range) throw refuse('shiftMissing', { examples: shiftExamples(language) });
  const match = SHIFT_RANGE.exec(range);
  const start = match ? normaliseClock(match[1] ?? '', false) : null;
  const end = match ? normaliseClock(match[2] ?? '', true) : null;
  if (!start || !end) throw refuse('notARange', { range, examples: shiftExamples(language) });
  if (start === end) throw refuse('noLength', { start, end });
  let timeZone = current.timeZone;
  let dayWords = rest;
  const zoneWord = rest[0];
  // The word after the hours is a time zone unless it reads as days ("mon-fri", "lun-ven").
  if (zoneWord && parseDays(zoneWord) === null) {
    validateTimeZone(zoneWord, language);
    timeZone = IANAZone.create(zoneWord).name;
    dayWords = rest.slice(1);
  }
  if (!timeZone) throw refuse('zoneMissing', { examples: shiftExamples(language) });
  if (dayWords.length > 1) throw refuse('cannotReadAfterZone', { text: dayWords.join(' ') });
  const days = dayWords[0] ? parseDays(dayWords[0]) : (current.shift?.days ?? [1, 2, 3, 4, 5]);
  if (!days) throw refuse('cannotReadDays', { text: dayWords[0] ?? '' });
  const isOvernight = end !== '24:00' && end < start;
  return { shift: { start, end, days }, timeZone, isOvernight };
}

/** Either end of a shift's hours: "08:00", "8:30", or the French "8h", "8h30". */
const SHIFT_CLOCK = String.raw`\d{1,2}(?::\d{2}|h(?:\d{2})?)`;

const SHIFT_RANGE = new RegExp(String.raw`^(${SHIFT_CLOCK})\s*[-–]\s*(${SHIFT_CLOCK})$`, 'i');

/** "8:00" → "08:00", "8h" → "08:00", "8h30" → "08:30"; "24:00" only as an end. */
function normaliseClock(text: string, isEnd: boolean): string | null {
  const match = /^(\d{1,2})(?::(\d{2})|h(\d{2})?)$/i.exec(text);
  if (!match) return null;
  const hour = Number(match[1]);
  const minutes = match[2] ?? match[3] ?? '00';
  const minute = Number(minutes);
  if (minute > 59 || hour > 24 || (hour === 24 && (minute !== 0 || !isEnd))) return null;
  return `${String(hour).padStart(2, '0')}:${minutes}`;
}

/**
 * "mon-fri", "sat,sun", "mon,wed-fri", "daily", and in French "lun-ven", "sam,dim", "lun.-ven."
 * → ISO weekdays; null when unreadable.
 */
function parseDays(text: string): number[] | null {
  const lower = text.toLowerCase();
  if (lower === 'daily' || lower === 'everyday') return [1, 2, 3, 4, 5, 6, 7];
  const days = new Set<number>();
  for (const part of lower.split(',')) {
    const [from, to] = part.split('-').map((word) => word.replace(/\.+$/, ''));
    const first = from ? weekdayOf(from) : null;
    const last = to === undefined ? first : weekdayOf(to);
    if (first === null || last === null) return null;
    for (let day = first; ; day = (day % 7) + 1) {
      days.add(day);
      if (day === last) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}
