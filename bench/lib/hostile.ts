// Questions a bot must survive: 20,000 characters, a bare stack trace, emoji only. Each must get
// an answer (or "no good match") quickly; the bench prints milliseconds per question.
import { performance } from 'node:perf_hooks';
import type { KnowledgeBase } from '../../src/core/kb/index.js';

const frames = Array.from(
  { length: 300 },
  (_, i) => `    at handler${i} (/srv/app/node_modules/pkg${i}/lib/file${i}.js:${i + 1}:7)`,
).join('\n');

export const HOSTILE_QUESTIONS: Array<[string, string]> = [
  [
    '20,000 characters',
    Array.from({ length: 4000 }, (_, i) => `word${i % 700} request`)
      .join(' ')
      .slice(0, 20_000),
  ],
  ['a bare stack trace (300 frames)', `TypeError: handler is not a function\n${frames}`],
  ['emoji only', '🔥😭🙏'.repeat(40)],
];

/** Mean milliseconds per search of each hostile question (after one warm-up search). */
export function hostileTimings(kb: KnowledgeBase, rounds = 5): string[] {
  return HOSTILE_QUESTIONS.map(([name, question]) => {
    kb.search(question);
    const start = performance.now();
    let answered = false;
    for (let i = 0; i < rounds; i++) answered = !kb.search(question).noGoodMatch;
    const ms = (performance.now() - start) / rounds;
    return `  ${name.padEnd(34)} ${ms.toFixed(1).padStart(6)} ms  (${answered ? 'answered' : 'no good match'})`;
  });
}
