// A question → weighted terms: analysed like the documents, then each word the index has never
// seen is swapped for its closest known spellings (typos), at a lower weight.
import { analyze, detectLang } from '../text/analyze.js';
import type { CorpusStore } from './store.js';

export interface QueryTerm {
  term: string;
  /** Term id in the store, and its idf, looked up once per question. */
  id: number;
  idf: number;
  weight: number;
  /** Index of the word of the question it comes from (typo variants share their word's slot). */
  slot: number;
}

export interface PreparedQuery {
  lang: string;
  terms: QueryTerm[];
  /** Information (idf) each question word carries, to measure how much of it a hit covers. */
  slotIdf: number[];
}

export const TYPO_WEIGHT = 0.7;
/** An error code the customer pasted (ECONNRESET, E404, E_KEY_EXPIRED) says more than prose. */
export const CODE_WEIGHT = 2;
const ERROR_CODE = /\bE[A-Z0-9_]{3,}\b/g;

export function idf(store: CorpusStore, df: number): number {
  const n = store.size;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export function prepareQuery(
  store: CorpusStore,
  query: string,
  lang: string | null | undefined,
): PreparedQuery {
  const queryLang = lang ?? detectLang(query);
  // Both analyses split the question identically (only stemming differs), so they align by index.
  const surfaces: string[] = [];
  const primary = analyze(query, queryLang, surfaces);
  const secondary = analyze(query, queryLang === 'fr' ? 'en' : 'fr');
  const codes = new Set((query.match(ERROR_CODE) ?? []).map((code) => code.toLowerCase()));
  const seen = new Set<string>();
  const terms: Array<Omit<QueryTerm, 'id' | 'idf'>> = [];
  const slotIdf: number[] = [];
  let slot = -1;
  primary.forEach((word, index) => {
    if (seen.has(word)) return;
    seen.add(word);
    slot += 1;
    const df = store.docFreq(word);
    const other = secondary[index];
    // The other language's stem only stands in for a word the KB does not know as stemmed:
    // offered beside a known one, it drags in unrelated terms (effective → "effect").
    const otherDf = !df && other && other !== word ? store.docFreq(other) : 0;
    if (other && otherDf) terms.push({ term: other, weight: 1, slot });
    if (df || otherDf) {
      if (df) terms.push({ term: word, weight: codes.has(word) ? CODE_WEIGHT : 1, slot });
      // A matched error code also covers more of the question's meaning than a plain word.
      slotIdf[slot] = idf(store, Math.max(df ?? 0, otherDf)) * (codes.has(word) ? CODE_WEIGHT : 1);
      return;
    }
    // A compound the KB does not know (7.x) still matches through its parts, analysed separately.
    if (/[._-]/.test(word)) return;
    const corrections = store.vocabulary.corrections(word, surfaces[index]);
    for (const term of corrections) terms.push({ term, weight: TYPO_WEIGHT, slot });
    const best = corrections[0];
    // A word nothing resembles counts fully against coverage: the KB does not know it.
    slotIdf[slot] = best ? idf(store, store.docFreq(best)) : idf(store, 0);
  });
  const known = terms.flatMap((t) => {
    const id = store.termId(t.term);
    return id === undefined ? [] : [{ ...t, id, idf: idf(store, store.docFreq(t.term)) }];
  });
  return { lang: queryLang, terms: known, slotIdf };
}
