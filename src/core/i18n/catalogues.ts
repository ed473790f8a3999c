// Message catalogues: one YAML file per language in `locales/` (`en.yml`, `fr.yml`, …). The set
// of languages casebot speaks is the set of files found there, so a third language is one new
// file. Nested sections are flattened to dotted keys ("alerts.breached").
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const DEFAULT_LANGUAGE = 'en';

/** Every message of one language, by dotted key. */
export type Catalogue = ReadonlyMap<string, string>;

const LOCALES_DIR = new URL('../../../locales/', import.meta.url);

export class CatalogueError extends Error {}

function flatten(prefix: string, value: unknown, into: Map<string, string>, file: string): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new CatalogueError(`${file}: "${prefix}" must be a message (a string) or a section`);
  for (const [key, child] of Object.entries(value))
    flatten(prefix ? `${prefix}.${key}` : key, child, into, file);
}

export function parseCatalogue(text: string, file: string): Catalogue {
  const messages = new Map<string, string>();
  flatten('', parse(text) ?? {}, messages, file);
  return messages;
}

/** Reads every `<language>.yml` of the locales folder (once per process: the files ship with the code). */
export function loadCatalogues(dir: URL = LOCALES_DIR): Map<string, Catalogue> {
  const catalogues = new Map<string, Catalogue>();
  for (const file of readdirSync(dir).sort()) {
    const match = /^([a-z]{2,3})\.yml$/.exec(file);
    if (!match?.[1]) continue;
    catalogues.set(match[1], parseCatalogue(readFileSync(new URL(file, dir), 'utf8'), file));
  }
  if (!catalogues.has(DEFAULT_LANGUAGE))
    throw new CatalogueError(`locales/${DEFAULT_LANGUAGE}.yml is missing: casebot needs it`);
  return catalogues;
}
