// Teaching an article a question: stored first, then applied to the live index, so the next
// person asking it that way gets the article first. A failure here never fails the flow that
// taught it (the customer's "solved", the engineer's reply): it is logged and skipped.
import type { KnowledgeBase, LearnedEvidence } from '../kb/index.js';
import { detectLang } from '../kb/text/analyze.js';
import type { Logger } from '../ports/platform.js';
import { linkedArticleIds } from './linked-articles.js';
import type { LearnedPhrasing, LearningSource } from './learned-phrasing.js';
import type { LearnedPhrasingRepository, LearningChange } from '../ports/learned.js';

export interface TeachDeps {
  learned: LearnedPhrasingRepository;
  kb: Pick<KnowledgeBase, 'learned'>;
  logger: Logger;
}

export function toEvidence(phrasing: LearnedPhrasing): LearnedEvidence {
  return {
    id: phrasing.id,
    articleId: phrasing.articleId,
    question: phrasing.question,
    lang: phrasing.lang,
    count: phrasing.count,
  };
}

export async function teachArticle(
  deps: TeachDeps,
  input: {
    articleId: string;
    question: string;
    source: LearningSource;
    teacherId: string | null;
    at: Date;
  },
): Promise<LearningChange | null> {
  if (!input.question.trim()) return null;
  try {
    const { phrasing, change } = await deps.learned.learn({
      ...input,
      lang: detectLang(input.question),
    });
    if (change === 'added' || change === 'counted') deps.kb.learned.upsert(toEvidence(phrasing));
    return change;
  } catch (error) {
    deps.logger.warn('knowledge loop: could not learn a phrasing', {
      article: input.articleId,
      error: (error as Error).message,
    });
    return null;
  }
}

/** Staff removal: stored, then taken out of the live index at once. */
export async function forgetPhrasing(
  deps: Omit<TeachDeps, 'logger'>,
  id: number,
  by: string | null,
  at: Date,
): Promise<LearnedPhrasing | null> {
  const removed = await deps.learned.remove(id, by, at);
  if (removed) deps.kb.learned.remove(id);
  return removed;
}

/**
 * An engineer's reply to a case that links KB articles teaches each one the case's question (its
 * title, in the customer's words). Returns the articles taught something new or once more.
 */
export async function teachLinkedArticles(
  deps: TeachDeps & { kb: Pick<KnowledgeBase, 'learned' | 'article'> },
  input: { reply: string; question: string; engineerId: string; at: Date },
): Promise<string[]> {
  const taught: string[] = [];
  for (const articleId of linkedArticleIds(
    input.reply,
    (id) => deps.kb.article(id) !== undefined,
  )) {
    const change = await teachArticle(deps, {
      articleId,
      question: input.question,
      source: 'engineer',
      teacherId: input.engineerId,
      at: input.at,
    });
    if (change === 'added' || change === 'counted') taught.push(articleId);
  }
  return taught;
}
