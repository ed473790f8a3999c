// The best section of a hit and a short snippet around the question's words in it.
import { foldText } from '../text/analyze.js';
import type { PreparedQuery } from './query.js';
import type { Entry } from './store.js';

const SNIPPET_CHARS = 200;
const SCAN_CHARS = 4000;

/** Occurrences of a term in space-joined analysed text. */
function occurrences(joined: string, term: string): number {
  if (!joined) return 0;
  let count = 0;
  let from = 0;
  for (;;) {
    const at = joined.indexOf(term, from);
    if (at < 0) return count;
    const end = at + term.length;
    if ((at === 0 || joined[at - 1] === ' ') && (end === joined.length || joined[end] === ' ')) count += 1;
    from = end;
  }
}

/** Index of the section whose heading and text best match the question (0 when none does). */
export function bestSection(entry: Entry, query: PreparedQuery): number {
  let best = 0;
  let bestScore = 0;
  entry.terms.sections.forEach((section, index) => {
    let score = 0;
    for (const { term, weight, idf } of query.terms) {
      const tf =
        2 * occurrences(section.heading, term) + occurrences(section.text, term) + 0.3 * occurrences(section.code, term);
      if (tf) score += weight * idf * (tf / (tf + 1.2));
    }
    if (score > bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** ~200 characters of `text` around the densest cluster of question terms. */
export function makeSnippet(text: string, query: PreparedQuery): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= SNIPPET_CHARS) return clean;
  const folded = foldText(clean.slice(0, SCAN_CHARS));
  const hits: number[] = [];
  for (const { term } of query.terms) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}`, 'gu');
    for (const match of folded.matchAll(pattern)) {
      hits.push(match.index);
      if (hits.length > 64) break;
    }
  }
  hits.sort((a, b) => a - b);
  let start = 0;
  let bestCount = 0;
  for (let i = 0; i < hits.length; i++) {
    let j = i;
    while (j + 1 < hits.length && (hits[j + 1] ?? 0) - (hits[i] ?? 0) < SNIPPET_CHARS * 0.7) j++;
    if (j - i + 1 > bestCount) {
      bestCount = j - i + 1;
      start = Math.max(0, (hits[i] ?? 0) - 40);
    }
  }
  if (start > 0) {
    const space = clean.indexOf(' ', start);
    start = space >= 0 && space < start + 20 ? space + 1 : start;
  }
  let end = Math.min(clean.length, start + SNIPPET_CHARS);
  const lastSpace = clean.lastIndexOf(' ', end);
  if (end < clean.length && lastSpace > start + SNIPPET_CHARS / 2) end = lastSpace;
  return `${start > 0 ? '…' : ''}${clean.slice(start, end)}${end < clean.length ? '…' : ''}`;
}
