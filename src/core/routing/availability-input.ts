// What an engineer types after `/away` and `/shift`, read in their own time zone. The grammar is
// small on purpose (a support lead must be able to predict it): `until 14:00`, `until tomorrow`,
// `until Monday 09:00`, `until 2026-12-07 09:00`, `for 3h`; shifts `08:00-17:00 Europe/Paris
// [mon-fri]`. Each refusal says what to type instead; nothing is stored until the whole line reads.
import { DateTime, IANAZone } from 'luxon';
import { CasebotError } from '../errors.js';
import type { Shift } from '../model.js';
import { formatLocalWithDate, validateTimeZone } from '../sla/time-zone.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';

export class AvailabilityInputError extends CasebotError {
  constructor(message: string) {
    super('refusal', 'BAD_AVAILABILITY_INPUT', message);
  }
}

export const AWAY_EXAMPLES =
  '`/away`, `/away until 14:00`, `/away until tomorrow`, `/away until Monday 09:00`, `/away until 2026-12-07 09:00` or `/away for 3h`';

export const SHIFT_EXAMPLES =
  '`/shift 08:00-17:00 Europe/Paris`, `/shift 22:00-06:00 Asia/Tokyo mon-fri`';

/** An absence longer than this is a typo (a wrong year), not a holiday. */
const MAX_AWAY_DAYS = 366;

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function weekdayOf(word: string): number | null {
  const index = WEEKDAY_NAMES.indexOf(word.slice(0, 3));
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  return index >= 0 && (word.length === 3 || full[index] === word) ? index + 1 : null;
}

function clockOf(word: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(word) ?? /^(\d{1,2})h(\d{2})?$/.exec(word);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
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
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const lead = words.shift();
  if (lead !== 'until' && lead !== 'for')
    throw refuse('cannotRead', { text: text.trim(), examples: AWAY_EXAMPLES });
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const rest = words.join(' ');
  const instant = lead === 'for' ? afterDuration(rest, local) : untilText(words, local);
  if (!instant) throw refuse('cannotReadTime', { text: rest, examples: AWAY_EXAMPLES });
  if (instant.toMillis() <= now.getTime())
    throw refuse('inThePast', {
      at: formatLocalWithDate(instant.toJSDate(), timeZone, language),
    });
  if (instant.toMillis() - now.getTime() > MAX_AWAY_DAYS * 86_400_000)
    throw refuse('tooFar', { date: instant.toISODate() ?? rest });
  return instant.toJSDate();
}

function afterDuration(text: string, local: DateTime): DateTime | null {
  const parts = [...text.replace(/\s+/g, '').matchAll(/(\d+)(min|d|h|m)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text.replace(/\s+/g, ''))
    return null;
  const minutes = parts.reduce((sum, part) => {
    const unit = part[2] === 'd' ? 1440 : part[2] === 'h' ? 60 : 1;
    return sum + Number(part[1]) * unit;
  }, 0);
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
  if (first === 'today') return at(today);
  if (first === 'tomorrow') return at(today.plus({ days: 1 }));
  if (first === 'yesterday') return at(today.minus({ days: 1 }));
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
 * `08:00-17:00 Europe/Paris [mon-fri]`. Without a zone the person's own is kept (one is required
 * when they have none); without days, their current shift's days, else Monday to Friday.
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
  if (!range) throw refuse('shiftMissing', { examples: SHIFT_EXAMPLES });
  const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(range);
  const start = match ? normaliseClock(match[1] ?? '', false) : null;
  const end = match ? normaliseClock(match[2] ?? '', true) : null;
  if (!start || !end) throw refuse('notARange', { range, examples: SHIFT_EXAMPLES });
  if (start === end) throw refuse('noLength', { start, end });
  let timeZone = current.timeZone;
  let dayWords = rest;
  const zoneWord = rest[0];
  // The word after the hours is a time zone unless it reads as days ("mon-fri").
  if (zoneWord && parseDays(zoneWord) === null) {
    validateTimeZone(zoneWord, language);
    timeZone = IANAZone.create(zoneWord).name;
    dayWords = rest.slice(1);
  }
  if (!timeZone) throw refuse('zoneMissing', { examples: SHIFT_EXAMPLES });
  if (dayWords.length > 1) throw refuse('cannotReadAfterZone', { text: dayWords.join(' ') });
  const days = dayWords[0] ? parseDays(dayWords[0]) : (current.shift?.days ?? [1, 2, 3, 4, 5]);
  if (!days) throw refuse('cannotReadDays', { text: dayWords[0] ?? '' });
  const isOvernight = end !== '24:00' && end < start;
  return { shift: { start, end, days }, timeZone, isOvernight };
}

/** "8:00" → "08:00"; "24:00" only as an end. */
function normaliseClock(text: string, isEnd: boolean): string | null {
  const [hours = '', minutes = ''] = text.split(':');
  const hour = Number(hours);
  const minute = Number(minutes);
  if (minute > 59 || hour > 24 || (hour === 24 && (minute !== 0 || !isEnd))) return null;
  return `${String(hour).padStart(2, '0')}:${minutes}`;
}

/** "mon-fri", "sat,sun", "mon,wed-fri", "daily" → ISO weekdays; null when unreadable. */
function parseDays(text: string): number[] | null {
  const lower = text.toLowerCase();
  if (lower === 'daily' || lower === 'everyday') return [1, 2, 3, 4, 5, 6, 7];
  const days = new Set<number>();
  for (const part of lower.split(',')) {
    const [from, to] = part.split('-');
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
