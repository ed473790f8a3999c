// A question → weighted terms. The question is cut into prose and pasted parts (code, logs, stack
// traces), analysed like the documents, and each word becomes a slot of alternatives: the word as
// written, its stem in the other language, its dictionary translations, a compound it forms with
// the word before it (npm ci → npm-ci), or its closest known spellings (typos).
import { analyzeTerms, detectLang, stripInvisible, type AnalysedTerm } from '../text/analyze.js';
import { evidenceShare, isEverydayWord } from '../text/everyday-words.js';
import { relatedWords, translations } from '../text/glossary.js';
import { PART_WEIGHT, splitQuestion, type PartKind } from '../text/pasted.js';
import { stem } from '../text/stem.js';
import { SHORTHAND } from '../text/synonyms.js';
import type { QueryPhrase } from './phrases.js';
import type { CorpusStore } from './store.js';

export interface QueryTerm {
  term: string;
  /** Term id in the store, and its idf, looked up once per question. */
  id: number;
  idf: number;
  weight: number;
  /**
   * An error code (ECONNRESET) or identifier (MockAgent, pino-pretty) the question names: an
   * article whose title, aliases or tags name it is about it.
   */
  code: boolean;
  /** Index of the word of the question it comes from (its alternatives share the slot). */
  slot: number;
  /** How sure it is that the term means the word: 1 as written, less for a typo or a translation. */
  certainty: number;
  /** Share of its match that counts as evidence for confidence: less for everyday words. */
  evidence: number;
  /**
   * How many times the question says the word (by its parts' weights), already in `weight`: the
   * ranking counts a repeated word up, confidence does not (saying "logs" ten times is no better
   * a match).
   */
  repeat: number;
  /** How the term was reached, for --explain. */
  via: TermSource;
}

export type TermSource =
  'word' | 'other-language' | 'translation' | 'related' | 'compound' | 'typo';

export interface PreparedQuery {
  lang: string;
  terms: QueryTerm[];
  /** Information (idf × weight) each question word carries, to measure how much a hit covers. */
  slotIdf: number[];
  /** Question words written next to each other (phrases.ts). */
  phrases: QueryPhrase[];
}

export const TYPO_WEIGHT = 0.7;
/**
 * Where a question's word order can be compared with an article's: sentences (prose, error
 * messages) with the article's headings and text, pasted code with its code examples. A stack
 * trace or a setup line has no phrases, and a log line's message is not the article's prose.
 */
const PHRASE_PLACE: Partial<Record<PartKind, QueryPhrase['place']>> = {
  prose: 'prose',
  message: 'prose',
  code: 'code',
};
const TRANSLATION_WEIGHT = 0.8;
/**
 * A method matched without its receiver (`.use` of app.use() in fastify.use()) is less sure a
 * match than the call as written. Measured on the real corpora (bench/relevance.ts): 0.35 to 0.5
 * found two more fastify pages in the top 3 (one held back), 0.25 none, 0.75 lost undici ones.
 */
const METHOD_CERTAINTY = 0.4;
/** A word documentation uses for the same thing (disconnect → abort) is a weaker match. */
const RELATED_WEIGHT = 0.5;
/** An error code the customer pasted (ECONNRESET, UND_ERR_SOCKET, FST_ERR_…) says more than prose. */
export const CODE_WEIGHT = 2;
const ERROR_CODE = /\b(?:E[A-Z0-9_]{3,}|[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])\b/g;
/**
 * A soft stop word (filler) stays in a question where the corpus uses it in fewer than this share of
 * its articles: a term that is rare in the knowledge base is never a stop word there.
 */
const RARE_SHARE = 0.05;
/** A word the KB has never seen that looks like a name (host03, kafkaBroker) says little against a hit. */
const UNKNOWN_NAME_SHARE = 0.25;
/** Longer questions are read from both ends: the question is at the top, the error often at the bottom. */
const MAX_HEAD = 3000;
const MAX_TAIL = 1000;

