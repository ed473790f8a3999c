// What a French render must not contain: the English catalogue's own words (the literal text
// between placeholders, 12 characters or more) that the French message of the same key does not
// share (emoji codes, command syntax and names are shared, so they never count).
import { loadCatalogues } from '../../src/core/i18n/index.js';

const catalogues = loadCatalogues();
const english = catalogues.get('en')!;
const french = catalogues.get('fr')!;

const englishSentences = [...english].flatMap(([key, message]) =>
  message
    .split(/[{}]/)
    .map((part) => part.trim())
    .filter((part) => part.length >= 12 && !(french.get(key) ?? '').includes(part))
    .map((part) => ({ key, part })),
);

/** The English catalogue sentences found in `text`, with their keys (none: nothing leaked). */
export function englishIn(text: string): { key: string; part: string }[] {
  return englishSentences.filter(({ part }) => text.includes(part));
}

/** Every text of a modal or a Block Kit payload: titles, buttons, labels, hints, options. */
export function modalText(view: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'plain_text' || obj.type === 'mrkdwn') texts.push(String(obj.text));
      Object.values(obj).forEach(walk);
    }
  };
  walk(view);
  return texts.join('\n');
}
