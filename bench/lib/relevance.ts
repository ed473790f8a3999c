// Relevance figures over a labelled question set: recall@1, recall@3 and MRR (of the expected
// article's rank in the top 10; 0 when absent), plus how many off-topic questions got "no match".
import { readFile } from 'node:fs/promises';

export interface LabelledQuestion {
  question: string;
  expected: string;
  lang?: string;
}

export interface Relevance {
  questions: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  misses: Array<{ question: string; expected: string; got: string[] }>;
}

/** Anything that ranks article ids for a question (casebot's engine, MiniSearch). */
export type Ranker = (question: LabelledQuestion) => string[];

export async function loadQuestions(file: string): Promise<LabelledQuestion[]> {
  return JSON.parse(await readFile(file, 'utf8')) as LabelledQuestion[];
}

export function evaluate(questions: LabelledQuestion[], rank: Ranker): Relevance {
  let at1 = 0;
  let at3 = 0;
  let reciprocal = 0;
  const misses: Relevance['misses'] = [];
  for (const question of questions) {
    const ids = rank(question).slice(0, 10);
    const position = ids.indexOf(question.expected);
    if (position === 0) at1 += 1;
    if (position >= 0 && position < 3) at3 += 1;
    if (position >= 0) reciprocal += 1 / (position + 1);
    if (position !== 0)
      misses.push({
        question: question.question,
        expected: question.expected,
        got: ids.slice(0, 3),
      });
  }
  const n = questions.length || 1;
  return {
    questions: questions.length,
    recallAt1: at1 / n,
    recallAt3: at3 / n,
    mrr: reciprocal / n,
    misses,
  };
}

export function formatRelevance(name: string, r: Relevance): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  return `${name.padEnd(22)} recall@1 ${pct(r.recallAt1).padStart(6)}  recall@3 ${pct(r.recallAt3).padStart(6)}  MRR ${r.mrr.toFixed(3)}  (${r.questions} questions)`;
}
