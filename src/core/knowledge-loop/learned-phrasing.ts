// Learned phrasings: the ways customers asked what an article answered. A question becomes
// evidence for an article when its asker marks it solved by that article, or when an engineer
// answers the case it became with a link to the article. Search uses them (kb/learned/), staff
// review and remove them; a removed one is kept, marked, so the same question cannot teach it again.

export type LearningSource = 'solved' | 'engineer';

export interface LearnedPhrasing {
  id: number;
  articleId: string;
  /** The question folded for comparison (see foldPhrasing): one row per article and wording. */
  phrasing: string;
  /** The question as first asked. */
  question: string;
  lang: string;
  source: LearningSource;
  /** Times it was taught (the same person again in a row does not count). */
  count: number;
  lastTeacherId: string | null;
  learnedAt: Date;
  lastAt: Date;
  removedAt: Date | null;
  removedBy: string | null;
}

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

/** Longest question kept as a phrasing: a pasted log is not a way of asking. */
export const MAX_PHRASING_LENGTH = 500;

/** Lower case, accents and spacing folded: "Checkout  FAILS" and "checkout fails" are one phrasing. */
export function foldPhrasing(question: string): string {
  return question
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, MAX_PHRASING_LENGTH);
}
