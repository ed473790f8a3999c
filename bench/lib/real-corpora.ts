// The real benchmark: documentation sets of third-party projects, installed as devDependencies
// (nothing copied here), and questions their users asked in public issues, rewritten and labelled
// in bench/real/*.questions.json. See bench/real/README.md for how the set was made.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabelledQuestion } from './relevance.js';

export interface RealCorpus {
  name: string;
  /** The docs folder inside node_modules, used as KB_DIR. */
  dir: string;
  /** Questions file under bench/real/. */
  questions: string;
}

export const REAL_CORPORA: RealCorpus[] = [
  { name: 'fastify', dir: 'node_modules/fastify/docs', questions: 'fastify.questions.json' },
  { name: 'undici', dir: 'node_modules/undici/docs/docs', questions: 'undici.questions.json' },
  { name: 'pino', dir: 'node_modules/pino/docs', questions: 'pino.questions.json' },
];

interface RealQuestionRecord {
  id: string;
  question: string;
  expected: string[];
  source: string;
  fr?: string;
}

export interface RealQuestions {
  en: LabelledQuestion[];
  fr: LabelledQuestion[];
}

/**
 * A third of the questions (every third id) is held back: tuning looks only at the others, and
 * the bench prints the held-back figures apart so that overfitting shows.
 */
export function isHeldOut(question: LabelledQuestion): boolean {
  const n = Number(/(\d+)$/.exec(question.id ?? '')?.[1] ?? 0);
  return n % 3 === 0;
}

export async function loadRealQuestions(root: string, corpus: RealCorpus): Promise<RealQuestions> {
  const file = path.join(root, 'bench/real', corpus.questions);
  const records = JSON.parse(await readFile(file, 'utf8')) as RealQuestionRecord[];
  return {
    en: records.map((r) => ({ id: r.id, question: r.question, expected: r.expected, lang: 'en' })),
    fr: records.flatMap((r) =>
      r.fr ? [{ id: r.id, question: r.fr, expected: r.expected, lang: 'fr' }] : [],
    ),
  };
}

export async function loadOffTopic(root: string): Promise<LabelledQuestion[]> {
  const file = path.join(root, 'bench/real/off-topic.json');
  const records = JSON.parse(await readFile(file, 'utf8')) as Array<{
    id: string;
    question: string;
    lang: string;
  }>;
  return records.map((r) => ({ id: r.id, question: r.question, expected: [], lang: r.lang }));
}
