// npm run bench:open — cold open of the large corpus (node_modules split at ##, 5,000+ articles):
// no cache at all (parse, index, write the cache), then a restart from that cache. Prints
// the load average beside each figure (the machine is shared). `--compare` adds the scan's
// agreement with remark on the same files.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openKnowledgeBase, type Section } from '../src/core/kb/index.js';
import { parseFrontMatter } from '../src/core/kb/load/front-matter.js';
import { listMarkdownFiles, readKbFiles } from '../src/core/kb/load/loader.js';
import { parseBodyWithRemark } from '../src/core/kb/load/remark-body.js';
import { scanBody } from '../src/core/kb/load/scan.js';
import { benchDir, writeSplitCorpus } from './lib/corpus.js';
import { timed } from './lib/measure.js';

const split = benchDir('split-corpus');
const globalModules = path.resolve(process.execPath, '../../lib/node_modules');
if (!existsSync(split) || process.argv.includes('--rebuild'))
  await writeSplitCorpus(
    existsSync(globalModules) ? ['node_modules', globalModules] : ['node_modules'],
    split,
  );
const cacheDir = benchDir('cache-cold-open');
const load = (): string => `load ${loadavg()[0]?.toFixed(2)}`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

await rm(cacheDir, { recursive: true, force: true });
const cpu = process.cpuUsage();
const cold = await timed(() => openKnowledgeBase({ dir: split, cacheDir }));
const used = process.cpuUsage(cpu);
const { articles, sections, parsedFiles } = cold.value.stats();
await cold.value.close();
console.log(
  `${articles} articles, ${sections} sections: cold open ${secs(cold.ms)} wall, ${secs((used.user + used.system) / 1000)} CPU (${parsedFiles} files parsed, cache written; ${load()})`,
);
const warmCpu = process.cpuUsage();
const warm = await timed(() => openKnowledgeBase({ dir: split, cacheDir }));
const warmUsed = process.cpuUsage(warmCpu);
console.log(
  `restart from the cache ${secs(warm.ms)} wall, ${secs((warmUsed.user + warmUsed.system) / 1000)} CPU (${load()})`,
);
await warm.value.close();

// --compare: how closely the one-pass scan matches remark's CommonMark tree on these files.
if (process.argv.includes('--compare')) {
  const files = await readKbFiles(split, await listMarkdownFiles(split));
  const bodies = files.flatMap((file) => {
    try {
      return file.raw === null ? [] : [parseFrontMatter(file.raw).body];
    } catch {
      return [];
    }
  });
  const words = (text: string): Set<string> =>
    new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const same = { headings: 0, text: 0, code: 0, links: 0 };
  let remarkWords = 0;
  let missing = 0;
  let scanMs = 0;
  let remarkMs = 0;
  for (const body of bodies) {
    let start = performance.now();
    const scanned = scanBody(body, 0);
    scanMs += performance.now() - start;
    start = performance.now();
    const reference = parseBodyWithRemark(body, 0);
    remarkMs += performance.now() - start;
    const field = (parsed: typeof scanned, pick: (s: Section) => unknown): string =>
      JSON.stringify(parsed.sections.map(pick));
    const heads = (s: Section): unknown => [s.heading, s.anchor, s.depth, s.line];
    same.headings += Number(field(scanned, heads) === field(reference, heads));
    same.text += Number(field(scanned, (s) => s.text) === field(reference, (s) => s.text));
    same.code += Number(field(scanned, (s) => s.code) === field(reference, (s) => s.code));
    same.links += Number(JSON.stringify(scanned.hrefs) === JSON.stringify(reference.hrefs));
    const ours = words(scanned.sections.map((s) => s.text).join('\n'));
    for (const word of words(reference.sections.map((s) => s.text).join('\n'))) {
      remarkWords += 1;
      missing += Number(!ours.has(word));
    }
  }
  const share = (n: number): string => `${((n / bodies.length) * 100).toFixed(1)}%`;
  console.log(
    `scan vs remark over ${bodies.length} bodies: scan ${secs(scanMs)}, remark ${secs(remarkMs)} (${load()}); ` +
      `identical headings ${share(same.headings)}, text ${share(same.text)}, code ${share(same.code)}, links ${share(same.links)}; ` +
      `${missing} of ${remarkWords} distinct words per file missing (remark joins the lines of a hard break: "MITAuthor")`,
  );
}
