// Deflection comes first: a question is answered from the knowledge base and the answer recorded,
// so the deflection rate (solved / asked) can be reported. Customers never see internal articles:
// the search filters them and this guard drops any that slipped through.
import type { DeflectionRepository } from '../ports/storage.js';
import type { KnowledgeBase } from '../kb/types.js';
import type { Deflection, Platform } from '../model.js';
import type { ArticleSuggestion } from '../views.js';
import type { ArticleLinkTracker } from './article-links.js';

export interface DeflectQuestionInput {
  question: string;
  audience: 'customer' | 'staff';
  product?: string | null;
  /** The asker's language: articles in it rank first; absent: the question's language (detected). */
  lang?: string | null;
  limit: number;
  askedAt: Date;
  platform: Platform;
  askerId: string | null;
  orgId: string | null;
  /** Tags article links with the question, when they go through casebot's pages. */
  links?: ArticleLinkTracker | null;
}

export interface DeflectionAnswer {
  deflection: Deflection;
  articles: ArticleSuggestion[];
  noGoodMatch: boolean;
}

export async function deflectQuestion(
  kb: Pick<KnowledgeBase, 'search'>,
  deflections: DeflectionRepository,
  input: DeflectQuestionInput,
): Promise<DeflectionAnswer> {
  const response = kb.search(input.question, {
    audience: input.audience,
    product: input.product ?? null,
    lang: input.lang ?? null,
    limit: input.limit,
  });
  const visible = response.results.filter(
    (hit) => input.audience === 'staff' || hit.audience !== 'internal',
  );
  const found: ArticleSuggestion[] = visible.map((hit) => ({
    id: hit.id,
    title: hit.title,
    snippet: hit.snippet,
    url: hit.url,
    section: hit.section,
    score: hit.score,
  }));
  const noGoodMatch = response.noGoodMatch || found.length === 0;
  // Nothing to offer is an outcome in itself (the report counts it); it may still turn into a case.
  const deflection = await deflections.record({
    askedAt: input.askedAt,
    platform: input.platform,
    askerId: input.askerId,
    orgId: input.orgId,
    question: input.question,
    articleIds: found.map((article) => article.id),
    ...(noGoodMatch ? { outcome: 'no-answer' as const } : {}),
  });
  const links = input.links;
  const articles = links
    ? found.map((article) => ({ ...article, url: links.forQuestion(article.url, deflection.id) }))
    : found;
  return { deflection, articles, noGoodMatch };
}
