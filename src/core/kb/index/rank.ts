// Field-weighted BM25 (BM25F) over FlexSearch's candidates. An article's score adds, for each
// question term, idf × saturated(weighted, length-normalised term frequency over its fields).
import type { Article } from '../types.js';
import type { PreparedQuery, QueryTerm } from './query.js';
import { PASSAGE_FIELDS, passageTerms, type PassageTerms } from './passages.js';
import {
  SCORED_FIELDS,
  type CorpusStore,
  type Entry,
  type Packed,
  type ScoredField,
} from './store.js';

export interface RankWeights {
  fields: Record<ScoredField, number>;
  b: Record<ScoredField, number>;
  k1: number;
  /** BM25+ lower bound: each matched term adds at least delta × idf (rewards covering more terms). */
  delta: number;
  /** Multiplier for articles in the question's (or requested) language. */
  langBoost: number;
  /**
   * Multiplier for an article whose title, aliases or tags name an error code the question pasted:
   * it is about that error, where others only mention it (BM25 saturation caps a title's weight).
   */
  codeTopicBoost: number;
  /** Share of an article's score that comes from its best section rather than the whole page. */
  passage: number;
}

export const DEFAULT_WEIGHTS: RankWeights = {
  fields: {
    title: 3,
    aliases: 2.5,
    tags: 2,
    description: 1.5,
    anchors: 2,
    heading: 2,
    text: 1,
    // A code example uses a name; the prose around it says what it does. 0.6 to 0.85 measured the
    // same on the real corpora (bench/real/README.md).
    code: 0.75,
  },
  b: {
    title: 0.5,
    anchors: 0.5,
    aliases: 0.5,
    tags: 0.3,
    description: 0.5,
    heading: 0.5,
    text: 0.75,
    code: 0.75,
  },
  k1: 1.2,
  delta: 0.5,
  langBoost: 1.3,
  codeTopicBoost: 1.5,
  passage: 1,
};

/** Evidence share of a match found only in an article's body prose (vs titles, headings, code). */
const BODY_EVIDENCE = 0.3;
/** Evidence (in perfect rare terms) at which confidence reaches half its coverage share. */
const EVIDENCE_HALF = 4;
/** A question of n words needs n × this much evidence (up to EVIDENCE_HALF) for half confidence. */
const EVIDENCE_PER_WORD = 0.5;
const TEXT_FIELD = SCORED_FIELDS.indexOf('text');
const FIELD_COUNT = SCORED_FIELDS.length;

/** Article-level fields that say what an article is about (SCORED_FIELDS order). */
const TOPIC_FIELDS = SCORED_FIELDS.flatMap((field, index) =>
  field === 'title' || field === 'aliases' || field === 'tags' ? [index] : [],
);

export interface Ranked {
  entry: Entry;
  score: number;
  /** Share (0..1) of the question's information that the article matches. */
  confidence: number;
  multipliers: { language: number; namedCode: number };
  /** Score added by word order (phrases.ts), for --explain; absent when none was added. */
  phrases?: number;
}

/**
 * Buffers reused for every article (a search scores ~100 articles on a large KB; per-article
 * arrays were a tenth of its time), and across searches: grown afresh for each search, the
 * passage buffer alone was a tenth of what a search allocated, and so of its garbage collections.
 * Scoring is synchronous and never nested, so one set serves every search.
 */
interface Scratch {
  perField: Float64Array;
  slotMatch: Float64Array;
  passageScores: Float64Array;
  passage?: PassageScores;
}

const scratch: Scratch = {
  perField: new Float64Array(SCORED_FIELDS.length),
  slotMatch: new Float64Array(16),
  passageScores: new Float64Array(256),
};

/**
 * What scoring needs that does not change during a search: field weights and b values in
 * SCORED_FIELDS order, and average field lengths (the scratch buffers are the module's).
 */
export interface FieldVectors {
  w: number[];
  b: number[];
  /** Average length of each field over the articles, and of the section fields over sections. */
  average: Float64Array;
  sectionAverage: Float64Array;
}

