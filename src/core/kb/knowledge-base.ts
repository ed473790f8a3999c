// The knowledge base as the app sees it: articles loaded from a folder, searchable, kept in sync
// with the disk, persisted between runs.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../ports.js';
import {
  cacheFile,
  cacheKey,
  engineId,
  parserId,
  readCache,
  writeCache,
  type CacheData,
  type CachedArticle,
} from './cache.js';
import { search, type SearchSettings } from './index/search.js';
import { CorpusStore } from './index/store.js';
import { articleTermText, type ArticleTermText } from './index/terms.js';
import {
  danglingLinks,
  hashFile,
  hashFiles,
  listMarkdownFiles,
  statStamp,
  parseKbFile,
  readKbFile,
  readKbFiles,
  resolveArticles,
  type KbFile,
  type ParseResult,
} from './load/loader.js';
import type {
  Article,
  KbProblem,
  KbStats,
  KnowledgeBase,
  SearchOptions,
  SearchResponse,
} from './types.js';

export class FolderKnowledgeBase implements KnowledgeBase {
  private readonly store = new CorpusStore();
  private results = new Map<string, ParseResult>();
  private parseProblems: KbProblem[] = [];
  private linkProblems: KbProblem[] | null = null;
  private readonly info: KbStats = {
    articles: 0,
    sections: 0,
    languages: {},
    indexBytes: 0,
    buildMs: 0,
    fromCache: false,
    parsedFiles: 0,
  };
  private closers: Array<() => Promise<void>> = [];
  /** Content hash per file (KB-relative path), stored with each cached article. */
  private readonly hashes = new Map<string, string>();
  private stamp = '';

