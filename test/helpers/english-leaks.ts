// What a French render or transcript must not contain: the English catalogue's own words. Each English
// message is cut into its literal texts (around placeholders, inside every select and plural
// option); a literal of 12 characters or more counts unless the French message of the same key
// shares it (command syntax, emoji, names). Dates' luxon patterns (`format.*`) are not messages.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { loadCatalogues } from '../../src/core/i18n/index.js';

const MIN_LENGTH = 12;

function literalsOf(elements: MessageFormatElement[], into: string[]): string[] {
  for (const element of elements) {
    if (element.type === TYPE.literal) into.push(...element.value.split('\n'));
    if (element.type === TYPE.plural || element.type === TYPE.select)
      for (const option of Object.values(element.options)) literalsOf(option.value, into);
  }
  return into;
}

const catalogues = loadCatalogues();
const french = catalogues.get('fr')!;

export const englishLiterals: { key: string; literal: string }[] = [
  ...catalogues.get('en')!,
].flatMap(([key, message]) =>
  key.startsWith('format.')
    ? []
    : literalsOf(parse(message, { ignoreTag: true }), [])
        .map((literal) => literal.trim())
        .filter(
          (literal) => literal.length >= MIN_LENGTH && !(french.get(key) ?? '').includes(literal),
        )
        .map((literal) => ({ key, literal })),
);

/** Each line of `text` that holds an English catalogue literal, with the key it comes from. */
export function englishLines(text: string): { line: string; key: string; literal: string }[] {
  return text
    .split('\n')
    .flatMap((line) =>
      englishLiterals
        .filter(({ literal }) => line.includes(literal))
        .map(({ key, literal }) => ({ line, key, literal })),
    );
}

/** The English catalogue literals found anywhere in `text`, with their keys (none: nothing leaked). */
export function englishIn(text: string): { key: string; part: string }[] {
  return englishLiterals
    .filter(({ literal }) => text.includes(literal))
    .map(({ key, literal }) => ({ key, part: literal }));
}
