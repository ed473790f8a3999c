// What people type after `callback` (the shell's /callback, Slack's /support callback, Discord's
// /case callback), read here once so every platform reads it alike. Times are read in the
// customer's time zone: "Tue 14:00", "tomorrow 09:30", "2026-03-03 14:00", "14:00" (its next
// occurrence), or an ISO instant (the buttons send those); windows are "Tue 14:00-17:00, Wed …".
// French is read too, whatever the reader's language (a customer writes as they speak, and the
// team may read English): "mardi 14:00", "mar. 14h00", "demain 9h30", "mardi 14h-17h".
import { DateTime } from 'luxon';
import { clockOf, relativeDayOf, timeWordsOf, weekdayOf } from '../i18n/time-words.js';
import { refuse } from './callback-error.js';

export type CallbackCommand =
  | { kind: 'offer'; contact: string | null; timeZone: string | null }
  | { kind: 'book'; when: string; contact: string | null; timeZone: string | null }
  | { kind: 'windows'; windows: string; contact: string | null; timeZone: string | null }
  | { kind: 'confirm' }
  | { kind: 'propose'; when: string; timeZone: string | null }
  | { kind: 'held' }
  | { kind: 'missed' }
  | { kind: 'cancel' }
  | { kind: 'now'; contact: string | null; timeZone: string | null };

const VERBS = [
  'book',
  'at',
  'windows',
  'when',
  'confirm',
  'accept',
  'propose',
  'held',
  'missed',
  'cancel',
  'now',
];

/** Reads a callback line (without the command word). Unknown verbs are refused with the usage. */
export function parseCallbackCommand(text: string): CallbackCommand {
  const { rest, contact, timeZone } = takeOptions(text.trim());
  const [first = '', ...words] = rest.split(/\s+/).filter(Boolean);
  const verb = first.toLowerCase();
  // Quotes typed around a time or windows ("Tue 14:00-17:00, Wed …") are not part of them.
  const body = words.join(' ').replace(/["']/g, '').trim();
  if (verb === '') return { kind: 'offer', contact, timeZone };
  if (!VERBS.includes(verb)) {
    // A bare time is a booking: "callback Tue 14:00 contact=…"; bare windows are windows
    // ("callback mardi 14h-17h").
    const typed = rest.replace(/["']/g, '');
    return CLOCK_RANGE.test(typed)
      ? { kind: 'windows', windows: typed, contact, timeZone }
      : { kind: 'book', when: typed, contact, timeZone };
  }
  switch (verb) {
    case 'book':
    case 'at':
      if (!body) throw refuse('CALLBACK_BAD_INPUT', 'usage');
      return { kind: 'book', when: body, contact, timeZone };
    case 'windows':
    case 'when':
      if (!body) throw refuse('CALLBACK_BAD_INPUT', 'usage');
      return { kind: 'windows', windows: body, contact, timeZone };
    case 'propose':
      if (!body) throw refuse('CALLBACK_BAD_INPUT', 'usage');
      return { kind: 'propose', when: body, timeZone };
    case 'now':
      return { kind: 'now', contact, timeZone };
    case 'confirm':
    case 'accept':
      return { kind: 'confirm' };
    case 'held':
      return { kind: 'held' };
    case 'missed':
      return { kind: 'missed' };
    default:
      return { kind: 'cancel' };
  }
}

/** `contact=…` (quoted when it holds spaces) and `tz=…`, anywhere on the line. */
function takeOptions(text: string): {
  rest: string;
  contact: string | null;
  timeZone: string | null;
} {
  let contact: string | null = null;
  let timeZone: string | null = null;
  const rest = text
    .replace(
      /\bcontact=(?:"([^"]*)"|'([^']*)'|(\S+))/i,
      (_all, a?: string, b?: string, c?: string) => {
        contact = (a ?? b ?? c ?? '').trim();
        return ' ';
      },
    )
    .replace(/\btz=(\S+)/i, (_all, zone: string) => {
      timeZone = zone;
      return ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { rest, contact, timeZone };
}

/** A phone number (6 to 20 digits, `+`, spaces, dots, dashes, brackets) or an http(s) link. */
export function checkContact(contact: string): string {
  const trimmed = contact.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (/^\+?[\d\s().-]+$/.test(trimmed) && digits.length >= 6 && digits.length <= 20) return trimmed;
  try {
    const url = new URL(trimmed);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && trimmed.length <= 300)
      return trimmed;
  } catch {
    // not a URL: refused below
  }
  throw refuse('CALLBACK_BAD_CONTACT', 'badContact', { contact: trimmed.slice(0, 80) });
}

/** A time, "14:00", "14h", "14h30" (or "1400"): what a window's two ends are. */
const CLOCK = String.raw`\d{1,2}(?::|h)?\d{0,2}`;

/** "14:00-17:00", "14h-17h": a line holding one is windows, not a time. */
const CLOCK_RANGE = new RegExp(String.raw`\d{1,2}(?::|h)\d{0,2}\s*[-–—]\s*${CLOCK}`, 'i');

/** The local day a word names: today, tomorrow, a weekday (today included), an ISO date. */
function dayOf(word: string, local: DateTime): DateTime | null {
  const today = local.startOf('day');
  const relative = relativeDayOf(word);
  if (relative !== null) return today.plus({ days: relative });
  const weekday = weekdayOf(word);
  if (weekday !== null) return today.plus({ days: (weekday - today.weekday + 7) % 7 });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(word)) return null;
  const date = DateTime.fromISO(word, { zone: local.zone });
  return date.isValid ? date.startOf('day') : null;
}

function at(day: DateTime, clock: { hour: number; minute: number }): DateTime {
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, ...clock },
    { zone: day.zone },
  );
}

/**
 * An instant from a typed time in `zone`, or null when unreadable. A bare clock is its next
 * occurrence; a weekday with a time already past today is that weekday next week.
 */
export function readWhen(text: string, now: Date, zone: string): Date | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(trimmed)) {
    const instant = DateTime.fromISO(trimmed, { zone: 'utc' });
    return instant.isValid ? instant.toJSDate() : null;
  }
  const local = DateTime.fromJSDate(now, { zone });
  const words = timeWordsOf(trimmed);
  if (words.length === 1) {
    const clock = clockOf(words[0] ?? '');
    if (!clock) return null;
    const today = at(local.startOf('day'), clock);
    return (today > local ? today : today.plus({ days: 1 })).toJSDate();
  }
  if (words.length !== 2) return null;
  const day = dayOf(words[0] ?? '', local);
  const clock = clockOf(words[1] ?? '');
  if (!day || !clock) return null;
  let instant = at(day, clock);
  if (weekdayOf(words[0] ?? '') !== null && instant <= local) instant = instant.plus({ weeks: 1 });
  return instant.toJSDate();
}