/** Best score first; ties by article id, so that equal scores always come out in one order. */
export function byScore(a: Ranked, b: Ranked): number {
  return b.score - a.score || a.entry.article.id.localeCompare(b.entry.article.id);
}

/** Computed once per search, after the last change to the store. */
export function fieldVectors(weights: RankWeights, store: CorpusStore): FieldVectors {
  return {
    w: SCORED_FIELDS.map((f) => weights.fields[f]),
    b: SCORED_FIELDS.map((f) => weights.b[f]),
    average: Float64Array.from(SCORED_FIELDS, (_, f) => store.averageLength(f)),
    sectionAverage: Float64Array.from({ length: PASSAGE_FIELDS }, (_, f) =>
      store.averageSectionLength(FIRST_SECTION_FIELD + f),
    ),
  };
}

export function scoreEntry(
  store: CorpusStore,
  entry: Entry,
  query: PreparedQuery,
  weights: RankWeights,
  vectors: FieldVectors,
  explain?: MatchedTerm[],
): Ranked {
  let score = 0;
  let evidence = 0;
  let namesCode = false;
  const slots = query.slotIdf.length;
  if (scratch.slotMatch.length < slots) scratch.slotMatch = new Float64Array(slots * 2);
  const slotMatch = scratch.slotMatch;
  slotMatch.fill(0, 0, slots);
  const { perField } = scratch;
  const { w: fieldWeight, b: fieldB, average } = vectors;
  const lengths = entry.lengths;
  const packed = store.packedOf(entry);
  const { termIds, counts } = packed;
  const passages = weights.passage > 0 ? startPassages(store, entry, packed) : null;
  for (const term of query.terms) {
    const { id, idf, weight, slot, certainty } = term;
    const offset = findTerm(termIds, id);
    if (offset < 0) continue;
    let tf = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const raw = counts[offset + f] ?? 0;
      perField[f] = 0;
      if (!raw) continue;
      const b = fieldB[f] ?? 0;
      const norm = 1 - b + (b * (lengths[f] ?? 0)) / (average[f] ?? 1);
      perField[f] = ((fieldWeight[f] ?? 0) * raw) / norm;
      tf += perField[f] ?? 0;
    }
    if (!tf) continue;
    if (term.code && inTopicFields(counts, offset)) namesCode = true;
    const contribution =
      weight * idf * ((tf * (weights.k1 + 1)) / (tf + weights.k1) + weights.delta);
    score += contribution;
    evidence +=
      (contribution / term.repeat) *
      term.evidence *
      (1 - (1 - BODY_EVIDENCE) * ((perField[TEXT_FIELD] ?? 0) / tf));
    if (certainty > (slotMatch[slot] ?? 0)) slotMatch[slot] = certainty;
    if (explain) explain.push(explainTerm(term, contribution, tf, perField));
    if (passages) addToPassages(passages, offset / FIELD_COUNT, term, perField, weights, vectors);
  }
  if (passages) {
    let best = 0;
    for (let s = 0; s < passages.passages; s++) {
      const value = passages.scores[s] ?? 0;
      if (value > best) best = value;
    }
    score = weights.passage * best + (1 - weights.passage) * score;
  }
  let covered = 0;
  let total = 0;
  for (let slot = 0; slot < slots; slot++) {
    const slotIdf = query.slotIdf[slot] ?? 0;
    const matched = slotMatch[slot] ?? 0;
    total += slotIdf;
    // A typo-corrected or translated match is less certain than an exact one: it counts certainty².
    covered += slotIdf * matched * matched;
  }
  const multipliers = multipliersOf(weights, entry.article.lang === query.lang, namesCode);
  return {
    entry,
    score: score * multipliers.language * multipliers.namedCode,
    confidence: confidence(store, total ? covered / total : 0, evidence, slots),
    multipliers,
  };
}

