// The best section of a hit and a short snippet around the question's words in it.
import { foldText } from '../text/analyze.js';
import type { PreparedQuery } from './query.js';
import { PASSAGE_FIELDS, passageTerms } from './passages.js';
import type { Entry } from './store.js';

const SNIPPET_CHARS = 200;
/**
 * Whitespace runs other than a single space: collapsing only those gives the same text as
 * collapsing every run (\s+), without a replacement for each gap between words.
 */
const LOOSE_SPACE = /\s{2,}|[^\S ]/g;
const SCAN_CHARS = 4000;

/** Index of the section whose heading and text best match the question (0 when none does). */
export function bestSection(entry: Entry, query: PreparedQuery): number {
  // The per-section term counts the passage scorer built: no scan of the sections' text.
  const { passages, counts, sectionOf } = passageTerms(entry);
  let best = 0;
  let bestScore = 0;
  for (let s = 0; s < passages; s++) {
    let score = 0;
    for (const { term, weight, idf } of query.terms) {
      const row = counts.get(term);
      if (!row) continue;
      const at = s * PASSAGE_FIELDS;
      const tf = 2 * (row[at] ?? 0) + (row[at + 1] ?? 0) + 0.3 * (row[at + 2] ?? 0);
      if (tf) score += weight * idf * (tf / (tf + 1.2));
    }
    if (score > bestScore) {
      bestScore = score;
      best = s;
    }
  }
  return sectionOf[best] ?? 0;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Where the question's terms start in `folded` (at a word start). */
function termStarts(folded: string, query: PreparedQuery): number[] {
  const hits: number[] = [];
  for (const { term } of query.terms) {
    // indexOf and a look at the previous character: a compiled Unicode regex per term and call
    // cost a quarter of a query's time on long sections (bench/run.ts profile).
    // At most 32 per term, so a frequent word cannot crowd out the others' hits.
    let count = 0;
    for (
      let at = folded.indexOf(term);
      at >= 0 && count < 32;
      at = folded.indexOf(term, at + term.length)
    ) {
      if (at === 0 || !WORD_CHAR.test(folded[at - 1] ?? '')) {
        hits.push(at);
        count += 1;
      }
    }
  }
  return hits.sort((a, b) => a - b);
}

/** Start of the window holding the most hits within ~70% of a snippet's length. */
function densestStart(hits: number[]): number {
  let start = 0;
  let bestCount = 0;
  for (let i = 0, j = 0; i < hits.length; i++) {
    j = Math.max(j, i);
    while (j + 1 < hits.length && (hits[j + 1] ?? 0) - (hits[i] ?? 0) < SNIPPET_CHARS * 0.7) j++;
    if (j - i + 1 > bestCount) {
      bestCount = j - i + 1;
      start = Math.max(0, (hits[i] ?? 0) - 40);
    }
  }
  return start;
}

/** ~200 characters of `text` around the densest cluster of question terms. */
export function makeSnippet(text: string, query: PreparedQuery): string {
  const trimmed = text.trim();
  // A short text is shown whole. Only a text that fits is normalised whole: a long one is
  // searched as it is and only the window shown is normalised (a copy of 4,000 characters for
  // each of five hits was a fifth of what a search allocated, and so of its garbage collections).
  if (trimmed.length <= SNIPPET_CHARS * 2) {
    const clean = trimmed.replace(LOOSE_SPACE, ' ');
    if (clean.length <= SNIPPET_CHARS) return clean;
  }
  const start = densestStart(termStarts(foldText(trimmed.slice(0, SCAN_CHARS)), query));
  // Whitespace runs collapse in the window, so it is cut a little long and trimmed after.
  let window = trimmed.slice(start, start + SNIPPET_CHARS * 2).replace(LOOSE_SPACE, ' ');
  if (start > 0) {
    const space = window.indexOf(' ');
    if (space >= 0 && space < 20) window = window.slice(space + 1);
  } else window = window.trimStart();
  const rest = start + SNIPPET_CHARS * 2 < trimmed.length;
  let end = Math.min(window.length, SNIPPET_CHARS);
  const more = end < window.length || rest;
  const lastSpace = window.lastIndexOf(' ', end);
  if (more && lastSpace > SNIPPET_CHARS / 2) end = lastSpace;
  return `${start > 0 ? '…' : ''}${window.slice(0, end).trimEnd()}${more ? '…' : ''}`;
}
