// The persisted index: FlexSearch's export beside the parsed articles and their analysed terms,
// keyed by a hash of the engine's configuration and every file's content. A restart over an
// unchanged KB imports it instead of re-parsing and re-indexing.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FLEX_CONFIG } from './index/flex.js';
import type { ArticleTermText } from './index/terms.js';
import type { Article, KbProblem } from './types.js';

/** Bump when the analyser, the stored shapes or the index settings change. */
export const ENGINE_VERSION = 'casebot-kb-14';
/**
 * Bump when what a file parses into (Article: sections, text, links, front matter) changes. An
 * engine change alone re-analyses and re-indexes the cached articles without parsing them again:
 * remark is most of a first build (about 1 MB of Markdown a second).
 */
// 2: `draft: true` makes an article internal.
export const PARSER_VERSION = 'casebot-parse-2';

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
  /** Paths, sizes and mtimes of the files (see statStamp): a match skips reading them. */
  stamp: string;
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

export function cacheKey(root: string, contentHash: string): string {
  return createHash('sha1').update(engineId(root)).update(contentHash).digest('hex');
}

export function cacheFile(cacheDir: string, root: string): string {
  const name = createHash('sha1').update(root).digest('hex').slice(0, 16);
  return path.join(cacheDir, `kb-${name}.json`);
}

export async function readCache(file: string): Promise<CacheData | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CacheData;
  } catch {
    // No cache yet, or an unreadable one: either way the index is rebuilt.
    return null;
  }
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
