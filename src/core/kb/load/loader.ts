// Reads a KB folder: every *.md (and a docs site's *.mdx) at any depth becomes an article, or a
// problem naming file and line.
// One bad file never stops the others from being indexed.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article, ArticleLink, KbProblem } from '../types.js';
import { FileProblem, parseFrontMatter } from './front-matter.js';
import { blankDocSiteSyntax } from './doc-site-syntax.js';
import { isMarkdownFile, MARKDOWN_EXTENSION, parseBody, resolveHref } from './markdown.js';

export interface KbFile {
  /** KB-relative path with forward slashes, including `.md` (or `.mdx`). */
  rel: string;
  file: string;
  raw: string | null;
  readError: string | null;
}

export type ParseResult =
  | {
      rel: string;
      article: Article;
      /** Line of a front-matter `id:`, for duplicate reports. */ idLine?: number;
    }
  | { rel: string; problem: KbProblem };

export async function listMarkdownFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  // Sibling folders are read in parallel: a deep KB has hundreds of them.
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const subdirs: Array<Promise<void>> = [];
    for (const entry of entries) {
      // Hidden folders (.git, .casebot-cache) are never knowledge.
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) subdirs.push(walk(full));
      else if (isMarkdownFile(entry.name)) found.push(full);
    }
    await Promise.all(subdirs);
  };
  await walk(root);
  return found.map((file) => path.relative(root, file).split(path.sep).join('/')).sort();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readKbFile(root: string, rel: string): Promise<KbFile> {
  const file = path.join(root, rel);
  try {
    const raw = utf8
      .decode(await readFile(file))
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n');
    return { rel, file, raw, readError: null };
  } catch (error) {
    const message = error instanceof TypeError ? 'not valid UTF-8 text' : (error as Error).message;
    return { rel, file, raw: null, readError: message };
  }
}

export async function readKbFiles(root: string, rels: string[]): Promise<KbFile[]> {
  const files: KbFile[] = [];
  // Bounded parallelism: fast on thousands of files without exhausting file handles.
  for (let i = 0; i < rels.length; i += 64) {
    files.push(...(await Promise.all(rels.slice(i, i + 64).map((rel) => readKbFile(root, rel)))));
  }
  return files;
}

export function hashFile(file: KbFile): string {
  return createHash('sha1')
    .update(file.raw ?? `!${file.readError}`)
    .digest('hex');
}

export function hashFiles(files: KbFile[]): string {
  const hash = createHash('sha1');
  for (const file of files) hash.update(`${file.rel}\0${file.raw ?? `!${file.readError}`}\0`);
  return hash.digest('hex');
}

export function parseKbFile(kbFile: KbFile): ParseResult {
  const { rel } = kbFile;
  if (kbFile.raw === null) {
    return {
      rel,
      problem: {
        file: rel,
        line: 1,
        kind: 'unreadable',
        message: `cannot read file: ${kbFile.readError}`,
      },
    };
  }
  try {
    const article = buildArticle(rel, kbFile.file, kbFile.raw);
    const idLine = kbFile.raw.split('\n').findIndex((line) => line.startsWith('id:')) + 1;
    return idLine > 0 ? { rel, article, idLine } : { rel, article };
  } catch (error) {
    if (error instanceof FileProblem) {
      return {
        rel,
        problem: { file: rel, line: error.line, kind: error.kind, message: error.message },
      };
    }
    throw error;
  }
}

function buildArticle(rel: string, file: string, raw: string): Article {
  const { frontMatter: fm, body, bodyLineOffset } = parseFrontMatter(raw);
  const mdx = rel.toLowerCase().endsWith('.mdx');
  const parsed = parseBody(blankDocSiteSyntax(body, mdx), bodyLineOffset);
  const title = fm.title ?? parsed.firstHeading;
  if (!title)
    throw new FileProblem(
      'missing-title',
      1,
      'no title: add `title:` to the front matter or a heading',
    );
  const articlePath = rel.replace(MARKDOWN_EXTENSION, '');
  const links = parsed.hrefs.flatMap(({ href, line, text }) => {
    const resolved = resolveHref(href, articlePath);
    return resolved ? [{ href, line, text, ...resolved }] : [];
  });
  const article: Article = {
    id: fm.id ?? articlePath,
    path: articlePath,
    file,
    title,
    description: fm.description,
    tags: fm.tags,
    aliases: fm.aliases,
    product: fm.product,
    component: fm.component,
    lang: fm.lang,
    audience: fm.audience,
    updated: fm.updated,
    extra: fm.extra,
    sections: parsed.sections,
    links,
  };
  return article;
}