export interface Window {
  start: Date;
  end: Date;
  text: string;
}

/** A window's day, start and end: "Tue 14:00-17:00", "mardi 14h-17h", "mardi de 14h à 17h". */
const WINDOW = new RegExp(
  String.raw`^(.*?)(${CLOCK})\s*(?:[-–—]|\s(?:à|a|to)\s)\s*(${CLOCK})$`,
  'i',
);

/** "Tue 14:00-17:00, Wed 09:00-12:00" (also "–", ";", "and", "et"), read in `zone`. */
export function readWindows(text: string, now: Date, zone: string): Window[] {
  const parts = text
    .split(/[;,]|\b(?:and|et)\b/i)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) throw refuse('CALLBACK_BAD_INPUT', 'badWindows', { text });
  return parts.map((part) => {
    const match = WINDOW.exec(part.replace(/(\d{1,2})\s+h\b/gi, '$1h'));
    const dayWord = match?.[1]?.trim() ?? '';
    const start = match ? readWhen(`${dayWord} ${match[2] ?? ''}`.trim(), now, zone) : null;
    const endClock = match ? clockOf((match[3] ?? '').toLowerCase()) : null;
    if (!start || !endClock) throw refuse('CALLBACK_BAD_INPUT', 'badWindows', { text: part });
    const end = at(DateTime.fromJSDate(start, { zone }).startOf('day'), endClock).toJSDate();
    if (end <= start) throw refuse('CALLBACK_BAD_INPUT', 'windowBackwards', { window: part });
    return { start, end, text: part };
  });
}
