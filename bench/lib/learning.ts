// The knowledge loop measured: each corpus's labelled questions are cut in two halves (by their
// order in the file, the same ids in English and French); the first half is taught as if each
// asker had marked its labelled page solved, and the second half is measured before and after.
// The reverse (teach the second, measure the first) shows the gain does not hang on one split.
import path from 'node:path';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { DEFAULT_SETTINGS, keepConfident } from '../../src/core/kb/index/search.js';
import { loadOffTopic, loadRealQuestions, type RealCorpus } from './real-corpora.js';
import { evaluate, expectedIds, type LabelledQuestion, type Relevance } from './relevance.js';

export interface LearningFigures {
  corpus: string;
  split: 'first → second' | 'second → first';
  taught: number;
  languages: Array<{ lang: string; before: Relevance; after: Relevance }>;
  /** The taught questions asked again word for word (what "asking it that way" means). */
  repeated: { before: Relevance; after: Relevance };
  /** Off-topic questions answered "no good match" at the default threshold, before and after. */
  offTopicRejected: { before: number; after: number; total: number };
}

function halves<T>(list: T[]): [T[], T[]] {
  const middle = Math.ceil(list.length / 2);
  return [list.slice(0, middle), list.slice(middle)];
}

function ranking(kb: KnowledgeBase) {
  return (q: LabelledQuestion): string[] =>
    kb
      .search(q.question, { audience: 'staff', limit: 10, lang: q.lang ?? null })
      .results.map((h) => h.id);
}

function rejected(kb: KnowledgeBase, offTopic: LabelledQuestion[]): number {
  return offTopic.filter(
    (q) =>
      keepConfident(kb.search(q.question, { limit: 10 }).results, DEFAULT_SETTINGS.threshold)
        .length === 0,
  ).length;
}

export async function measureLearning(
  root: string,
  corpus: RealCorpus,
  reverse: boolean,
): Promise<LearningFigures> {
  const questions = await loadRealQuestions(root, corpus);
  const offTopic = await loadOffTopic(root);
  const order = questions.en.map((q) => q.id);
  const [first, second] = halves(order);
  const taughtIds = new Set(reverse ? second : first);
  // Threshold 0: the whole ranking, as the main section measures it.
  const kb = await openKnowledgeBase({
    dir: path.join(root, corpus.dir),
    cacheDir: null,
    threshold: 0,
  });
  const lists = [
    ['en', questions.en],
    ['fr', questions.fr],
  ] as const;
  const measured = lists.map(([lang, list]) => {
    const held = list.filter((q) => !taughtIds.has(q.id));
    return { lang, held, before: evaluate(held, ranking(kb)) };
  });
  const rejectedBefore = rejected(kb, offTopic);
  const taughtQuestions = [...questions.en, ...questions.fr].filter((q) => taughtIds.has(q.id));
  const repeatedBefore = evaluate(taughtQuestions, ranking(kb));
  let id = 0;
  for (const [, list] of lists)
    for (const q of list)
      if (taughtIds.has(q.id))
        kb.learned.upsert({
          id: (id += 1),
          articleId: expectedIds(q)[0] ?? '',
          question: q.question,
          lang: q.lang ?? 'en',
          count: 1,
        });
  const figures: LearningFigures = {
    corpus: corpus.name,
    split: reverse ? 'second → first' : 'first → second',
    taught: id,
    languages: measured.map(({ lang, held, before }) => ({
      lang,
      before,
      after: evaluate(held, ranking(kb)),
    })),
    repeated: { before: repeatedBefore, after: evaluate(taughtQuestions, ranking(kb)) },
    offTopicRejected: {
      before: rejectedBefore,
      after: rejected(kb, offTopic),
      total: offTopic.length,
    },
  };
  await kb.close();
  return figures;
}

export function printLearning(all: LearningFigures[]): void {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const delta = (a: number, b: number): string => {
    const points = (b - a) * 100;
    return `${points >= 0 ? '+' : ''}${points.toFixed(1)}`;
  };
  console.log(
    '\nLearned phrasings: half of the labelled questions taught (as if marked solved with their labelled page), the other half measured before → after',
  );
  console.log(
    `  ${'corpus'.padEnd(8)} ${'split'.padEnd(15)} lang   n   ${'recall@1'.padEnd(22)} ${'recall@3'.padEnd(22)} MRR`,
  );
  for (const f of all) {
    for (const { lang, before, after } of f.languages) {
      console.log(
        `  ${f.corpus.padEnd(8)} ${f.split.padEnd(15)} ${lang.padEnd(4)} ${String(before.questions).padStart(3)}   ${`${pct(before.recallAt1)} → ${pct(after.recallAt1)} (${delta(before.recallAt1, after.recallAt1)})`.padEnd(22)} ${`${pct(before.recallAt3)} → ${pct(after.recallAt3)} (${delta(before.recallAt3, after.recallAt3)})`.padEnd(22)} ${before.mrr.toFixed(3)} → ${after.mrr.toFixed(3)}`,
      );
    }
    const o = f.offTopicRejected;
    console.log(
      `  ${''.padEnd(8)} ${''.padEnd(15)} ${f.taught} phrasings taught; asked again word for word: recall@1 ${pct(f.repeated.before.recallAt1)} → ${pct(f.repeated.after.recallAt1)}; off-topic rejected at the default threshold ${o.before}/${o.total} → ${o.after}/${o.total}`,
    );
  }
}
