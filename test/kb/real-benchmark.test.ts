// The real relevance set (bench/real): well-formed, labelled with pages that exist in the pinned
// docs, and the figures the issue asks for that the engine reaches, checked the way
// `npm run bench:relevance` measures them (here against MiniSearch with the issue's settings).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../src/core/kb/index.js';
import { DEFAULT_SETTINGS } from '../../src/core/kb/index/search.js';
import { loadArticles } from '../../bench/lib/corpus.js';
import {
  buildMiniSearch,
  ISSUE_MINISEARCH,
  searchPages,
  toMiniDocs,
} from '../../bench/lib/minisearch.js';
import { loadOffTopic, loadRealQuestions, REAL_CORPORA } from '../../bench/lib/real-corpora.js';
import { evaluate, expectedIds, keptInTop3 } from '../../bench/lib/relevance.js';
import { REPO } from './helpers.js';

describe('the real relevance set', () => {
  it.each(REAL_CORPORA)(
    '$name: 60+ questions, a third also in French, labels that exist',
    async (corpus) => {
      const questions = await loadRealQuestions(REPO, corpus);
      expect(questions.en.length).toBeGreaterThanOrEqual(60);
      expect(questions.fr.length * 3).toBeGreaterThanOrEqual(questions.en.length);
      expect(new Set(questions.en.map((q) => q.id)).size).toBe(questions.en.length);
      for (const question of questions.en) {
        for (const id of expectedIds(question))
          expect(existsSync(path.join(REPO, corpus.dir, `${id}.md`)), `${question.id}: ${id}`).toBe(
            true,
          );
      }
    },
  );

  it('has 40+ off-topic questions', async () => {
    expect((await loadOffTopic(REPO)).length).toBeGreaterThanOrEqual(40);
  });
});

describe('casebot on the real corpora', () => {
  it.each(REAL_CORPORA)(
    "$name: beats MiniSearch with the issue's settings in English, answers French questions, keeps answers above the threshold",
    async (corpus) => {
      const dir = path.join(REPO, corpus.dir);
      const questions = await loadRealQuestions(REPO, corpus);
      const kb = await openKnowledgeBase({ dir, cacheDir: null, threshold: 0 });
      // The issue's settings over pages: the fairer tuned anchor (bench/lib/minisearch.ts) is not yet
      // beaten by 5 points on every corpus; `npm run bench:relevance` prints both.
      const mini = buildMiniSearch(toMiniDocs(await loadArticles(dir)), ISSUE_MINISEARCH);
      const hits = (q: string) => kb.search(q, { audience: 'staff', limit: 10 }).results;
      const ours = evaluate(questions.en, (q) => hits(q.question).map((h) => h.id));
      const theirs = evaluate(questions.en, (q) => searchPages(mini, q.question));
      expect(ours.recallAt3).toBeGreaterThanOrEqual(theirs.recallAt3 + 0.05);
      const french = evaluate(questions.fr, (q) => hits(q.question).map((h) => h.id));
      expect(french.recallAt3).toBeGreaterThanOrEqual(0.6);

      // The default threshold keeps right answers: at most 1 in 10 lost on any one corpus.
      const all = [...questions.en, ...questions.fr];
      const answerable = all.filter((q) => keptInTop3(q, hits(q.question), 0));
      const lost = answerable.filter(
        (q) => !keptInTop3(q, hits(q.question), DEFAULT_SETTINGS.threshold),
      ).length;
      expect(lost / answerable.length).toBeLessThanOrEqual(0.1);
      await kb.close();
    },
  );

  it('rejects nine in ten off-topic questions over every corpus at the default threshold', async () => {
    const offTopic = await loadOffTopic(REPO);
    let rejected = 0;
    for (const corpus of REAL_CORPORA) {
      const kb = await openKnowledgeBase({ dir: path.join(REPO, corpus.dir), cacheDir: null });
      rejected += offTopic.filter((q) => kb.search(q.question).noGoodMatch).length;
      await kb.close();
    }
    expect(rejected / (offTopic.length * REAL_CORPORA.length)).toBeGreaterThanOrEqual(0.9);
  });
});
