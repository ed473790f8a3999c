// Search: FlexSearch finds candidate sections, BM25F ranks their articles, and a confidence
// threshold turns weak answers into "no good match" rather than noise.
import type { LearnedPhrasings } from '../learned/learned-phrasings.js';
import { liftLearned } from '../learned/lift.js';
import type { HitExplanation, SearchHit, SearchOptions, SearchResponse } from '../types.js';
import { rerankByPhrases } from './phrases.js';
import { prepareQuery, type PreparedQuery } from './query.js';
import {
  byScore,
  DEFAULT_WEIGHTS,
  fieldVectors,
  passes,
  scoreEntry,
  type MatchedTerm,
  type Ranked,
  type RankWeights,
} from './rank.js';
import { bestSection, makeSnippet } from './snippet.js';
import type { CorpusStore, Entry } from './store.js';

export interface SearchSettings {
  baseUrl: string | null;
  threshold: number;
  /**
   * Sections FlexSearch returns per field. 30 measured best: as relevant as 100 (slightly more on
   * 5,500 articles, its order pre-filters well) with p99 2.6 instead of 4.7 ms (CPU time).
   */
  candidates: number;
  /** Knowledge bases up to this many articles are scored whole, without picking candidates. */
  scoreAll: number;
  weights: RankWeights;
}

export const DEFAULT_SETTINGS: SearchSettings = {
  baseUrl: null,
  threshold: 0.12,
  candidates: 30,
  scoreAll: 500,
  weights: DEFAULT_WEIGHTS,
};

export function articleUrl(baseUrl: string | null, id: string, anchor: string | null): string {
  const base = baseUrl ? `${baseUrl.replace(/\/+$/, '')}/` : 'kb://';
  return `${base}${id}${anchor ? `#${anchor}` : ''}`;
}

/**
 * A term in more articles than this is too common to pick candidates (BM25 still scores it): a
 * share of the corpus, and never fewer than COMMON_MIN articles, so a small KB keeps every term.
 * The rarest three terms are always kept, and at most five are searched. Measured (CPU time,
 * loaded 2-core machine): 5,515 articles p50 0.93 → 0.48 ms, p99 2.8–4.2 → 1.6–1.8 ms; 703 long
 * articles p99 3.0–3.4 → 2.1–2.7 ms. Relevance the same or slightly better on all three corpora
 * (5,515: recall@1 0.568 → 0.573, MRR 0.649 → 0.652; kb/ unchanged).
 */
const COMMON_SHARE = 0.03;
const COMMON_MIN = 30;
const MIN_CANDIDATE_TERMS = 3;
const MAX_CANDIDATE_TERMS = 5;

/**
 * The question's terms that find candidates: the rarest first, common ones dropped while enough
 * rarer terms remain. A common term's long posting lists are most of a slow query's time in
 * FlexSearch, and the articles it alone would bring rank low anyway.
 */
export function candidateTerms(prepared: PreparedQuery, articles: number): string[] {
  const cutoff = commonIdf(articles);
  const byRarity = [...prepared.terms].sort((a, b) => b.idf * b.weight - a.idf * a.weight);
  const rare = byRarity.filter((t, i) => t.idf >= cutoff || i < MIN_CANDIDATE_TERMS);
  return rare.slice(0, MAX_CANDIDATE_TERMS).map((t) => t.term);
}

/** The idf under which a term is common in a corpus of this many articles. */
function commonIdf(articles: number): number {
  const common = Math.max(COMMON_MIN, COMMON_SHARE * articles);
  return Math.log(1 + (articles - common + 0.5) / (common + 0.5));
}

function explainHit(
  store: CorpusStore,
  entry: Entry,
  prepared: PreparedQuery,
  settings: SearchSettings,
  multipliers: HitExplanation['multipliers'],
  phrases: number | undefined,
): HitExplanation {
  const terms: MatchedTerm[] = [];
  scoreEntry(
    store,
    entry,
    prepared,
    settings.weights,
    fieldVectors(settings.weights, store),
    terms,
  );
  terms.sort((a, b) => b.contribution - a.contribution);
  return {
    terms,
    multipliers: { ...multipliers },
    ...(phrases ? { phrases: Math.round(phrases * 1000) / 1000 } : {}),
  };
}

/** A hit in an answered question is kept down to this share of the threshold. */
const RUNNER_UP_SHARE = 0.5;

