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
