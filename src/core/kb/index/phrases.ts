// Word order, for the top of the ranking: bag-of-words BM25 scores "decorating Request with a
// reference type … shared with all requests" the same on a page that says exactly that and on a
// page that uses each word somewhere. Two question words next to each other ("reference type")
// found next to each other in an article are evidence of the same phrase: the ordered-bigram
// feature of Metzler and Croft's sequential dependence model, added to the BM25 score of the few
// articles that can still change places at the top.
import type { PreparedQuery } from './query.js';
import type { Ranked } from './rank.js';
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
/** BM25's tf saturation, as for single terms (rank.ts DEFAULT_WEIGHTS.k1). */
const K1 = 1.2;

/** A question's phrases by their first term, for one place (headings and text, or code). */
type ByFirst = Map<string, Array<{ second: string; index: number }>>;

/** What scoring the phrases needs, made once per question: lookups and a tf buffer. */
interface Lookup {
  phrases: QueryPhrase[];
  prose: ByFirst;
  code: ByFirst;
  tf: Float64Array;
}

function byFirst(phrases: QueryPhrase[], place: QueryPhrase['place']): ByFirst {
  const map: ByFirst = new Map();
  phrases.forEach((phrase, index) => {
    if (phrase.place !== place) return;
    const [first = '', second = ''] = phrase.key.split(' ');
    const list = map.get(first);
    if (list) list.push({ second, index });
    else map.set(first, [{ second, index }]);
  });
  return map;
}

/** Adds to `tf` the occurrences of the phrases in one field of a section (space-joined terms). */
function countIn(terms: string, phrases: ByFirst, tf: Float64Array): void {
  if (!terms || !phrases.size) return;
  const words = terms.split(' ');
  for (let i = 1; i < words.length; i++) {
    const seconds = phrases.get(words[i - 1] ?? '');
    if (!seconds) continue;
    for (const { second, index } of seconds)
      if (words[i] === second) tf[index] = (tf[index] ?? 0) + 1;
  }
}

/** Section fields (PASSAGE_FIELDS order) each place is compared with. */
const PLACE_FIELDS: Record<QueryPhrase['place'], number[]> = { prose: [0, 1], code: [2] };

/**
 * The sections where some phrase's two terms are both in one field: only those can hold it. The
 * passages' term counts are already built for scoring; walking every section's text of ten
 * articles for every question was a tenth of a search's time on a large KB.
 */
function sectionsWithBoth(entry: Entry, phrases: QueryPhrase[]): Set<number> {
  const { counts, passages, sectionOf } = passageTerms(entry);
  const sections = new Set<number>();
  for (const phrase of phrases) {
    const [first = '', second = ''] = phrase.key.split(' ');
    const a = counts.get(first);
    const b = counts.get(second);
    if (!a || !b) continue;
    for (let s = 0; s < passages; s++)
      for (const f of PLACE_FIELDS[phrase.place])
        if (a[s * PASSAGE_FIELDS + f] && b[s * PASSAGE_FIELDS + f]) sections.add(sectionOf[s] ?? 0);
  }
  return sections;
}

/**
 * The phrase score of an article: its best section's question bigrams, each saturated like BM25's
 * tf. Counted by walking the few top articles' sections, not indexed: an index of every bigram
 * would double the store for a feature only the top of a ranking needs.
 */
function phraseScore(entry: Entry, lookup: Lookup): number {
  const { phrases, prose, code, tf } = lookup;
  let best = 0;
  for (const index of sectionsWithBoth(entry, phrases)) {
    const section = entry.terms.sections[index];
    if (!section) continue;
    tf.fill(0);
    countIn(section.heading, prose, tf);
    countIn(section.text, prose, tf);
    countIn(section.code, code, tf);
    let score = 0;
    phrases.forEach((phrase, index) => {
      const n = tf[index] ?? 0;
      if (n) score += (phrase.value * (n * (K1 + 1))) / (n + K1);
    });
    if (score > best) best = score;
  }
  return best;
}

/** Adds the phrase score to the best-ranked articles (sorted by score); re-sorts them. */
export function rerankByPhrases(ranked: Ranked[], prepared: PreparedQuery): void {
  const { phrases } = prepared;
  if (!phrases.length) return;
  const lookup: Lookup = {
    phrases,
    prose: byFirst(phrases, 'prose'),
    code: byFirst(phrases, 'code'),
    tf: new Float64Array(phrases.length),
  };
  const top = Math.min(PHRASE_TOP, ranked.length);
  for (let i = 0; i < top; i++) {
    const hit = ranked[i];
    // Word order carries within a language: a French question's adjacent words over an English
    // article are loanwords and identifiers, and pairs of them are chance.
    if (!hit || hit.entry.article.lang !== prepared.lang) continue;
    const { language, namedCode } = hit.multipliers;
    const added = PHRASE_WEIGHT * phraseScore(hit.entry, lookup) * language * namedCode;
    if (!added) continue;
    hit.score += added;
    hit.phrases = added;
  }
  const head = ranked
    .slice(0, top)
    .sort((a, b) => b.score - a.score || a.entry.article.id.localeCompare(b.entry.article.id));
  ranked.splice(0, top, ...head);
}
