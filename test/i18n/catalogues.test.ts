import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LANGUAGE,
  chooseLanguage,
  formatDateTime,
  formatDuration,
  loadCatalogues,
  parseCatalogue,
  supportedLanguages,
  t,
} from '../../src/core/i18n/index.js';
import { compareCatalogues, placeholdersOf } from '../../src/core/i18n/check.js';

const catalogues = loadCatalogues();
const english = catalogues.get(DEFAULT_LANGUAGE)!;

describe('message catalogues', () => {
  it('ships English and French', () => {
    expect(supportedLanguages()).toEqual(expect.arrayContaining(['en', 'fr']));
    expect(supportedLanguages()[0]).toBe('en');
  });

  for (const [language, catalogue] of catalogues) {
    it(`${language}: every English key, no other, same placeholders, valid ICU`, () => {
      expect(compareCatalogues(english, catalogue, `${language}.yml`)).toEqual([]);
    });
  }

  it('the check finds a missing key, an extra key and a changed placeholder', () => {
    const reference = parseCatalogue('a: "Case {reference} opened"\nb: "Hello"\n', 'en.yml');
    const broken = parseCatalogue('a: "Cas {référence} ouvert"\nc: "Salut"\n', 'xx.yml');
    expect(compareCatalogues(reference, broken, 'xx.yml')).toEqual([
      'xx.yml: "a" has placeholders {référence}, English has {reference}',
      'xx.yml: missing "b"',
      'xx.yml: extra "c" (not in English)',
    ]);
  });

  it('reads placeholders inside plurals and selects', () => {
    expect(placeholdersOf('{count, plural, one {# case for {team}} other {# cases}}')).toEqual([
      'count',
      'team',
    ]);
  });
});

describe('translation and formatting', () => {
  it('formats ICU selects and falls back to English for an unknown language', () => {
    expect(t('fr', 'language.name', { code: 'fr' })).toBe('français');
    expect(t('xx', 'language.name', { code: 'fr' })).toBe('French');
  });

  it('chooses the first language casebot speaks, else English', () => {
    expect(chooseLanguage(null, 'fr-FR', 'en')).toBe('fr');
    expect(chooseLanguage('de', undefined, 'FR_ca')).toBe('fr');
    expect(chooseLanguage('de', 'ja')).toBe('en');
  });

  it('formats instants in the reader language and zone', () => {
    const at = new Date('2026-12-07T11:30:00Z');
    expect(formatDateTime(at, 'fr', 'Europe/Paris')).toBe(
      'lundi 7 décembre 2026 à 12:30 (Europe/Paris)',
    );
    expect(formatDateTime(at, 'en', 'America/New_York')).toBe(
      'Monday 7 December 2026 06:30 (America/New_York)',
    );
  });

  it('formats durations per language', () => {
    const ms = (3 * 60 + 20) * 60_000;
    expect(formatDuration(ms, 'fr')).toBe('3 h 20');
    expect(formatDuration(ms - 15 * 60_000, 'fr')).toBe('3 h 05');
    expect(formatDuration(ms, 'en')).toBe('3 h 20 min');
    expect(formatDuration(26 * 3_600_000, 'fr')).toBe('1 j 2 h');
    expect(formatDuration(20_000, 'fr')).toBe('moins d’1 min');
  });
});
