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

export const HELP = `Commands (type a question as plain text to ask it):
  /as customer alice@acme | /as engineer sam | /as moderator mo   switch persona
  /whoami                          who you are playing
  <question>                       ask the knowledge base (customers)
  /solved [N]                      the last suggestions solved it (N: which one; default the first)
  /open [key=value …]              show the case form (with fields: submit at once);
                                   while it is open, lines like severity=2 fill it in
  /submit [key=value …]            submit the form; fields: title situation severity seriousness product type
  /claim CASE-1001 | /unclaim CASE-1001 | /reassign CASE-1001 kim
  /severity CASE-1001 2 reason…    requester or engineer: change the severity, saying why
  /reply [CASE-1001] text          talk on a case (engineer: alert thread; customer: case thread)
  /note [CASE-1001] text           engineers: internal note in the alert thread (never reaches the customer)
  /resolve | /reopen | /close [CASE-1001]
  /learned [ARTICLE] | /learned remove ID   staff: questions learned for articles; remove one
  /draft [CASE-1001]               case owner, once resolved: draft a KB article from it (KB_DRAFTS_DIR)
  /pending [CASE-1001]             engineers: the case waits on the customer (its SLA clocks pause
                                   until they reply; a reminder, then it closes by itself)
  /rate [CASE-1001] 4 [comment]    requester: rate a resolved case from 1 (poor) to 5 (excellent),
                                   once per resolution; the comment is optional
  /callback [CASE-1001] [book Tue 14:00 | windows "Tue 14:00-17:00" | confirm | propose Wed 10:00 |
            held | missed | cancel | now] [contact=+33612345678] [tz=Europe/Paris]
                                   a phone call on the case: times offered in both business hours and
                                   the owner's shift; the owner confirms; severity 1: now pages them
  /flag AUTHOR text                moderator: move a public #community post to private support
  /status                          customer: your org's open cases
  /queue                           engineer: your team's queue by time left
  /why [CASE-1001]                 why its SLA target falls when it does: windows counted, days
                                   skipped (weekend, holiday, closed day), pauses, the rule
  /away [until 14:00|tomorrow|Monday 09:00|2026-12-07 09:00 | for 3h]
                                   engineers: no new case is suggested or assigned to you
  /back                            engineers: available again
  /shift 08:00-17:00 Europe/Paris [mon-fri]   engineers: your shift (overnight allowed)
  /dashboard                       staff: a signed link to the web dashboard (expires)
  /clock [+3h|+90m|+1d]            show or move the clock forward (SLA warnings fire)
  /help, /quit
  End a line with " &" to run it without waiting (e.g. two claims racing).`;
