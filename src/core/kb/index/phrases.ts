// Word order, for the top of the ranking: bag-of-words BM25 scores "decorating Request with a
// reference type … shared with all requests" the same on a page that says exactly that and on a
// page that uses each word somewhere. Two question words next to each other ("reference type")
// found next to each other in an article are evidence of the same phrase: the ordered-bigram
// feature of Metzler and Croft's sequential dependence model, added to the BM25 score of the few
// articles that can still change places at the top.
import type { PreparedQuery } from './query.js';
import { byScore, DEFAULT_WEIGHTS, type Ranked } from './rank.js';
import { PASSAGE_FIELDS, passageTerms } from './passages.js';
import type { Entry } from './store.js';

/** Two analysed question terms written next to each other, and what the pair is worth. */
export interface QueryPhrase {
  /** "first second", as the article bigrams are keyed. */
  key: string;
  /** Compared with the article's headings and text, or with its code. */
  place: 'prose' | 'code';
  /** idf × weight of the pair: the mean of its two terms'. */
  value: number;
}

/**
 * Share of the phrase score added to BM25's. Measured on the real corpora (bench/relevance.ts,
 * English recall@3 of the tuning questions): 0.3 gained less, 0.5 to 1 the same on fastify and
 * pino, undici lost one question past 0.5 (and a held-back one past 0.5 too).
 */
const PHRASE_WEIGHT = 0.5;
/** Articles re-scored: the top of the ranking (5, 10, 20 or all gave the same recall). */
const PHRASE_TOP = 10;
/** BM25's tf saturation, as for single terms. */
const K1 = DEFAULT_WEIGHTS.k1;

/** A phrase with its two terms apart, made once per question. */
interface SplitPhrase {
  phrase: QueryPhrase;
  first: string;
  second: string;
  /** Section fields (PASSAGE_FIELDS order) its place is compared with. */
  fields: readonly number[];
}

/** Section fields (PASSAGE_FIELDS order) each place is compared with. */
const PLACE_FIELDS: Record<QueryPhrase['place'], readonly number[]> = {
  prose: [0, 1],
  code: [2],
};

function splitPhrases(phrases: QueryPhrase[]): SplitPhrase[] {
  return phrases.map((phrase) => {
    const [first = '', second = ''] = phrase.key.split(' ');
    return { phrase, first, second, fields: PLACE_FIELDS[phrase.place] };
  });
}

const SPACE = 32;

/**
 * Occurrences of a phrase (its two terms, space-joined) in one field of a section (space-joined
 * terms): found in place, where splitting every section of ten articles into words for every
 * question was a sixth of what a search allocated.
 */
function occurrences(terms: string, key: string): number {
  let n = 0;
  for (let at = terms.indexOf(key); at >= 0; at = terms.indexOf(key, at + 1)) {
    const end = at + key.length;
    const starts = at === 0 || terms.charCodeAt(at - 1) === SPACE;
    if (starts && (end === terms.length || terms.charCodeAt(end) === SPACE)) n += 1;
  }
  return n;
}

/** Whether two terms' passage counts are both set in one of the fields of passage `s`. */
function inOneField(a: Uint16Array, b: Uint16Array, s: number, fields: readonly number[]): boolean {
  for (const f of fields) if (a[s * PASSAGE_FIELDS + f] && b[s * PASSAGE_FIELDS + f]) return true;
  return false;
}

/**
 * The sections where a phrase's two terms are both in one of its fields, with those phrases: only
 * there can it be. The passages' term counts are already built for scoring; walking every
 * section's text of ten articles for every question was a tenth of a search's time on a large KB.
 * (A section split into windows holds every pair of adjacent terms in one window.)
 */
function sectionsWithBoth(entry: Entry, phrases: SplitPhrase[]): Map<number, SplitPhrase[]> {
  const { counts, passages, sectionOf } = passageTerms(entry);
  const sections = new Map<number, SplitPhrase[]>();
  for (const split of phrases) {
    const a = counts.get(split.first);
    const b = counts.get(split.second);
    if (!a || !b) continue;
    for (let s = 0; s < passages; s++) {
      if (!inOneField(a, b, s, split.fields)) continue;
      const section = sectionOf[s] ?? 0;
      const found = sections.get(section);
      if (!found) sections.set(section, [split]);
      else if (found[found.length - 1] !== split) found.push(split);
    }
  }
  return sections;
}

/**
 * The phrase score of an article: its best section's question bigrams, each saturated like BM25's
 * tf. Counted in the few top articles' sections, not indexed: an index of every bigram would
 * double the store for a feature only the top of a ranking needs.
 */
function phraseScore(entry: Entry, phrases: SplitPhrase[]): number {
  let best = 0;
  for (const [index, present] of sectionsWithBoth(entry, phrases)) {
    const section = entry.terms.sections[index];
    if (!section) continue;
    let score = 0;
    for (const { phrase } of present) {
      const n =
        phrase.place === 'code'
          ? occurrences(section.code, phrase.key)
          : occurrences(section.heading, phrase.key) + occurrences(section.text, phrase.key);
      if (n) score += (phrase.value * (n * (K1 + 1))) / (n + K1);
    }
    if (score > best) best = score;
  }
  return best;
}

/** Adds the phrase score to the best-ranked articles (sorted by score); re-sorts them. */
export function rerankByPhrases(ranked: Ranked[], prepared: PreparedQuery): void {
  const { phrases } = prepared;
  if (!phrases.length) return;
  const split = splitPhrases(phrases);
  const top = Math.min(PHRASE_TOP, ranked.length);
  for (let i = 0; i < top; i++) {
    const hit = ranked[i];
    // Word order carries within a language: a French question's adjacent words over an English
    // article are loanwords and identifiers, and pairs of them are chance.
    if (!hit || hit.entry.article.lang !== prepared.lang) continue;
    const { language, namedCode } = hit.multipliers;
    const added = PHRASE_WEIGHT * phraseScore(hit.entry, split) * language * namedCode;
    if (!added) continue;
    hit.score += added;
    hit.phrases = added;
  }
  const head = ranked.slice(0, top).sort(byScore);
  ranked.splice(0, top, ...head);
}
