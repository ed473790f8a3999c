// Relevance figures over a labelled question set: recall@1, recall@3 and MRR (of the first expected
// article's rank in the top 10; 0 when absent).
import { readFile } from 'node:fs/promises';
import { keepConfident } from '../../src/core/kb/index/search.js';

export interface LabelledQuestion {
  question: string;
  /** The article id that answers it, or several when each does. */
  expected: string | string[];
  lang?: string;
  /** Stable id (real sets), used to hold part of the questions back from tuning. */
  id?: string;
}

export interface Relevance {
  questions: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  misses: Array<{ question: string; expected: string; got: string[] }>;
}

/** Anything that ranks article ids for a question (casebot's engine, MiniSearch, Orama). */
export type Ranker = (question: LabelledQuestion) => string[];

export async function loadQuestions(file: string): Promise<LabelledQuestion[]> {
  return JSON.parse(await readFile(file, 'utf8')) as LabelledQuestion[];
}

export function expectedIds(question: LabelledQuestion): string[] {
  return Array.isArray(question.expected) ? question.expected : [question.expected];
}

/** 0-based rank of the first right article in `ids`, or -1. */
export function rightRank(question: LabelledQuestion, ids: string[]): number {
  const expected = new Set(expectedIds(question));
  return ids.findIndex((id) => expected.has(id));
}

export function evaluate(questions: LabelledQuestion[], rank: Ranker): Relevance {
  let at1 = 0;
  let at3 = 0;
  let reciprocal = 0;
  const misses: Relevance['misses'] = [];
  for (const question of questions) {
    const ids = rank(question).slice(0, 10);
    const position = rightRank(question, ids);
    if (position === 0) at1 += 1;
    if (position >= 0 && position < 3) at3 += 1;
    if (position >= 0) reciprocal += 1 / (position + 1);
    if (position !== 0)
      misses.push({
        question: question.question,
        expected: expectedIds(question).join(' | '),
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

/** Right answer in the top 3 once the hits a threshold drops are gone (0: no threshold). */
export function keptInTop3(
  question: LabelledQuestion,
  hits: Array<{ id: string; confidence: number }>,
  threshold: number,
): boolean {
  const rank = rightRank(
    question,
    keepConfident(hits, threshold).map((h) => h.id),
  );
  return rank >= 0 && rank < 3;
}