/** The article's file relative to the KB root, with its own extension (`.md` or `.mdx`). */
export function articleFile(article: Article): string {
  return `${article.path}${path.extname(article.file) || '.md'}`;
}

// One copy per parsed article: a refresh that finds the file unchanged finds the same object, so
// the index does not take it for a new article.
const copiesUnderPath = new WeakMap<Article, Article>();

function underPath(article: Article): Article {
  let copy = copiesUnderPath.get(article);
  if (!copy) {
    copy = { ...article, id: article.path };
    copiesUnderPath.set(article, copy);
  }
  return copy;
}

/** The article as indexed: itself, or its copy under its path when its id was taken. */
export function indexedArticle(article: Article): Article {
  return copiesUnderPath.get(article) ?? article;
}

/**
 * Keeps the first article (by path) for each id. A later one with the same id is indexed under its
 * path when no article claims that (a docs site's ids are per folder: `guides/intro` and
 * `api/intro` may both say `id: intro`), else skipped; either way it is reported.
 */
export function resolveArticles(results: Iterable<ParseResult>): {
  articles: Article[];
  problems: KbProblem[];
} {
  const sorted = [...results].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const claimed = new Set(sorted.flatMap((r) => ('article' in r ? [r.article.id] : [])));
  const byId = new Map<string, Article>();
  const problems: KbProblem[] = [];
  for (const result of sorted) {
    if ('problem' in result) {
      problems.push(result.problem);
      continue;
    }
    const { article } = result;
    const first = byId.get(article.id);
    if (!first) {
      byId.set(article.id, article);
      continue;
    }
    const byPath = !claimed.has(article.path) && !byId.has(article.path);
    if (byPath) byId.set(article.path, underPath(article));
    problems.push({
      file: result.rel,
      line: result.idLine ?? 1,
      kind: 'duplicate-id',
      message: `duplicate id "${article.id}" (already used by ${articleFile(first)}): ${byPath ? `indexed under its path "${article.path}"` : 'article skipped'}`,
    });
  }
  return { articles: [...byId.values()], problems };
}

/** The article a link points at: by path, by id, or a folder's index or README. */
export function linkTarget(
  link: ArticleLink,
  byPath: ReadonlyMap<string, Article>,
  byId: ReadonlyMap<string, Article>,
): Article | undefined {
  if (link.target === null) return undefined;
  return (
    byPath.get(link.target) ??
    byId.get(link.target) ??
    byPath.get(`${link.target}/index`) ??
    byPath.get(`${link.target}/README`)
  );
}

/** Whether `article` has a heading with the anchor `anchor` (a link's `#part`). */
export function hasSection(article: Article, anchor: string): boolean {
  return article.sections.some((section) => section.anchor === anchor);
}

/** Internal links whose target article (or anchor) does not exist. */
export function danglingLinks(articles: Article[]): KbProblem[] {
  const byPath = new Map(articles.map((article) => [article.path, article]));
  const byId = new Map(articles.map((article) => [article.id, article]));
  const problems: KbProblem[] = [];
  for (const article of articles) {
    for (const link of article.links) {
      const target = linkTarget(link, byPath, byId);
      const anchorMissing = target && link.anchor && !hasSection(target, link.anchor);
      if (target && !anchorMissing) continue;
      problems.push({
        file: articleFile(article),
        line: link.line,
        kind: 'dangling-link',
        message: target
          ? `link "${link.href}" points to a heading that does not exist in ${articleFile(target)}`
          : `link "${link.href}" points to no article`,
      });
    }
  }
  return problems;
}