/**
 * "No good match" is decided for the question, by its best hit: when that hit reaches the
 * threshold, the runners-up are shown too while they reach half of it (a right answer in second
 * place often matches less of a long question than a broader page does).
 */
export function keepConfident<T extends { confidence: number }>(
  ranked: T[],
  threshold: number,
): T[] {
  const best = ranked.reduce((max, hit) => Math.max(max, hit.confidence), 0);
  if (best < threshold || best === 0) return [];
  return ranked.filter((hit) => hit.confidence >= threshold * RUNNER_UP_SHARE);
}

/**
 * The articles worth scoring. A knowledge base up to SCORE_ALL articles is scored whole: it costs
 * less than a millisecond, and a long question's rarest words are often incidental (a host name,
 * a variable), so candidates picked by them miss the right page. Larger ones ask FlexSearch.
 */
function candidateEntries(
  store: CorpusStore,
  prepared: PreparedQuery,
  settings: SearchSettings,
): Iterable<Entry> {
  if (store.size <= settings.scoreAll) return store.all();
  const picked = candidateTerms(prepared, store.size);
  // Common terms' long section lists make FlexSearch's own count of several terms slow (2–10 ms
  // on 6,000 articles: "the compiled source will be created"); counted over each list it is cheap.
  const cutoff = commonIdf(store.size);
  const common = prepared.terms.some((t) => t.idf < cutoff && picked.includes(t.term));
  const sectionIds =
    common && picked.length > 1
      ? store.flex.candidatesCounted(picked, settings.candidates)
      : store.flex.candidates(picked, settings.candidates);
  // Sections matching several words can crowd out those matching only the rarest one (often a
  // pasted error code): look that one up on its own too. Its posting list is short, so it is cheap.
  if (picked.length > 1)
    for (const id of store.flex.candidates(picked.slice(0, 1), settings.candidates))
      sectionIds.add(id);
  const entries = new Set<Entry>();
  for (const sectionId of sectionIds) {
    const entry = store.entryOfSection(sectionId);
    if (entry) entries.add(entry);
  }
  return entries;
}

export function search(
  store: CorpusStore,
  query: string,
  options: SearchOptions,
  settings: SearchSettings,
  /** Questions taught to articles: their articles are lifted (kb/learned/lift.ts). */
  learned?: LearnedPhrasings,
): SearchResponse {
  const limit = Math.max(1, options.limit ?? 5);
  const filter = {
    audience: options.audience ?? 'customer',
    product: options.product ?? null,
  } as const;
  const prepared = prepareQuery(store, query, options.lang);
  const vectors = fieldVectors(settings.weights, store);
  const ranked: Ranked[] = [];
  const entries = candidateEntries(store, prepared, settings);
  for (const entry of entries) {
    if (!passes(entry.article, filter)) continue;
    const scored = scoreEntry(store, entry, prepared, settings.weights, vectors);
    if (scored.score > 0) ranked.push(scored);
  }
  ranked.sort(byScore);
  // Word order re-ranks the top before a taught phrasing lifts its article above everything.
  rerankByPhrases(ranked, prepared);
  if (learned) {
    liftLearned(ranked, store, filter, learned, query, options.lang);
    ranked.sort(byScore);
  }
  const results = keepConfident(ranked, settings.threshold)
    .slice(0, limit)
    .map(({ entry, score, confidence, multipliers, phrases }): SearchHit => {
      const { article } = entry;
      const sectionIndex = bestSection(entry, prepared);
      const section = article.sections[sectionIndex];
      const text =
        section?.text || article.description || article.sections.find((s) => s.text)?.text || '';
      return {
        id: article.id,
        path: article.path,
        title: article.title,
        score: Math.round(score * 100) / 100,
        confidence: Math.round(confidence * 1000) / 1000,
        section: section?.heading ?? null,
        snippet: makeSnippet(text, prepared),
        // The first section is the top of the page: no anchor needed.
        url: articleUrl(
          settings.baseUrl,
          article.id,
          sectionIndex > 0 ? (section?.anchor ?? null) : null,
        ),
        audience: article.audience,
        product: article.product,
        ...(options.explain
          ? { explain: explainHit(store, entry, prepared, settings, multipliers, phrases) }
          : {}),
      };
    });
  return { query, results, noGoodMatch: results.length === 0 };
}
