// npm run bench:relevance — recall@1, recall@3 and MRR of the engine over kb/ and the labelled
// questions in test/fixtures/relevance-questions.json. `--misses` lists the questions it gets wrong.
import { openKnowledgeBase } from '../src/core/kb/index.js';
import { evaluate, formatRelevance, loadQuestions } from './lib/relevance.js';

const kbDir = process.env.KB_DIR || 'kb';
const questions = await loadQuestions('test/fixtures/relevance-questions.json');
const offTopic = await loadQuestions('test/fixtures/kb-offtopic-questions.json');
const kb = await openKnowledgeBase({ dir: kbDir, cacheDir: null });

const ranked = (lang: boolean) =>
  evaluate(questions, (q) =>
    kb
      .search(q.question, { audience: 'staff', limit: 10, lang: lang ? (q.lang ?? null) : null })
      .results.map((h) => h.id),
  );
const detected = ranked(false);
console.log(`kb: ${kbDir}, ${kb.stats().articles} articles`);
console.log(formatRelevance('casebot (lang detected)', detected));
console.log(formatRelevance('casebot (lang given)', ranked(true)));
const rejected = offTopic.filter(
  (q) => kb.search(q.question, { audience: 'staff' }).noGoodMatch,
).length;
const answered = questions.filter(
  (q) => !kb.search(q.question, { audience: 'staff' }).noGoodMatch,
).length;
console.log(
  `no-good-match: ${rejected}/${offTopic.length} off-topic questions rejected, ${answered}/${questions.length} real ones answered`,
);
if (process.argv.includes('--misses')) {
  for (const miss of detected.misses)
    console.log(`  ✗ ${miss.question}\n      want ${miss.expected}, got ${miss.got.join(', ')}`);
}
await kb.close();
