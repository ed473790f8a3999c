// Field-weighted BM25 (BM25F) over FlexSearch's candidates. An article's score adds, for each
// question term, idf × saturated(weighted, length-normalised term frequency over its fields).
import type { Article } from '../types.js';
import { CODE_WEIGHT, type PreparedQuery } from './query.js';
import { SCORED_FIELDS, type CorpusStore, type Entry, type ScoredField } from './store.js';

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
}

export const DEFAULT_WEIGHTS: RankWeights = {
  fields: { title: 3, aliases: 2.5, tags: 2, description: 1.5, heading: 2, text: 1, code: 0.25 },
  b: {
    title: 0.5,
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
};

/** Article-level fields that say what an article is about (SCORED_FIELDS order). */
const TOPIC_FIELDS = SCORED_FIELDS.flatMap((field, index) =>
  field === 'title' || field === 'aliases' || field === 'tags' ? [index] : [],
);

export interface Ranked {
  entry: Entry;
  score: number;
  /** Share (0..1) of the question's information that the article matches. */
  confidence: number;
}

/** Field weights and b values in SCORED_FIELDS order, computed once per search. */
export function fieldVectors(weights: RankWeights): { w: number[]; b: number[] } {
  return {
    w: SCORED_FIELDS.map((f) => weights.fields[f]),
    b: SCORED_FIELDS.map((f) => weights.b[f]),
  };
}

export function scoreEntry(
  store: CorpusStore,
  entry: Entry,
  query: PreparedQuery,
  weights: RankWeights,
  vectors: { w: number[]; b: number[] },
): Ranked {
  let score = 0;
  let namesCode = false;
  const slotMatch: number[] = [];
  for (const { id, idf, weight, slot } of query.terms) {
    const offset = store.fieldCounts(entry, id);
    if (offset === null) continue;
    const counts = store.packedOf(entry).counts;
    let tf = 0;
    for (let f = 0; f < SCORED_FIELDS.length; f++) {
      const raw = counts[offset + f] ?? 0;
      if (!raw) continue;
      const b = vectors.b[f] ?? 0;
      const norm = 1 - b + (b * (entry.lengths[f] ?? 0)) / store.averageLength(f);
      tf += ((vectors.w[f] ?? 0) * raw) / norm;
    }
    if (!tf) continue;
    if (weight >= CODE_WEIGHT && TOPIC_FIELDS.some((f) => (counts[offset + f] ?? 0) > 0))
      namesCode = true;
    score += weight * idf * ((tf * (weights.k1 + 1)) / (tf + weights.k1) + weights.delta);
    slotMatch[slot] = Math.max(slotMatch[slot] ?? 0, Math.min(weight, 1));
  }
  let covered = 0;
  let total = 0;
  query.slotIdf.forEach((slotIdf, slot) => {
    const matched = slotMatch[slot] ?? 0;
    total += slotIdf;
    // A typo-corrected match is less certain than an exact one: it counts weight² of its word.
    covered += slotIdf * matched * matched;
  });
  if (entry.article.lang === query.lang) score *= weights.langBoost;
  if (namesCode) score *= weights.codeTopicBoost;
  return { entry, score, confidence: total ? covered / total : 0 };
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
