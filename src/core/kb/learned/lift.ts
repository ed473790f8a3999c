// Where learned phrasings meet the ranking: after every candidate is scored and before the sort,
// each article a learned phrasing points at is lifted. The audience and product filter applies
// first, so a phrasing can never bring an internal article to a customer.
import { passes, type Filter, type Ranked } from '../index/rank.js';
import type { CorpusStore } from '../index/store.js';
import type { LearnedPhrasings } from './learned-phrasings.js';

/** A full-strength phrasing adds this many times the best score: its article comes first. */
const SCORE_LIFT = 2;
/** Confidence a full-strength phrasing alone gives (over the "no good match" threshold). */
const CONFIDENCE_LIFT = 0.5;

export function liftLearned(
  ranked: Ranked[],
  store: CorpusStore,
  filter: Filter,
  learned: LearnedPhrasings,
  question: string,
  lang: string | null | undefined,
): void {
  const strengths = learned.strengths(store, question, lang);
  if (strengths.size === 0) return;
  const best = ranked.reduce((max, hit) => Math.max(max, hit.score), 0) || 1;
  for (const [articleId, strength] of strengths) {
    const entry = store.get(articleId);
    if (!entry || !passes(entry.article, filter)) continue;
    let hit = ranked.find((candidate) => candidate.entry === entry);
    if (!hit) {
      hit = { entry, score: 0, confidence: 0, multipliers: { language: 1, namedCode: 1 } };
      ranked.push(hit);
    }
    hit.score += strength * SCORE_LIFT * best;
    hit.confidence = Math.min(1, Math.max(hit.confidence, strength * CONFIDENCE_LIFT));
  }
}
