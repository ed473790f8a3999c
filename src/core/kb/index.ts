// Public entry of the knowledge base: open a folder of Markdown articles and search it.
import path from 'node:path';
import type { Logger } from '../ports/platform.js';
import { DEFAULT_SETTINGS } from './index/search.js';
import { FolderKnowledgeBase } from './knowledge-base.js';
import { warmEverydayWords } from './text/everyday-words.js';
import type { KnowledgeBase, OpenKnowledgeBaseOptions } from './types.js';
import { watchKb } from './watch.js';

export type {
  HitExplanation,
  Article,
  ArticleLink,
  Audience,
  KbChangeProblem,
  KbProblem,
  KbProblemKind,
  KbRefreshReport,
  KbStats,
  KnowledgeBase,
  OpenKnowledgeBaseOptions,
  SearchHit,
  SearchOptions,
  SearchResponse,
  Section,
} from './types.js';
export type { LearnedEvidence } from './learned/learned-phrasings.js';

export const DEFAULT_CACHE_DIR = '.casebot-cache';
export const DEFAULT_THRESHOLD = DEFAULT_SETTINGS.threshold;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export async function openKnowledgeBase(options: OpenKnowledgeBaseOptions): Promise<KnowledgeBase> {
  const root = path.resolve(options.dir);
  const cacheDir =
    options.cacheDir === null ? null : path.resolve(options.cacheDir ?? DEFAULT_CACHE_DIR);
  const logger = options.logger ?? silent;
  const kb = new FolderKnowledgeBase(
    root,
    cacheDir,
    {
      ...DEFAULT_SETTINGS,
      baseUrl: options.baseUrl ?? null,
      threshold: options.threshold ?? DEFAULT_SETTINGS.threshold,
    },
    logger,
    options.onRefresh,
  );
  await kb.load();
  // Loaded now rather than by the first customer's question (about 80 ms).
  warmEverydayWords();
  if (options.watch) kb.onClose(await watchKb(root, (rels) => kb.refresh(rels), logger));
  return kb;
}
