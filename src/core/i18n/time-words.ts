// The day and time words people type in commands (`/away`, `/shift`, `callback`), in English and
// in French whatever the reader's language: someone writes as they speak, and the bot may answer
// them in another language. Only the words live here; each command keeps its own grammar.

/** Monday first (luxon's weekday 1); English and French names, then their abbreviations. */
const WEEKDAYS: readonly (readonly string[])[] = [
  ['monday', 'mon', 'lundi', 'lun'],
  ['tuesday', 'tue', 'mardi', 'mar'],
  ['wednesday', 'wed', 'mercredi', 'mer'],
  ['thursday', 'thu', 'jeudi', 'jeu'],
  ['friday', 'fri', 'vendredi', 'ven'],
  ['saturday', 'sat', 'samedi', 'sam'],
  ['sunday', 'sun', 'dimanche', 'dim'],
];

/**
 * Days counted from today. "aujourd'hui" loses its apostrophe when the command line is read. A Map,
 * so that a typed "constructor" is not found on an object's prototype.
 */
const RELATIVE_DAYS: ReadonlyMap<string, number> = new Map([
  ['today', 0],
  ['tomorrow', 1],
  ['yesterday', -1],
  ["aujourd'hui", 0],
  ['aujourdhui', 0],
  ['demain', 1],
  ['après-demain', 2],
  ['hier', -1],
]);

/** Words between a day and its time that say nothing more: "demain à 9h30", "Tue at 14:00". */
const FILLERS = new Set(['at', 'à', 'a', 'le', 'de', 'from']);

/** The ISO weekday (1 = Monday) a lower-case word names, or null. */
export function weekdayOf(word: string): number | null {
  const index = WEEKDAYS.findIndex((names) => names.includes(word));
  return index >= 0 ? index + 1 : null;
}

/** How many days from today a lower-case word means ("demain": 1), or null. */
export function relativeDayOf(word: string): number | null {
  return RELATIVE_DAYS.get(word) ?? null;
}

/** A time of day: "14:00", "9:30", "14h", "14h30", "14" or "1400"; null past 23:59. */
export function clockOf(word: string): { hour: number; minute: number } | null {
  const match = /^(\d{1,2})(?::|h)?(\d{2})?$/.exec(word);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/**
 * The words of a typed time, lower case: "mar." is "mar", "aujourd’hui" is "aujourd'hui", "9 h 30"
 * is "9h30", and fillers ("à", "at") are left out.
 */
export function timeWordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/(\d{1,2})\s*h\s*(\d{2})?(?!\d)/g, (_all, hour: string, minute?: string) =>
      minute ? `${hour}h${minute}` : `${hour}h`,
    )
    .replace(/,/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/\.+$/, ''))
    .filter((word) => word && !FILLERS.has(word));
}
