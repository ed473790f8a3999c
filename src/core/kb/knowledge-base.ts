// The knowledge base as the app sees it: articles loaded from a folder, searchable, kept in sync
// with the disk, persisted between runs.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../ports/platform.js';
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
import { LearnedPhrasings } from './learned/learned-phrasings.js';
import { incomingLinkWords } from './index/anchors.js';
import { articleTermText, type ArticleTermText } from './index/terms.js';
import {
  articleFile,
  danglingLinks,
  hashFile,
  indexedArticle,
  hashFiles,
  listMarkdownFiles,
  parseKbFile,
  readKbFile,
  readKbFiles,
  resolveArticles,
  type KbFile,
  type ParseResult,
} from './load/loader.js';
import type {
  Article,
  KbChangeProblem,
  KbProblem,
  KbRefreshReport,
  KbStats,
  KnowledgeBase,
  SearchOptions,
  SearchResponse,
} from './types.js';

export class FolderKnowledgeBase implements KnowledgeBase {
  private store = new CorpusStore();
  /** Questions taught to articles; filled by the app from the store, searched with every question. */
  readonly learned = new LearnedPhrasings();
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
  /**
   * Files whose current version is broken while their last good version is still served (a bad
   * edit must not make a live article vanish), with the problem of the current version.
   */
  private readonly stale = new Map<string, KbProblem>();

  constructor(
    readonly root: string,
    private readonly cacheDir: string | null,
    private readonly settings: SearchSettings,
    private readonly logger: Logger,
    /** Told after each refresh (watch mode), e.g. to warn staff of a broken edit. */
    private readonly onRefresh?: (report: KbRefreshReport) => void | Promise<void>,
  ) {}

  /**
   * Loads from the cache when it was made from the same bytes by the same parser and engine.
   * Otherwise parses the files, reusing the cached parse of every file whose bytes did not change.
   * Files are always read and hashed: sizes and mtimes can stay the same across an edit (a copy
   * that keeps times, an edit within the clock's resolution), and a stale answer is worse than
   * the ~0.2 s that reading costs on 6,500 files.
   */
  async load(): Promise<void> {
    const started = performance.now();
    const rels = await listMarkdownFiles(this.root);
    const file = this.cacheDir ? cacheFile(this.cacheDir, this.root) : null;
    const warn = (message: string, fields: Record<string, unknown>): void =>
      this.logger.warn(message, fields);
    const [cached, files] = await Promise.all([
      file ? readCache(file, warn) : null,
      readKbFiles(this.root, rels),
    ]);
    const key = cacheKey(this.root, hashFiles(files));
    const fromCache = cached?.key === key && this.tryRestore(cached);
    if (!fromCache) {
      const reusable = cached?.parser === parserId(this.root) ? cached.articles : [];
      this.build(files, reusable, cached?.engine === engineId(this.root));
    }
    this.info.buildMs = Math.round(performance.now() - started);
    this.info.fromCache = fromCache;
    if (cached && fromCache)
      this.info.indexBytes = cached.flex.reduce((sum, [, data]) => sum + data.length, 0);
    else await this.persist(key);
  }

