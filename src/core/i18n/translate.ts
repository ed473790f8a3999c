// One translator for the process: `t(language, key, values)` formats an ICU message (plurals,
// selects, numbers) from the language's catalogue. A key missing from a language falls back to
// English (the catalogue test keeps that from shipping); a key missing from English is a bug.
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LANGUAGE, loadCatalogues, type Catalogue } from './catalogues.js';

export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

let catalogues: Map<string, Catalogue> | null = null;
const compiled = new Map<string, IntlMessageFormat>();

function allCatalogues(): Map<string, Catalogue> {
  catalogues ??= loadCatalogues();
  return catalogues;
}

/** The languages casebot has a catalogue for, English first. */
export function supportedLanguages(): string[] {
  const languages = [...allCatalogues().keys()];
  return [DEFAULT_LANGUAGE, ...languages.filter((language) => language !== DEFAULT_LANGUAGE)];
}

function formatterFor(language: string, key: string): IntlMessageFormat {
  const cacheKey = `${language}\u0000${key}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const own = allCatalogues().get(language)?.get(key);
  const message = own ?? allCatalogues().get(DEFAULT_LANGUAGE)?.get(key);
  if (message === undefined)
    throw new Error(`No message "${key}" in locales/${DEFAULT_LANGUAGE}.yml`);
  const formatter = new IntlMessageFormat(
    message,
    own === undefined ? DEFAULT_LANGUAGE : language,
    undefined,
    {
      ignoreTag: true,
    },
  );
  compiled.set(cacheKey, formatter);
  return formatter;
}

/** The message `key` in `language`, with `values` put in its placeholders. */
export function t(language: string, key: string, values?: MessageValues): string {
  const formatted = formatterFor(language, key).format(values as Record<string, string>);
  return Array.isArray(formatted) ? formatted.join('') : String(formatted);
}

/** A raw catalogue entry that is not an ICU message (a luxon date pattern), with English fallback. */
export function rawMessage(language: string, key: string): string {
  const entry =
    allCatalogues().get(language)?.get(key) ?? allCatalogues().get(DEFAULT_LANGUAGE)?.get(key);
  if (entry === undefined) throw new Error(`No entry "${key}" in locales/${DEFAULT_LANGUAGE}.yml`);
  return entry;
}
