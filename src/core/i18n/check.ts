// What makes a catalogue complete: every key of the English catalogue, no other key, and for each
// message the same placeholders (a translation that drops {reference} or invents {name} would
// print a wrong or broken sentence).
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Catalogue } from './catalogues.js';

function collectArguments(elements: MessageFormatElement[], into: Set<string>): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if (element.type === TYPE.tag) {
      collectArguments(element.children, into);
      continue;
    }
    into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select)
      for (const option of Object.values(element.options)) collectArguments(option.value, into);
  }
  return into;
}

/** The placeholder names of an ICU message (throws on a message ICU cannot parse). */
export function placeholdersOf(message: string): string[] {
  return [...collectArguments(parse(message, { ignoreTag: true }), new Set())].sort();
}

export function compareCatalogues(
  reference: Catalogue,
  other: Catalogue,
  otherName: string,
): string[] {
  const problems: string[] = [];
  for (const [key, message] of reference) {
    const translated = other.get(key);
    if (translated === undefined) {
      problems.push(`${otherName}: missing "${key}"`);
      continue;
    }
    const expected = placeholdersOf(message).join(', ');
    let found: string;
    try {
      found = placeholdersOf(translated).join(', ');
    } catch (error) {
      problems.push(`${otherName}: "${key}" is not a valid ICU message (${String(error)})`);
      continue;
    }
    if (found !== expected)
      problems.push(
        `${otherName}: "${key}" has placeholders {${found}}, English has {${expected}}`,
      );
  }
  for (const key of other.keys())
    if (!reference.has(key)) problems.push(`${otherName}: extra "${key}" (not in English)`);
  return problems;
}
