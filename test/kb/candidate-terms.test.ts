// Which question terms pick FlexSearch's candidates: common ones are dropped on a large corpus
// (they cost the most and find the least), never on a small KB, and the rarest few always stay.
import { describe, expect, it } from 'vitest';
import { idf, type PreparedQuery } from '../../src/core/kb/index/query.js';
import { candidateTerms } from '../../src/core/kb/index/search.js';
import type { CorpusStore } from '../../src/core/kb/index/store.js';

function question(articles: number, docFreqs: Record<string, number>): PreparedQuery {
  const store = { size: articles } as CorpusStore;
  const terms = Object.entries(docFreqs).map(([term, df], slot) => ({
    term,
    id: slot,
    idf: idf(store, df),
    weight: 1,
    slot,
    certainty: 1,
    code: false,
    evidence: 1,
    repeat: 1,
    via: 'word' as const,
  }));
  return { lang: 'en', terms, slotIdf: terms.map((t) => t.idf), phrases: [] };
}

describe('candidate terms', () => {
  it('drops terms found in more than 3% of a large corpus, rarest first', () => {
    const q = question(5000, { npm: 2500, install: 900, packag: 400, lockfil: 40, peer: 120 });
    expect(candidateTerms(q, 5000)).toEqual(['lockfil', 'peer', 'packag']);
  });

  it('keeps the rarest three even when all are common', () => {
    const q = question(5000, { npm: 2500, install: 900, packag: 400, use: 3000 });
    expect(candidateTerms(q, 5000)).toEqual(['packag', 'install', 'npm']);
  });

  it('keeps every term of a small KB (no term is common in 30 articles or fewer)', () => {
    const q = question(30, { case: 29, open: 25, sever: 10, urgent: 5 });
    expect(candidateTerms(q, 30)).toEqual(['urgent', 'sever', 'open', 'case']);
  });

  it('searches at most five terms', () => {
    const q = question(5000, { a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6, a7: 7 });
    expect(candidateTerms(q, 5000)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });
});