  /** Restores the cache; a cache that fails to import leaves a clean, empty index and a warning. */
  private tryRestore(cached: CacheData): boolean {
    try {
      this.restore(cached);
      return true;
    } catch (error) {
      this.logger.warn('kb: the index cache could not be restored; rebuilding', {
        error: (error as Error).message,
      });
      this.store = new CorpusStore();
      this.results.clear();
      this.hashes.clear();
      this.stale.clear();
      return false;
    }
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
        const lastGood = before ? { rel: kbFile.rel, article: before.article } : undefined;
        this.results.set(kbFile.rel, this.settle(parseKbFile(kbFile), lastGood));
        // A kept version keeps its own hash, so the broken file is parsed (and reported) again.
        if (before && this.stale.has(kbFile.rel)) this.hashes.set(kbFile.rel, before.hash);
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
    for (const { rel, problem } of cached.problems) {
      // A problem beside a cached article: a broken edit, the article being its last good version.
      if (this.results.has(rel)) this.stale.set(rel, problem);
      else this.results.set(rel, { rel, problem });
    }
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
    // An edit to one page changes the words its links give others: those are re-indexed too.
    const incoming = incomingLinkWords(articles);
    for (const article of articles) {
      const linkedAs = incoming.get(article.id) ?? '';
      const indexed = this.store.get(article.id);
      if (indexed?.article === article && indexed.terms.linkedAs === linkedAs) continue;
      const reused = reusedTerms?.get(article);
      this.store.add(
        article,
        reused?.linkedAs === linkedAs ? reused : articleTermText(article, linkedAs),
      );
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
        'article' in r
          ? [[r.article, r.rel] as const, [indexedArticle(r.article), r.rel] as const]
          : [],
      ),
    );
    const data: CacheData = {
      key,
      dictionary: [...this.store.knownTerms()],
      engine: engineId(this.root),
      parser: parserId(this.root),
      flex,
      articles: [...this.store.all()].map((entry) => ({
        rel: rels.get(entry.article) ?? articleFile(entry.article),
        hash: this.hashes.get(rels.get(entry.article) ?? '') ?? '',
        article: entry.article,
        terms: entry.terms,
        firstId: entry.firstId,
        lengths: entry.lengths,
      })),
      problems: [
        ...[...this.results.values()].flatMap((r) =>
          'problem' in r ? [{ rel: r.rel, problem: r.problem }] : [],
        ),
        ...[...this.stale].map(([rel, problem]) => ({ rel, problem })),
      ],
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

  /**
   * A broken version of a file that was a served article keeps the article (its last good
   * version) and records the problem; anything else is taken as parsed.
   */
  private settle(result: ParseResult, lastGood: ParseResult | undefined): ParseResult {
    if ('problem' in result && lastGood && 'article' in lastGood) {
      this.stale.set(result.rel, {
        ...result.problem,
        message: `${result.problem.message} (its last good version is still served)`,
      });
      return lastGood;
    }
    this.stale.delete(result.rel);
    return result;
  }

  /** Re-reads the given files (KB-relative paths) after a change on disk. */
  async refresh(rels: string[]): Promise<KbRefreshReport> {
    const started = performance.now();
    for (const rel of rels) {
      const kbFile = await readKbFile(this.root, rel);
      if (kbFile.readError?.includes('ENOENT')) {
        this.results.delete(rel);
        this.stale.delete(rel);
        this.hashes.set(rel, hashFile(kbFile));
        continue;
      }
      const result = this.settle(parseKbFile(kbFile), this.results.get(rel));
      if (!this.stale.has(rel)) this.hashes.set(rel, hashFile(kbFile));
      this.results.set(rel, result);
    }
    const changed = this.sync();
    const problems = this.changeProblems(rels);
    for (const problem of problems)
      this.logger.warn(
        problem.servingLastGood
          ? 'kb: a changed article is broken; its last good version is still served'
          : 'kb: a changed file is broken; it is not indexed',
        { file: problem.file, line: problem.line, kind: problem.kind, problem: problem.message },
      );
    this.logger.info('kb: re-indexed after a change on disk', {
      files: rels.length,
      changed,
      ms: Math.round(performance.now() - started),
    });
    if (changed) {
      const all = await listMarkdownFiles(this.root);
      await this.persist(cacheKey(this.root, hashFiles(await readKbFiles(this.root, all))));
    }
    const report = { files: rels, changed, problems };
    try {
      await this.onRefresh?.(report);
    } catch (error) {
      // The index is already up to date: a listener failing must not undo or hide that.
      this.logger.error('kb: could not report a re-index', { error: (error as Error).message });
    }
    return report;
  }

  /** Parse problems of the given files (not dangling links: those are other files' problems). */
  private changeProblems(rels: string[]): KbChangeProblem[] {
    const wanted = new Set(rels);
    const broken = this.parseProblems.filter((problem) => wanted.has(problem.file));
    return [
      ...[...this.stale.values()]
        .filter((problem) => wanted.has(problem.file))
        .map((problem) => ({ ...problem, servingLastGood: true })),
      ...broken.map((problem) => ({ ...problem, servingLastGood: false })),
    ];
  }

  onClose(closer: () => Promise<void>): void {
    this.closers.push(closer);
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    return search(this.store, query, options, this.settings, this.learned);
  }

  problems(): KbProblem[] {
    this.linkProblems ??= danglingLinks([...this.store.all()].map((entry) => entry.article));
    return [...this.parseProblems, ...this.stale.values(), ...this.linkProblems].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
    );
  }

  stats(): KbStats {
    return { ...this.info, languages: { ...this.info.languages } };
  }

  article(id: string): Article | undefined {
    return this.store.get(id)?.article;
  }

  articles(): Article[] {
    return [...this.store.all()]
      .map((entry) => entry.article)
      .sort((a, b) => a.path.localeCompare(b.path));
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
