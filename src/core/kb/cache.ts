// The persisted index: FlexSearch's export beside the parsed articles and their analysed terms,
// keyed by a hash of the engine's configuration, the parser's version and every file's bytes. A
// restart over an unchanged KB imports it instead of re-parsing and re-indexing. It is only ever
// a shortcut: a file that does not parse back into the expected shape is ignored (and logged).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FLEX_CONFIG } from './index/flex.js';
import type { ArticleTermText } from './index/terms.js';
import type { Article, KbProblem } from './types.js';

/** Bump when the analyser, the stored shapes or the index settings change. */
export const ENGINE_VERSION = 'casebot-kb-16';
/**
 * Bump when what a file parses into (Article: sections, text, links, front matter) changes. An
 * engine change alone re-analyses and re-indexes the cached articles without parsing them again:
 * remark is most of a first build (about 1 MB of Markdown a second).
 */
// 2: `draft: true` makes an article internal. 3: the one-pass scan (load/scan.ts) replaces remark.
// 4: admonition fences, template tags and MDX module lines are blanked (load/doc-site-syntax.ts);
// Markdown inside an HTML block is read as inline text. 5: links carry their words (`text`).
// 6: a link definition's destination or title may start on the next line (not read as text).
export const PARSER_VERSION = 'casebot-parse-6';

export interface CachedArticle {
  rel: string;
  /** Content hash of the file, so an article can be reused when only other files changed. */
  hash: string;
  article: Article;
  terms: ArticleTermText;
  firstId: number;
  /** Terms per scored field, so a restore need not count them. */
  lengths: number[];
}

export interface CacheData {
  key: string;
  /** Engine and settings the cache was made with: analysed terms are reused only under the same. */
  engine: string;
  /** Parser the articles were made with: they are reused (even under another engine) only under the same. */
  parser: string;
  articles: CachedArticle[];
  /** Parse problems (one per bad file), so watch mode can re-resolve duplicates later. */
  problems: Array<{ rel: string; problem: KbProblem }>;
  /** Articles skipped because an earlier file has their id (re-resolved after a change). */
  duplicates: Array<{ rel: string; article: Article; idLine?: number }>;
  flex: Array<[string, string]>;
  /** Every known term with its document frequency. */
  dictionary: Array<[string, number]>;
}

export function engineId(root: string): string {
  return createHash('sha1')
    .update(JSON.stringify({ ENGINE_VERSION, FLEX_CONFIG, root }))
    .digest('hex');
}

export function parserId(root: string): string {
  return createHash('sha1').update(JSON.stringify({ PARSER_VERSION, root })).digest('hex');
}

/** What a whole-index reuse requires: same engine, same parser, same bytes in every file. */
export function cacheKey(root: string, contentHash: string): string {
  return createHash('sha1')
    .update(engineId(root))
    .update(parserId(root))
    .update(contentHash)
    .digest('hex');
}

export function cacheFile(cacheDir: string, root: string): string {
  const name = createHash('sha1').update(root).digest('hex').slice(0, 16);
  return path.join(cacheDir, `kb-${name}.json`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPairList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => Array.isArray(item) && item.length === 2);

/** Enough of the shape to index from it without crashing; anything else rebuilds. */
function isCachedArticle(value: unknown): value is CachedArticle {
  if (!isObject(value) || !isObject(value.article) || !isObject(value.terms)) return false;
  const { article, terms } = value;
  return (
    typeof value.rel === 'string' &&
    typeof value.hash === 'string' &&
    typeof value.firstId === 'number' &&
    Array.isArray(value.lengths) &&
    typeof article.id === 'string' &&
    typeof article.path === 'string' &&
    typeof article.title === 'string' &&
    Array.isArray(article.sections) &&
    article.sections.every((s) => isObject(s) && typeof s.text === 'string') &&
    Array.isArray(article.links) &&
    Array.isArray(terms.sections)
  );
}

export function isCacheData(value: unknown): value is CacheData {
  return (
    isObject(value) &&
    typeof value.key === 'string' &&
    typeof value.engine === 'string' &&
    typeof value.parser === 'string' &&
    Array.isArray(value.articles) &&
    value.articles.every(isCachedArticle) &&
    Array.isArray(value.problems) &&
    Array.isArray(value.duplicates) &&
    isPairList(value.flex) &&
    isPairList(value.dictionary)
  );
}

/**
 * The cache, or null when there is none. An unreadable, truncated or foreign file is ignored with
 * a warning: the index is rebuilt from the Markdown, as on a first start.
 */
export async function readCache(
  file: string,
  warn: (message: string, fields: Record<string, unknown>) => void,
): Promise<CacheData | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      warn('kb: cannot read the index cache; rebuilding', {
        file,
        error: (error as Error).message,
      });
    return null;
  }
  try {
    const data: unknown = JSON.parse(text);
    if (isCacheData(data)) return data;
    warn('kb: the index cache is not in the expected shape; ignoring it and rebuilding', { file });
  } catch (error) {
    warn('kb: the index cache is corrupt; ignoring it and rebuilding', {
      file,
      error: (error as Error).message,
    });
  }
  return null;
}

export async function writeCache(file: string, data: CacheData): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const text = JSON.stringify(data);
  const temp = `${file}.${tempSuffix()}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
  return Buffer.byteLength(text);
}

// Unique enough to keep two casebot processes from writing the same temp file.
function tempSuffix(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