  constructor(
    readonly root: string,
    private readonly cacheDir: string | null,
    private readonly settings: SearchSettings,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads from the cache when it matches the files on disk. Otherwise parses the files, reusing the
   * cached parse of every file whose content did not change, and indexes them.
   */
  async load(): Promise<void> {
    const started = performance.now();
    const rels = await listMarkdownFiles(this.root);
    const file = this.cacheDir ? cacheFile(this.cacheDir, this.root) : null;
    const [cached, stamp] = await Promise.all([
      file ? readCache(file) : null,
      statStamp(this.root, rels),
    ]);
    this.stamp = stamp;
    const engine = engineId(this.root);
    let fromCache = cached?.engine === engine && cached.stamp === stamp;
    let key = fromCache ? (cached?.key ?? null) : null;
    if (!fromCache) {
      const files = await readKbFiles(this.root, rels);
      key = cacheKey(this.root, hashFiles(files));
      fromCache = cached?.key === key;
      if (!fromCache)
        this.build(
          files,
          cached?.parser === parserId(this.root) ? cached.articles : [],
          cached?.engine === engine,
        );
    }
    if (cached && fromCache) this.restore(cached);
    this.info.buildMs = Math.round(performance.now() - started);
    this.info.fromCache = fromCache;
    if (cached && fromCache)
      this.info.indexBytes = cached.flex.reduce((sum, [, data]) => sum + data.length, 0);
    // Also re-written when only mtimes changed, so the next start skips reading the files again.
    if (!fromCache || cached?.stamp !== stamp) await this.persist(key);
  }

  /**
   * Parses the files, reusing the cached parse of each file whose content is unchanged, and its
   * analysed terms too when the engine that made them is this one.
   */
  private build(files: KbFile[], reusable: CachedArticle[], sameEngine: boolean): void {
    const previous = new Map(reusable.map((a) => [a.rel, a]));
    const reusedTerms = new WeakMap<Article, ArticleTermText>();
    let parsed = 0;
    for (const kbFile of files) {
      const hash = hashFile(kbFile);
      this.hashes.set(kbFile.rel, hash);
      const before = previous.get(kbFile.rel);
      if (before?.hash === hash) {
        this.results.set(kbFile.rel, { rel: kbFile.rel, article: before.article });
        if (sameEngine) reusedTerms.set(before.article, before.terms);
      } else {
        this.results.set(kbFile.rel, parseKbFile(kbFile));
        parsed += 1;
      }
    }
    this.info.parsedFiles = parsed;
    this.sync(reusedTerms);
  }

  private restore(cached: CacheData): void {
    this.store.flex.import(cached.flex);
    for (const { rel, hash, article } of cached.articles) {
      this.results.set(rel, { rel, article });
      this.hashes.set(rel, hash);
    }
    this.store.restoreAll(cached.articles, cached.dictionary);
    for (const { rel, problem } of cached.problems) this.results.set(rel, { rel, problem });
    for (const duplicate of cached.duplicates) this.results.set(duplicate.rel, duplicate);
    this.parseProblems = resolveArticles(this.results.values()).problems;
    this.refreshStats();
  }

  /** Brings the index in line with the parse results: only changed articles are re-indexed. */
  private sync(reusedTerms?: WeakMap<Article, ArticleTermText>): number {
    const { articles, problems } = resolveArticles(this.results.values());
    const keep = new Set(articles.map((article) => article.id));
    let changed = 0;
    for (const entry of [...this.store.all()]) {
      if (!keep.has(entry.article.id)) changed += Number(this.store.remove(entry.article.id));
    }
    for (const article of articles) {
      if (this.store.get(article.id)?.article === article) continue;
      this.store.add(article, reusedTerms?.get(article) ?? articleTermText(article));
      changed += 1;
    }
    this.parseProblems = problems;
    this.linkProblems = null;
    this.refreshStats();
    return changed;
  }

  private refreshStats(): void {
    const languages: Record<string, number> = {};
    let sections = 0;
    for (const { article } of this.store.all()) {
      languages[article.lang] = (languages[article.lang] ?? 0) + 1;
      sections += article.sections.length;
    }
    Object.assign(this.info, { articles: this.store.size, sections, languages });
  }

  private async persist(key: string | null): Promise<void> {
    const flex = await this.store.flex.export();
    this.info.indexBytes = flex.reduce((sum, [, data]) => sum + data.length, 0);
    if (!this.cacheDir || !key) return;
    const rels = new Map(
      [...this.results.values()].flatMap((r) =>
        'article' in r ? [[r.article, r.rel] as const] : [],
      ),
    );
    const data: CacheData = {
      key,
      dictionary: [...this.store.knownTerms()],
      engine: engineId(this.root),
      parser: parserId(this.root),
      stamp: this.stamp,
      flex,
      articles: [...this.store.all()].map((entry) => ({
        rel: rels.get(entry.article) ?? `${entry.article.path}.md`,
        hash: this.hashes.get(rels.get(entry.article) ?? '') ?? '',
        article: entry.article,
        terms: entry.terms,
        firstId: entry.firstId,
        lengths: entry.lengths,
      })),
      problems: [...this.results.values()].flatMap((r) =>
        'problem' in r ? [{ rel: r.rel, problem: r.problem }] : [],
      ),
      duplicates: [...this.results.values()].flatMap((r) =>
        'article' in r && this.store.get(r.article.id)?.article !== r.article ? [r] : [],
      ),
    };
    try {
      await writeCache(cacheFile(this.cacheDir, this.root), data);
    } catch (error) {
      // A read-only cache folder costs a slower next start, nothing else.
      this.logger.warn('kb: cannot write the index cache', { error: (error as Error).message });
    }
  }

  /** Re-reads the given files (KB-relative paths) after a change on disk. */
  async refresh(rels: string[]): Promise<number> {
    const started = performance.now();
    for (const rel of rels) {
      const kbFile = await readKbFile(this.root, rel);
      this.hashes.set(rel, hashFile(kbFile));
      if (kbFile.readError?.includes('ENOENT')) this.results.delete(rel);
      else this.results.set(rel, parseKbFile(kbFile));
    }
    const changed = this.sync();
    this.logger.info('kb: re-indexed after a change on disk', {
      files: rels.length,
      changed,
      ms: Math.round(performance.now() - started),
    });
    if (changed) {
      const all = await listMarkdownFiles(this.root);
      this.stamp = await statStamp(this.root, all);
      await this.persist(cacheKey(this.root, hashFiles(await readKbFiles(this.root, all))));
    }
    return changed;
  }

  onClose(closer: () => Promise<void>): void {
    this.closers.push(closer);
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    return search(this.store, query, options, this.settings);
  }

  problems(): KbProblem[] {
    this.linkProblems ??= danglingLinks([...this.store.all()].map((entry) => entry.article));
    return [...this.parseProblems, ...this.linkProblems].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
    );
  }

  stats(): KbStats {
    return { ...this.info, languages: { ...this.info.languages } };
  }

  article(id: string): Article | undefined {
    return this.store.get(id)?.article;
  }

  products(): string[] {
    const names = new Set<string>();
    for (const { article } of this.store.all()) if (article.product) names.add(article.product);
    return [...names].sort();
  }

  async close(): Promise<void> {
    const closers = this.closers;
    this.closers = [];
    await Promise.all(closers.map((close) => close()));
  }
}