export function idf(store: CorpusStore, df: number): number {
  const n = store.size;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function clip(query: string): string {
  if (query.length <= MAX_HEAD + MAX_TAIL) return query;
  return `${query.slice(0, MAX_HEAD)}\n${query.slice(-MAX_TAIL)}`;
}

interface Word {
  analysed: AnalysedTerm;
  weight: number;
  code: boolean;
  /** Written like a name: digits, inner capitals, underscores. */
  nameLike: boolean;
  /** The kind of part of the question it was written in. */
  kind: PartKind;
  previous: string | null;
}

function questionWords(question: string, lang: string): Word[] {
  const words: Word[] = [];
  for (const part of splitQuestion(stripInvisible(clip(question)))) {
    const codes = new Set((part.text.match(ERROR_CODE) ?? []).map((c) => c.toLowerCase()));
    const names = new Set(
      (part.text.match(/\b\w*(?:\d|[a-z][A-Z]|_)\w*\b/g) ?? []).map((n) => n.toLowerCase()),
    );
    let previous: string | null = null;
    for (const analysed of analyzeTerms(part.text, lang)) {
      const code = codes.has(analysed.surface);
      const weight = code ? CODE_WEIGHT : PART_WEIGHT[part.kind];
      words.push({
        analysed,
        weight,
        code,
        nameLike: names.has(analysed.surface),
        kind: part.kind,
        previous,
      });
      if (!analysed.compound) previous = analysed.surface;
    }
  }
  return words;
}

type Candidate = Omit<QueryTerm, 'id' | 'idf' | 'repeat'> & {
  /** For a compound joined from two words (npm ci → npm-ci): the first word, as written. */
  joinedTo?: string;
};

export function prepareQuery(
  store: CorpusStore,
  query: string,
  lang: string | null | undefined,
): PreparedQuery {
  const queryLang = lang ?? detectLang(query);
  const otherLang = queryLang === 'fr' ? 'en' : 'fr';
  const rare = Math.max(1, RARE_SHARE * store.size);
  const bySurface = new Map<string, number>();
  const candidates: Candidate[] = [];
  const slotIdf: number[] = [];
  const slotWeight: number[] = [];
  /** Sum of the weights of the slot's occurrences: a word asked about three times weighs three. */
  const slotMass: number[] = [];
  /** The slot of each word as written, to find the first word of a joined compound. */
  const slotOf = new Map<string, number>();
  /** Terms of plain words next to each other in one part of the question (fillers skipped). */
  const pairs: Array<[string, string, QueryPhrase['place']]> = [];
  let before: string | null = null;
  for (const word of questionWords(query, queryLang)) {
    const { term, soft, compound } = word.analysed;
    if (word.previous === null) before = null;
    const df = store.docFreq(term);
    if (soft && (df === 0 || df > rare)) continue;
    // A compound (reply.send) is followed by its parts, which carry on the sequence; a word the
    // KB lacks breaks it.
    const place = PHRASE_PLACE[word.kind];
    if (!compound && df && place) {
      if (before && before !== term) pairs.push([before, term, place]);
      before = term;
    } else if (!compound) before = null;
    const known = bySurface.get(term);
    slotOf.set(word.analysed.surface, known ?? slotIdf.length);
    if (known !== undefined) {
      slotMass[known] = (slotMass[known] ?? 0) + word.weight;
      // The same word again (prose after a log line) is one slot: coverage counts it once, at its
      // strongest; its repetitions weigh its terms up below.
      if (word.weight > (slotWeight[known] ?? 0)) {
        slotIdf[known] = ((slotIdf[known] ?? 0) / (slotWeight[known] ?? 1)) * word.weight;
        slotWeight[known] = word.weight;
        for (const c of candidates) if (c.slot === known) c.weight = word.weight * c.certainty;
      }
      continue;
    }
    const slot = slotIdf.length;
    bySurface.set(term, slot);
    slotWeight[slot] = word.weight;
    slotMass[slot] = word.weight;
    slotIdf[slot] = alternatives(store, word, df, otherLang, slot, candidates) * word.weight;
  }
  const repeatOf = (slot: number | undefined): number =>
    slot === undefined ? 1 : repetitions(slotMass[slot], slotWeight[slot]);
  const terms = candidates.flatMap((c) => {
    const id = store.termId(c.term);
    if (id === undefined) return [];
    // A name joined from two words is said no more often than the rarer of them: "request" ten
    // times and "fastify" once is one FastifyRequest, not ten.
    const repeat =
      c.joinedTo === undefined
        ? repeatOf(c.slot)
        : Math.min(repeatOf(c.slot), repeatOf(slotOf.get(c.joinedTo)));
    return [queryTerm(c, id, idf(store, store.docFreq(c.term)), repeat)];
  });
  const deduped = dedupe(terms);
  return { lang: queryLang, terms: deduped, slotIdf, phrases: phrasesOf(pairs, deduped) };
}

/**
 * Written out field by field: a spread copy was a sixth of preparing a question, and candidates
 * built in different key orders gave scoring, which reads every term for every article, terms of
 * several shapes.
 */
function queryTerm(c: Candidate, id: number, termIdf: number, repeat: number): QueryTerm {
  return {
    term: c.term,
    id,
    idf: termIdf,
    weight: c.weight * repeat,
    code: c.code,
    slot: c.slot,
    certainty: c.certainty,
    evidence: c.evidence,
    repeat,
    via: c.via,
  };
}

/** Each distinct pair once per place, worth the mean idf × weight of its two words as written. */
function phrasesOf(
  pairs: Array<[string, string, QueryPhrase['place']]>,
  terms: QueryTerm[],
): QueryPhrase[] {
  const value = new Map<string, number>();
  for (const t of terms) if (t.via === 'word') value.set(t.term, t.idf * t.weight);
  const phrases = new Map<string, QueryPhrase>();
  for (const [first, second, place] of pairs) {
    const a = value.get(first);
    const b = value.get(second);
    const key = `${first} ${second}`;
    if (a === undefined || b === undefined || phrases.has(`${place} ${key}`)) continue;
    phrases.set(`${place} ${key}`, { key, place, value: (a + b) / 2 });
  }
  return [...phrases.values()];
}

/**
 * BM25's query-term frequency, linear up to REPEAT_CAP: a word the question repeats ("async route
 * handler … the async handler … async") is what it is about, where a long question's other words
 * are often incidental. Occurrences count by their part's weight, so a name repeated through
 * pasted code or a trace adds less than prose; the cap keeps a word pasted forty times from
 * deciding alone. Ranking only: confidence divides it out (rank.ts). Measured on the real corpora
 * (bench/relevance.ts, English recall@3, held back in brackets): undici 83.6 → 89.6 % (86.4 →
 * 90.9), pino 87.1 → 92.9 % (87.0 → 87.0), fastify 76.9 → 75.6 % (65.4 → 65.4); a cap of 8 gave the
 * same recall as none (3: pino English 92.9 → 90.0, undici 91.0 → 89.6).
 */
const REPEAT_CAP = 8;

function repetitions(mass: number | undefined, strongest: number | undefined): number {
  return mass && strongest ? Math.min(REPEAT_CAP, mass / strongest) : 1;
}

/** Adds a word's alternatives to `out`; returns the information (idf) the word carries. */
function alternatives(
  store: CorpusStore,
  word: Word,
  df: number,
  otherLang: string,
  slot: number,
  out: Candidate[],
): number {
  const { term, surface, compound } = word.analysed;
  const weight = word.weight;
  let bestDf = df;
  const everyday = evidenceShare(surface);
  const certainty = word.analysed.method ? METHOD_CERTAINTY : 1;
  if (df)
    out.push({
      term,
      weight: weight * certainty,
      // A version (8.11) is not a name: many articles mention the one in the question.
      code: word.code || (compound && /\p{L}/u.test(term)),
      slot,
      certainty,
      evidence: everyday,
      via: 'word',
    });
  if (!compound) {
    // The other language's stem only stands in for a word the KB does not know as stemmed:
    // offered beside a known one, it drags in unrelated terms (effective → "effect").
    const other = stem(SHORTHAND.get(surface) ?? surface, otherLang);
    const otherDf = !df && other !== term ? store.docFreq(other) : 0;
    if (otherDf)
      out.push({
        term: other,
        weight,
        code: false,
        slot,
        certainty: 1,
        evidence: everyday,
        via: 'other-language',
      });
    bestDf = Math.max(bestDf, otherDf);
  }
  for (const [english, translated] of translatedTerms(surface, otherLang)) {
    const tdf = store.docFreq(translated);
    if (!tdf || translated === term) continue;
    out.push({
      code: false,
      evidence: evidenceShare(english),
      term: translated,
      weight: weight * TRANSLATION_WEIGHT,
      slot,
      certainty: TRANSLATION_WEIGHT,
      via: 'translation',
    });
    if (!bestDf) bestDf = tdf;
  }
  const english = otherLang === 'en' ? translatedTerms(surface, 'en').map(([w]) => w) : [surface];
  for (const source of compound ? [] : english) {
    for (const related of relatedWords(source)) {
      const relatedTerm = stem(related, 'en');
      if (relatedTerm === term || !store.docFreq(relatedTerm)) continue;
      out.push({
        code: false,
        evidence: evidenceShare(related),
        term: relatedTerm,
        weight: weight * RELATED_WEIGHT,
        slot,
        certainty: RELATED_WEIGHT,
        via: 'related',
      });
    }
  }
  if (word.previous && !compound) {
    for (const joined of joinings(word.previous, surface)) {
      if (store.docFreq(joined))
        out.push({
          term: joined,
          weight,
          code: false,
          slot,
          certainty: 1,
          evidence: 1,
          via: 'compound',
          joinedTo: word.previous,
        });
    }
  }
  if (bestDf) return idf(store, bestDf);
  // A compound the KB does not know (7.x) still matches through its parts, analysed separately.
  if (compound) return 0;
  // An everyday English word in an English question is spelled as meant, even if the KB lacks it.
  const isWord = otherLang === 'fr' && isEverydayWord(surface);
  const corrections = isWord ? [] : store.vocabulary.corrections(term, surface);
  for (const corrected of corrections)
    out.push({
      term: corrected,
      weight: TYPO_WEIGHT * weight,
      code: false,
      evidence: evidenceShare(corrected),
      slot,
      certainty: TYPO_WEIGHT,
      via: 'typo',
    });
  const best = corrections[0];
  if (best) return idf(store, store.docFreq(best));
  // A word nothing resembles counts against coverage: the KB does not know it. A name-like one
  // (kafkabroker03) counts less: it is the customer's own host or product, not the topic.
  return idf(store, 0) * (word.nameLike ? UNKNOWN_NAME_SHARE : 1);
}

/** The words a folded word stands for in the other language: as written, and analysed. */
function translatedTerms(surface: string, otherLang: string): Array<[string, string]> {
  const from = otherLang === 'en' ? 'fr' : 'en';
  return translations(surface, from).map((w) => [w, stem(w, otherLang)]);
}

/** "npm" + "ci" → npm-ci, npm_ci, npm.ci, npmci: how identifiers are written in the articles. */
function joinings(previous: string, surface: string): string[] {
  return [
    `${previous}-${surface}`,
    `${previous}_${surface}`,
    `${previous}.${surface}`,
    `${previous}${surface}`,
  ];
}

/** One entry per term, at its highest weight. */
function dedupe(terms: QueryTerm[]): QueryTerm[] {
  // A term reached twice (TypeError as written and as type+error joined) scores once, at its best.
  const byId = new Map<number, QueryTerm>();
  for (const t of terms) {
    const seen = byId.get(t.id);
    if (!seen || t.weight > seen.weight) byId.set(t.id, t);
  }
  return [...byId.values()];
}
