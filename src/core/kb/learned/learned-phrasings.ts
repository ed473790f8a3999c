// The questions taught to articles, as search sees them: a small index beside the corpus, read
// once per question. A question close to a learned phrasing (idf-weighted cosine of their terms)
// lifts that phrasing's article; the more times it was taught, the more. One person's odd question
// only ever lifts its article for questions worded almost like it, and weakly until others teach
// it too.
import { idf } from '../index/query.js';
import type { CorpusStore } from '../index/store.js';
import { analyze, detectLang } from '../text/analyze.js';

/** What the index needs of a stored phrasing (core/knowledge-loop/learned-phrasing.ts). */
export interface LearnedEvidence {
  id: number;
  articleId: string;
  question: string;
  lang: string;
  count: number;
}

/**
 * Below this similarity a learned phrasing says nothing about a question (a shared common word).
 * Different people rarely word one problem alike (on the relevance bench a held-back question's
 * closest taught phrasing is of its right page for about 1 in 6); 0.25 kept the few that are
 * (+3 to +6 points of recall@3 on undici and pino) and cost nothing on any corpus, where 0.45
 * changed nothing and 0.2 started to move wrong pages (bench:relevance, learned phrasings).
 */
export const MIN_SIMILARITY = 0.25;

/** How much taught evidence weighs: 0.5 once, 0.75 twice, 0.875 three times… */
export function evidenceWeight(count: number): number {
  return 1 - 0.5 ** Math.max(1, count);
}

/** A phrasing of one word ("hello", "help") says nothing about an article: it is kept, not used. */
export const MIN_PHRASING_TERMS = 2;

interface Indexed {
  evidence: LearnedEvidence;
  terms: string[];
}

export class LearnedPhrasings {
  private readonly byId = new Map<number, Indexed>();

  /** Replaces every phrasing (the store's list, when the KB opens or is re-synced). */
  replace(list: LearnedEvidence[]): void {
    this.byId.clear();
    for (const evidence of list) this.upsert(evidence);
  }

  /** Adds a phrasing or updates its count: applies to the next question. */
  upsert(evidence: LearnedEvidence): void {
    const terms = [...new Set(analyze(evidence.question, evidence.lang))];
    if (terms.length >= MIN_PHRASING_TERMS)
      this.byId.set(evidence.id, { evidence: { ...evidence }, terms });
    else this.byId.delete(evidence.id);
  }

  remove(id: number): boolean {
    return this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Article id → strength (0..1): how close the question is to a phrasing taught to the article
   * (the best one), times how often it was taught.
   */
  strengths(
    store: CorpusStore,
    question: string,
    lang: string | null | undefined,
  ): Map<string, number> {
    const out = new Map<string, number>();
    if (this.byId.size === 0) return out;
    const queryTerms = new Set(analyze(question, lang ?? detectLang(question)));
    if (queryTerms.size === 0) return out;
    const weights = new Map<string, number>();
    const weightOf = (term: string): number => {
      let weight = weights.get(term);
      if (weight === undefined) {
        weight = idf(store, store.docFreq(term)) ** 2;
        weights.set(term, weight);
      }
      return weight;
    };
    let queryNorm = 0;
    for (const term of queryTerms) queryNorm += weightOf(term);
    for (const { evidence, terms } of this.byId.values()) {
      let shared = 0;
      let norm = 0;
      for (const term of terms) {
        const weight = weightOf(term);
        norm += weight;
        if (queryTerms.has(term)) shared += weight;
      }
      if (shared === 0) continue;
      const similarity = shared / Math.sqrt(norm * queryNorm);
      if (similarity < MIN_SIMILARITY) continue;
      const strength = similarity * evidenceWeight(evidence.count);
      out.set(evidence.articleId, Math.max(out.get(evidence.articleId) ?? 0, strength));
    }
    return out;
  }
}