/**
 * Whether a term's counts at `offset` are in a topic field. A function apart, not a closure in
 * the term loop: capturing the loop's per-term offset made every term of every article allocate
 * its scope, over a tenth of what a search allocated.
 */
function inTopicFields(counts: Uint16Array, offset: number): boolean {
  for (const f of TOPIC_FIELDS) if ((counts[offset + f] ?? 0) > 0) return true;
  return false;
}

type Multipliers = Ranked['multipliers'];
const sharedMultipliers = new WeakMap<RankWeights, Multipliers[]>();

/**
 * The four possible multiplier pairs, made once per weights and shared by every hit: a search
 * scores ~100 articles, and an object each was garbage (copy one before changing it).
 */
function multipliersOf(weights: RankWeights, inLanguage: boolean, namesCode: boolean): Multipliers {
  let pairs = sharedMultipliers.get(weights);
  if (!pairs) {
    pairs = [1, weights.langBoost].flatMap((language) =>
      [1, weights.codeTopicBoost].map((namedCode) => Object.freeze({ language, namedCode })),
    );
    sharedMultipliers.set(weights, pairs);
  }
  return pairs[(inLanguage ? 2 : 0) + (namesCode ? 1 : 0)] as Multipliers;
}

/** Offset of a term id's field counts in an article's packed counts, or -1 (binary search). */
function findTerm(termIds: Int32Array, termId: number): number {
  let low = 0;
  let high = termIds.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = termIds[mid] ?? 0;
    if (value === termId) return mid * FIELD_COUNT;
    if (value < termId) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/**
 * How sure casebot is that an article answers the question, 0..1: the share of the question's
 * information it matches (coverage), tempered by how much evidence the match carries, counted in
 * "perfect rare terms" (idf of a term in one article) with words only in body prose at
 * BODY_EVIDENCE. Off-topic questions match a few everyday words in some page's prose (low
 * evidence); real ones match names, headings and code even when they carry pasted noise (low
 * coverage). Calibrated on the real questions: see bench/relevance.ts.
 */
function confidence(store: CorpusStore, coverage: number, evidence: number, words: number): number {
  const perfect = Math.log(1 + (store.size + 0.5) / 0.5);
  const strength = evidence / perfect;
  // A short question cannot bring much evidence: "heatmaps" matched in one article is a good match.
  const half = Math.min(EVIDENCE_HALF, Math.max(1, words * EVIDENCE_PER_WORD));
  return Math.sqrt(coverage) * (strength / (strength + half));
}

interface PassageScores {
  terms: PassageTerms;
  /** The article's passage counts of each of its terms, in the order of its packed term ids. */
  rows: PassageRows;
  passages: number;
  /** The search's reused buffer: its first `passages` values are this article's. */
  scores: Float64Array;
}

const FIRST_SECTION_FIELD = SCORED_FIELDS.length - PASSAGE_FIELDS;

/**
 * An article's passage counts by the position of their term in its packed ids, which scoring has
 * just found by binary search: looking each matched term up by name in the article's own map
 * (thousands of terms, cold in memory) was a sixth of a search's time on a large KB. With each
 * row, the passages it spans (first and past the last with a count): a term only in the body of
 * a long page adds nothing to the passages outside them, and walking them all was a tenth.
 */
interface PassageRows {
  rows: Array<Uint16Array | undefined>;
  /** spans[2i], spans[2i + 1]: the passages row i spans. */
  spans: Uint32Array;
}

const rowsByTerms = new WeakMap<PassageTerms, PassageRows>();

function passageRows(store: CorpusStore, terms: PassageTerms, termIds: Int32Array): PassageRows {
  const known = rowsByTerms.get(terms);
  if (known) return known;
  const rows = new Array<Uint16Array | undefined>(termIds.length).fill(undefined);
  const spans = new Uint32Array(termIds.length * 2);
  for (const [term, row] of terms.counts) {
    const id = store.termId(term);
    const offset = id === undefined ? -1 : findTerm(termIds, id);
    if (offset < 0) continue;
    const index = offset / FIELD_COUNT;
    rows[index] = row;
    spans[index * 2] = Math.floor(row.findIndex((count) => count > 0) / PASSAGE_FIELDS);
    spans[index * 2 + 1] = Math.floor(row.findLastIndex((count) => count > 0) / PASSAGE_FIELDS) + 1;
  }
  const built = { rows, spans };
  rowsByTerms.set(terms, built);
  return built;
}

function startPassages(store: CorpusStore, entry: Entry, packed: Packed): PassageScores {
  const terms = passageTerms(entry);
  const rows = passageRows(store, terms, packed.termIds);
  const passages = terms.passages;
  if (scratch.passageScores.length < passages)
    scratch.passageScores = new Float64Array(passages * 2);
  scratch.passageScores.fill(0, 0, passages);
  // One PassageScores for every search, pointed at the article being scored: no object per article.
  const slot = (scratch.passage ??= { terms, rows, passages, scores: scratch.passageScores });
  slot.terms = terms;
  slot.rows = rows;
  slot.passages = passages;
  slot.scores = scratch.passageScores;
  return slot;
}

/** Adds a matched term's BM25 contribution to each passage, article-level fields counting for all. */
function addToPassages(
  p: PassageScores,
  index: number,
  term: QueryTerm,
  perField: Float64Array,
  weights: RankWeights,
  vectors: FieldVectors,
): void {
  let articleTf = 0;
  for (let f = 0; f < FIRST_SECTION_FIELD; f++) articleTf += perField[f] ?? 0;
  const { lengths, passages } = p.terms;
  const { w, b: fieldB, sectionAverage } = vectors;
  const row = p.rows.rows[index];
  // Outside its span a term adds only its article-level match, if any.
  const whole = articleTf > 0 || !row;
  const from = whole ? 0 : (p.rows.spans[index * 2] ?? 0);
  const to = whole ? passages : (p.rows.spans[index * 2 + 1] ?? passages);
  for (let s = from; s < to; s++) {
    let tf = articleTf;
    if (row) {
      for (let f = 0; f < PASSAGE_FIELDS; f++) {
        const raw = row[s * PASSAGE_FIELDS + f] ?? 0;
        if (!raw) continue;
        const b = fieldB[FIRST_SECTION_FIELD + f] ?? 0;
        const norm =
          1 - b + (b * (lengths[s * PASSAGE_FIELDS + f] ?? 0)) / (sectionAverage[f] ?? 1);
        tf += ((w[FIRST_SECTION_FIELD + f] ?? 0) * raw) / norm;
      }
    }
    if (tf > 0)
      p.scores[s] =
        (p.scores[s] ?? 0) +
        term.weight * term.idf * ((tf * (weights.k1 + 1)) / (tf + weights.k1) + weights.delta);
  }
}

/** One question term an article matched, and what it added to the score, split by field. */
export interface MatchedTerm {
  term: string;
  via: QueryTerm['via'];
  /** Score added by the term, before the article-level multipliers (language, named code). */
  contribution: number;
  fields: Partial<Record<ScoredField, number>>;
}

function explainTerm(
  term: QueryTerm,
  contribution: number,
  tf: number,
  perField: Float64Array,
): MatchedTerm {
  const fields: MatchedTerm['fields'] = {};
  SCORED_FIELDS.forEach((field, f) => {
    const share = perField[f] ?? 0;
    if (share > 0) fields[field] = round(contribution * (share / tf));
  });
  return { term: term.term, via: term.via, contribution: round(contribution), fields };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface Filter {
  audience: 'customer' | 'staff';
  product: string | null;
}

export function passes(article: Article, filter: Filter): boolean {
  if (filter.audience === 'customer' && article.audience === 'internal') return false;
  // Articles without a product are general (how to open a case) and apply to every product.
  if (
    filter.product &&
    article.product &&
    article.product.toLowerCase() !== filter.product.toLowerCase()
  ) {
    return false;
  }
  return true;
}
