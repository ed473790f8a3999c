// The learned phrasings' storage port (store/prisma-learned-phrasings.ts).
import type { LearnedPhrasing, LearningSource } from '../knowledge-loop/learned-phrasing.js';

export interface NewLearning {
  articleId: string;
  question: string;
  lang: string;
  source: LearningSource;
  /** Who taught it: the asker who marked it solved, or the engineer who linked the article. */
  teacherId: string | null;
  at: Date;
}

/**
 * What a learning did: `added` a new phrasing, `counted` one more time for a known one, or
 * nothing: `repeated` (the same person again), `removed` (staff removed it: their word wins).
 */
export type LearningChange = 'added' | 'counted' | 'repeated' | 'removed';

export interface LearnedPhrasingRepository {
  learn(input: NewLearning): Promise<{ phrasing: LearnedPhrasing; change: LearningChange }>;
  /** Active phrasings (and removed ones with `includeRemoved`), oldest first. */
  list(filter?: { articleId?: string; includeRemoved?: boolean }): Promise<LearnedPhrasing[]>;
  /** Marks it removed; null when no phrasing has this id. A second removal changes nothing. */
  remove(id: number, by: string | null, at: Date): Promise<LearnedPhrasing | null>;
}
