// Keeps the engine's relevance on kb/ and the labelled questions from falling below what it reaches
// (bench/relevance.ts prints the current figures; floors sit slightly under them).
import { describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../src/core/kb/index.js';
import { evaluate, loadQuestions } from '../../bench/lib/relevance.js';
import path from 'node:path';
import { REPO } from './helpers.js';

const FLOORS = { recallAt1: 0.93, recallAt3: 0.97, mrr: 0.95 };
const OFF_TOPIC_REJECTED = 0.85;

describe('relevance on kb/', () => {
  it('ranks the expected article first for most labelled questions', async () => {
    const kb = await openKnowledgeBase({ dir: path.join(REPO, 'kb'), cacheDir: null });
    const questions = await loadQuestions(
      path.join(REPO, 'test/fixtures/relevance-questions.json'),
    );
    expect(questions.length).toBeGreaterThanOrEqual(30);
    const figures = evaluate(questions, (q) =>
      kb.search(q.question, { audience: 'staff', limit: 10 }).results.map((hit) => hit.id),
    );
    expect(figures.recallAt1).toBeGreaterThanOrEqual(FLOORS.recallAt1);
    expect(figures.recallAt3).toBeGreaterThanOrEqual(FLOORS.recallAt3);
    expect(figures.mrr).toBeGreaterThanOrEqual(FLOORS.mrr);

    const offTopic = await loadQuestions(
      path.join(REPO, 'test/fixtures/kb-offtopic-questions.json'),
    );
    const rejected = offTopic.filter((q) => kb.search(q.question).noGoodMatch).length;
    expect(rejected / offTopic.length).toBeGreaterThanOrEqual(OFF_TOPIC_REJECTED);
    await kb.close();
  });
});
