// npm run bench:query — the query loop of `npm run bench` on its large corpus alone (node_modules
// split at ##, 5,000+ articles), repeated, for profiling (`--cpu-prof`) and for medians of p99 on a
// shared machine. `--rounds=N` (default 5) runs of 3 passes over the 400 questions.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { openKnowledgeBase } from '../src/core/kb/index.js';
import { benchDir, generateQuestions, loadArticles, writeSplitCorpus } from './lib/corpus.js';
import { latency } from './lib/measure.js';
import { evaluate } from './lib/relevance.js';

const rounds = Number(
  process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 5,
);
const split = benchDir('split-corpus');
const globalModules = path.resolve(process.execPath, '../../lib/node_modules');
if (!existsSync(split) || process.argv.includes('--rebuild'))
  await writeSplitCorpus(
    existsSync(globalModules) ? ['node_modules', globalModules] : ['node_modules'],
    split,
  );
const questions = generateQuestions(await loadArticles(split), 400);
const kb = await openKnowledgeBase({ dir: split, cacheDir: null });
const { articles, sections } = kb.stats();
const r = evaluate(questions, (q) =>
  kb.search(q.question, { audience: 'staff', limit: 10 }).results.map((h) => h.id),
);
console.log(
  `${articles} articles, ${sections} sections, ${questions.length} questions: recall@1 ${(r.recallAt1 * 100).toFixed(1)}%, recall@3 ${(r.recallAt3 * 100).toFixed(1)}%, MRR ${r.mrr.toFixed(3)}`,
);
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
// --profile=FILE: a V8 CPU profile of the query loop alone (not the build).
const profileFile = process.argv
  .find((a) => a.startsWith('--profile='))
  ?.slice('--profile='.length);
const session = profileFile ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}
const p99: number[] = [];
const cpu99: number[] = [];
for (let i = 0; i < rounds; i++) {
  const lat = latency(
    questions.map((q) => q.question),
    (q) => kb.search(q, { audience: 'staff' }),
    3,
  );
  p99.push(lat.p99);
  cpu99.push(lat.cpu.p99);
  console.log(
    `  run ${i + 1}: p50 ${lat.p50.toFixed(2)} ms, p95 ${lat.p95.toFixed(2)} ms, p99 ${lat.p99.toFixed(2)} ms wall; CPU p50 ${lat.cpu.p50.toFixed(2)}, p99 ${lat.cpu.p99.toFixed(2)} ms`,
  );
}
if (session && profileFile) {
  const { profile } = await session.post('Profiler.stop');
  await writeFile(profileFile, JSON.stringify(profile));
  console.log(`CPU profile of the query loop: ${profileFile}`);
}
console.log(`median p99: ${median(p99).toFixed(2)} ms wall, ${median(cpu99).toFixed(2)} ms CPU`);
await kb.close();
