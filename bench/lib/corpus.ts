// Benchmark corpora and their questions. The large corpus is every *.md under node_modules, also
// split at its ## headings into one article per section (real Markdown, 5,000+ articles). Its
// questions are made from sub-headings and body sentences, with filler words and some typos.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  listMarkdownFiles,
  parseKbFile,
  readKbFiles,
  resolveArticles,
} from '../../src/core/kb/load/loader.js';
import { parseFrontMatter } from '../../src/core/kb/load/front-matter.js';
import type { Article } from '../../src/core/kb/types.js';
import { remark } from 'remark';
import { performance } from 'node:perf_hooks';
import type { LabelledQuestion } from './relevance.js';

export async function loadArticles(dir: string): Promise<Article[]> {
  const files = await readKbFiles(dir, await listMarkdownFiles(dir));
  return resolveArticles(files.map(parseKbFile)).articles;
}

/**
 * The floor under any cold build that parses with remark: remark's own CommonMark parse of every
 * body (front matter already cut), doing nothing with the trees. Bytes and milliseconds.
 */
export async function remarkParseOnly(dir: string): Promise<{ bytes: number; ms: number }> {
  const files = await readKbFiles(dir, await listMarkdownFiles(dir));
  const bodies = files.flatMap((file) => {
    try {
      return file.raw === null ? [] : [parseFrontMatter(file.raw).body];
    } catch {
      return [];
    }
  });
  const parser = remark();
  const start = performance.now();
  for (const body of bodies) parser.parse(body);
  return {
    bytes: bodies.reduce((sum, body) => sum + body.length, 0),
    ms: performance.now() - start,
  };
}

/** Writes each ## section of every Markdown file under the sources as its own article. */
export async function writeSplitCorpus(sources: string[], target: string): Promise<number> {
  await rm(target, { recursive: true, force: true });
  let count = 0;
  for (const [n, source] of sources.entries()) {
    count += await splitInto(source, path.join(target, `source-${n}`));
  }
  return count;
}

async function splitInto(source: string, target: string): Promise<number> {
  const files = await readKbFiles(source, await listMarkdownFiles(source));
  let count = 0;
  for (const file of files) {
    if (!file.raw) continue;
    const body = file.raw.replace(/^---\n[\s\S]*?\n---\n/, '');
    const pieces = body.split(/\n(?=## )/);
    const title =
      /^#\s+(.+)$/m.exec(pieces[0] ?? '')?.[1]?.trim() ?? path.basename(path.dirname(file.rel));
    const dir = path.join(target, file.rel.replace(/\.md$/i, ''));
    await mkdir(dir, { recursive: true });
    for (const [index, piece] of pieces.entries()) {
      if (piece.trim().length < 40) continue;
      const heading = /^## (.+)$/m.exec(piece)?.[1]?.trim();
      const text =
        index === 0 ? piece : `# ${title}: ${heading ?? ''}\n\n${piece.replace(/^## .+\n/, '')}`;
      await writeFile(path.join(dir, `part-${index}.md`), text);
      count += 1;
    }
  }
  return count;
}

export function benchDir(name: string): string {
  return path.join(tmpdir(), `casebot-bench-${name}`);
}

/** Small deterministic PRNG so every run asks the same questions. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

const FILLERS = ['how do I', 'how to', 'what about', 'help with', 'question about', 'why'];
const GENERIC =
  /^(install|installation|usage|license|api|example|examples|options|contributing|changelog|test|tests|credits|author|authors|features|methods|introduction|getting started|notes|todo|faq|support|security|related|see also|returns|parameters|arguments|properties|events|browser|node|license mit)$/i;

const COMMON = new Set(
  'this that with from have will your they them then than when what which there their these those into only also more some such been were being about would could should other after before where while each just like used uses using does make made'.split(
    ' ',
  ),
);

function typo(word: string, next: () => number): string {
  if (word.length < 6) return word;
  const i = 1 + Math.floor(next() * (word.length - 3));
  return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
}

function withTypo(question: string, next: () => number): string {
  const words = question.split(' ');
  const longest = words.reduce(
    (best, word, i) => (word.length > (words[best]?.length ?? 0) ? i : best),
    0,
  );
  words[longest] = typo(words[longest] ?? '', next);
  return words.join(' ');
}

/**
 * Questions from distinctive sub-headings (unique in the corpus) and from body sentences, each
 * expecting the article it came from. A quarter carry a swapped-letter typo.
 */
export function generateQuestions(
  articles: Article[],
  count: number,
  seed = 42,
): LabelledQuestion[] {
  const next = random(seed);
  const headingCount = new Map<string, number>();
  for (const article of articles) {
    for (const s of article.sections) {
      const key = (s.heading ?? '').toLowerCase();
      headingCount.set(key, (headingCount.get(key) ?? 0) + 1);
    }
  }
  const questions: LabelledQuestion[] = [];
  const pool = articles.filter((a) => a.sections.some((s) => s.text.length > 200));
  for (let attempts = 0; questions.length < count && attempts < count * 20; attempts++) {
    const article = pool[Math.floor(next() * pool.length)];
    if (!article) break;
    const section = article.sections[Math.floor(next() * article.sections.length)];
    if (!section) continue;
    let question: string | null = null;
    const heading = section.heading?.replace(/[`*_#[\]()]/g, '').trim() ?? '';
    const words = heading.split(/\s+/).filter((w) => /\p{L}{3,}/u.test(w));
    if (
      next() < 0.5 &&
      section.depth >= 2 &&
      words.length >= 2 &&
      words.length <= 8 &&
      !GENERIC.test(heading) &&
      headingCount.get(heading.toLowerCase()) === 1
    ) {
      question = `${FILLERS[Math.floor(next() * FILLERS.length)]} ${heading.toLowerCase()}`;
    } else {
      const sentences = section.text
        .split(/(?<=[.!?])\s+/)
        .filter((s) => s.split(/\s+/).length >= 8 && s.length < 300 && !/[{}<>=;]/.test(s));
      const sentence = sentences[Math.floor(next() * sentences.length)];
      if (!sentence) continue;
      const tokens = sentence.split(/\s+/);
      const start = Math.floor(next() * Math.max(1, tokens.length - 8));
      question = tokens
        .slice(start, start + 6 + Math.floor(next() * 4))
        .join(' ')
        .replace(/[`*_[\]()]/g, '');
      // A customer's question names things: skip fragments made of little words ("this, so if both").
      if (
        question.split(/\s+/).filter((w) => /^\p{L}{4,}$/u.test(w) && !COMMON.has(w.toLowerCase()))
          .length < 3
      )
        continue;
    }
    if (next() < 0.25) question = withTypo(question, next);
    questions.push({ question, expected: article.id });
  }
  return questions;
}

export async function saveJson(file: string, data: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(data, null, 2));
}
