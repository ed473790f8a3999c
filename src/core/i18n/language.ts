// Which language a reader gets. Per conversation: the person's own setting (`/lang`, setup file),
// else what their platform says (Slack's user locale, Discord's interaction locale), else their
// org's, else English. Team alerts use the team's language.
import { DEFAULT_LANGUAGE } from './catalogues.js';
import { supportedLanguages } from './translate.js';

/** "fr-FR", "fr_CA", "FR" → "fr" when casebot has that catalogue; otherwise null. */
export function supportedLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return supportedLanguages().includes(base) ? base : null;
}

/** The first candidate casebot speaks, most specific first; English when none. */
export function chooseLanguage(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    const language = supportedLanguage(candidate);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

export interface LanguageSources {
  /** The person's own choice (`/lang fr` or the setup file). */
  personLanguage?: string | null;
  /** What the platform said of them in this event, else the last locale it said. */
  platformLocale?: string | null;
  orgLanguage?: string | null;
}

export function languageFor(sources: LanguageSources): string {
  return chooseLanguage(sources.personLanguage, sources.platformLocale, sources.orgLanguage);
}
