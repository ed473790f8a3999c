// Parsing of shell input lines: quoted words, key=value form fields, durations for /clock.
import type { CaseFormField } from '../../core/views.js';

/** Splits a line into words; "double" or 'single' quotes keep spaces (also inside key="a b"). */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let inWord = false;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

const FORM_FIELDS: readonly CaseFormField[] = [
  'title',
  'situation',
  'severity',
  'seriousness',
  'product',
  'type',
];

export function isFormField(name: string): name is CaseFormField {
  return (FORM_FIELDS as readonly string[]).includes(name);
}

/** `key=value` words → fields; anything else is reported so a typo is not silently ignored. */
export function parseFields(words: string[]): {
  fields: Partial<Record<CaseFormField, string>>;
  unknown: string[];
} {
  const fields: Partial<Record<CaseFormField, string>> = {};
  const unknown: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = eq > 0 ? word.slice(0, eq).toLowerCase() : '';
    if (eq > 0 && isFormField(key)) fields[key] = word.slice(eq + 1);
    else unknown.push(word);
  }
  return { fields, unknown };
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** "+3h", "+90m", "+1d", "+1h30m" → milliseconds; null when unreadable. Only forward: time never goes back. */
export function parseDuration(text: string): number | null {
  const body = text.startsWith('+') ? text.slice(1) : text;
  const parts = [...body.matchAll(/(\d+(?:\.\d+)?)(s|min|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== body) return null;
  return parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0), 0);
}

/** `CASE-1001`, `case-1001` or `1001`. */
export function looksLikeCaseReference(word: string | undefined): word is string {
  return word !== undefined && /^(case-)?\d+$/i.test(word);
}
