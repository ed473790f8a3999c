import { appendFile, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import type { Logger } from '../../src/core/ports/platform.js';
import { BASIC_KB, eventually, tempCopy } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ kbDir: string; cacheDir: string }> {
  const copy = await tempCopy(BASIC_KB);
  cleanups.push(copy.cleanup);
  return { kbDir: path.join(copy.dir, 'kb'), cacheDir: path.join(copy.dir, 'cache') };
}

function recordingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const ignore = (): void => {};
  return {
    logger: {
      debug: ignore,
      info: ignore,
      error: ignore,
      warn: (message) => warnings.push(message),
    },
    warnings,
  };
}

async function open(options: Parameters<typeof openKnowledgeBase>[0]): Promise<KnowledgeBase> {
  const kb = await openKnowledgeBase(options);
  cleanups.push(() => kb.close());
  return kb;
}

describe('index cache', () => {
  it('reloads an unchanged KB from the cache instead of re-indexing', async () => {
    const { kbDir, cacheDir } = await setup();
    const first = await open({ dir: kbDir, cacheDir });
    expect(first.stats().fromCache).toBe(false);
    expect(await readdir(cacheDir)).toHaveLength(1);
    const second = await open({ dir: kbDir, cacheDir });
    expect(second.stats()).toMatchObject({ fromCache: true, articles: first.stats().articles });
    expect(second.stats().indexBytes).toBe(first.stats().indexBytes);
    for (const question of ['sevrity levles', 'ECONNRESET', 'sévérité', 'raise a ticket']) {
      expect(second.search(question)).toEqual(first.search(question));
    }
    expect(second.problems()).toEqual(first.problems());
    expect(second.article('errors/econnreset')).toEqual(first.article('errors/econnreset'));
  });

  it('re-indexes when a file changes, and keeps one cache file per KB', async () => {
    const { kbDir, cacheDir } = await setup();
    const before = await open({ dir: kbDir, cacheDir });
    await appendFile(path.join(kbDir, 'guides/dashboards.md'), '\nHeatmaps render slowly too.\n');
    const changed = await open({ dir: kbDir, cacheDir });
    expect(changed.stats()).toMatchObject({ fromCache: false, parsedFiles: 1 });
    expect(changed.search('heatmaps').results[0]?.id).toBe('guides/dashboards');
    // Unchanged files come back from the stale cache as they were; the search still finds them.
    expect(changed.article('errors/econnreset')).toEqual(before.article('errors/econnreset'));
    // Corpus statistics moved (one article grew), so scores may too; the answers stay.
    const answers = (kb: KnowledgeBase) =>
      kb.search('sevrity levles').results.map((hit) => [hit.id, hit.section]);
    expect(answers(changed)).toEqual(answers(before));
    const third = await open({ dir: kbDir, cacheDir });
    expect(third.stats().fromCache).toBe(true);
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  it('still loads from the cache when a file is only touched', async () => {
    const { kbDir, cacheDir } = await setup();
    const first = await open({ dir: kbDir, cacheDir });
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(kbDir, 'guides/upgrading.md'), later, later);
    const touched = await open({ dir: kbDir, cacheDir });
    expect(touched.stats().fromCache).toBe(true);
    expect(touched.search('install v8.11')).toEqual(first.search('install v8.11'));
    const again = await open({ dir: kbDir, cacheDir });
    expect(again.stats().fromCache).toBe(true);
  });

  it('after an analyser upgrade, re-analyses the cached articles without parsing them again', async () => {
    const { kbDir, cacheDir } = await setup();
    const first = await open({ dir: kbDir, cacheDir });
    expect(first.stats().parsedFiles).toBe(11);
    const [file] = await readdir(cacheDir);
    const cachePath = path.join(cacheDir, file!);
    // As if the cache came from an older analyser (ENGINE_VERSION bumped), same parser.
    const data = JSON.parse(await readFile(cachePath, 'utf8')) as Record<string, unknown>;
    await writeFile(
      cachePath,
      JSON.stringify({ ...data, engine: 'an-older-analyser', key: 'stale' }),
    );
    const upgraded = await open({ dir: kbDir, cacheDir });
    expect(upgraded.stats()).toMatchObject({ fromCache: false, parsedFiles: 0, articles: 11 });
    for (const question of ['sevrity levles', 'ECONNRESET', 'sévérité']) {
      expect(upgraded.search(question)).toEqual(first.search(question));
    }
    // A parser change, though, parses everything again.
    await writeFile(
      cachePath,
      JSON.stringify({ ...data, engine: 'x', parser: 'an-older-parser', key: 'stale' }),
    );
    expect((await open({ dir: kbDir, cacheDir })).stats().parsedFiles).toBe(11);
  });

  it('rebuilds, with a log line, when the cache file is corrupt', async () => {
    const { kbDir, cacheDir } = await setup();
    const first = await open({ dir: kbDir, cacheDir });
    const [file] = await readdir(cacheDir);
    await writeFile(path.join(cacheDir, file!), '{ not json');
    const { logger, warnings } = recordingLogger();
    const rebuilt = await open({ dir: kbDir, cacheDir, logger });
    expect(rebuilt.stats()).toMatchObject({ fromCache: false, articles: 11 });
    expect(warnings).toEqual([expect.stringContaining('corrupt')]);
    expect(rebuilt.search('sevrity levles')).toEqual(first.search('sevrity levles'));
    // The rebuilt index was written back: the next start is from the cache, silently.
    const quiet = recordingLogger();
    expect((await open({ dir: kbDir, cacheDir, logger: quiet.logger })).stats().fromCache).toBe(
      true,
    );
    expect(quiet.warnings).toEqual([]);
  });

  it('ignores, with a log line, a cache whose content is valid JSON of the wrong shape', async () => {
    const { kbDir, cacheDir } = await setup();
    const first = await open({ dir: kbDir, cacheDir });
    const [file] = await readdir(cacheDir);
    const cachePath = path.join(cacheDir, file!);
    const data = JSON.parse(await readFile(cachePath, 'utf8')) as { articles: unknown[] };
    // Same key, so it would be served, but an article lost its sections (a damaged copy).
    const damaged = data.articles.map((a, i) =>
      i === 0 ? { ...(a as object), article: { title: 'x' } } : a,
    );
    await writeFile(cachePath, JSON.stringify({ ...data, articles: damaged }));
    const { logger, warnings } = recordingLogger();
    const rebuilt = await open({ dir: kbDir, cacheDir, logger });
    expect(rebuilt.stats()).toMatchObject({ fromCache: false, articles: 11, parsedFiles: 11 });
    expect(warnings).toEqual([expect.stringContaining('shape')]);
    expect(rebuilt.search('ECONNRESET')).toEqual(first.search('ECONNRESET'));
  });

  it('rebuilds, with a log line, when the saved index cannot be imported', async () => {
    const { kbDir, cacheDir } = await setup();
    const first = await open({ dir: kbDir, cacheDir });
    const [file] = await readdir(cacheDir);
    const cachePath = path.join(cacheDir, file!);
    const data = JSON.parse(await readFile(cachePath, 'utf8')) as { flex: Array<[string, string]> };
    await writeFile(
      cachePath,
      JSON.stringify({ ...data, flex: data.flex.map(([k]) => [k, '{"broken": [']) }),
    );
    const { logger, warnings } = recordingLogger();
    const rebuilt = await open({ dir: kbDir, cacheDir, logger });
    expect(rebuilt.stats()).toMatchObject({ fromCache: false, articles: 11 });
    expect(warnings).toEqual([expect.stringContaining('could not be restored')]);
    expect(rebuilt.search('raise a ticket')).toEqual(first.search('raise a ticket'));
  });

  it('never serves a stale article when an edit keeps the size and the modification time', async () => {
    const { kbDir, cacheDir } = await setup();
    const file = path.join(kbDir, 'guides/dashboards.md');
    // A whole second, so that setting it back below gives a bit-identical mtime.
    const time = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await utimes(file, time, time);
    await open({ dir: kbDir, cacheDir });
    const text = await readFile(file, 'utf8');
    // Same length, same mtime: only the bytes tell (a copy that keeps times, a fast second save).
    const edited = text.replace(/dashboard/i, (word) => 'zqxwvb'.padEnd(word.length, 'k'));
    expect(edited.length).toBe(text.length);
    await writeFile(file, edited);
    await utimes(file, time, time);
    expect((await stat(file)).mtimeMs).toBe(time.getTime());
    const reopened = await open({ dir: kbDir, cacheDir });
    expect(reopened.stats()).toMatchObject({ fromCache: false, parsedFiles: 1 });
    expect(reopened.search('zqxwvbkkks', { audience: 'staff' }).results[0]?.id).toBe(
      'guides/dashboards',
    );
  });

  it('keeps duplicate-id problems across a cache reload', async () => {
    const { kbDir, cacheDir } = await setup();
    await writeFile(
      path.join(kbDir, 'zz-copy.md'),
      '---\nid: community-forum\ntitle: Copy\n---\n\nText.\n',
    );
    const first = await open({ dir: kbDir, cacheDir });
    const second = await open({ dir: kbDir, cacheDir });
    expect(second.stats().fromCache).toBe(true);
    expect(second.problems()).toEqual(first.problems());
    expect(second.problems()).toEqual([
      expect.objectContaining({ file: 'zz-copy.md', kind: 'duplicate-id' }),
    ]);
  });
});

describe('watch mode', () => {
  it('picks up changed, added and deleted files without a restart', async () => {
    const { kbDir, cacheDir } = await setup();
    const kb = await open({ dir: kbDir, cacheDir, watch: true });
    const ids = (question: string) =>
      kb.search(question, { audience: 'staff' }).results.map((r) => r.id);
    expect(ids('heatmaps')).toEqual([]);

    await appendFile(
      path.join(kbDir, 'guides/dashboards.md'),
      '\n## Heatmaps\n\nHeatmaps render slowly.\n',
    );
    expect(await eventually(() => ids('heatmaps')[0] === 'guides/dashboards')).toBe(true);
    expect(kb.search('heatmaps').results[0]?.section).toBe('Heatmaps');

    await writeFile(
      path.join(kbDir, 'guides/new-article.md'),
      '# Quarantined shards\n\nShards go into quarantine.\n',
    );
    expect(await eventually(() => ids('quarantined shards')[0] === 'guides/new-article')).toBe(
      true,
    );

    await rm(path.join(kbDir, 'guides/phone-callbacks.md'));
    expect(await eventually(() => kb.article('guides/phone-callbacks') === undefined)).toBe(true);
    expect(ids('scheduled phone callback')).not.toContain('guides/phone-callbacks');

    await writeFile(path.join(kbDir, 'guides/severity-levels.md'), '---\ntitle: [broken\n---\n');
    expect(
      await eventually(() => kb.problems().some((p) => p.file === 'guides/severity-levels.md')),
    ).toBe(true);
    // A broken edit of a live article keeps its last good version (see broken-edit.test.ts).
    expect(kb.article('guides/severity-levels')).toBeDefined();
    expect(kb.stats().articles).toBe(11);
  });

  it('works the same on an index restored from the cache', async () => {
    const { kbDir, cacheDir } = await setup();
    const first = await open({ dir: kbDir, cacheDir });
    const kb = await open({ dir: kbDir, cacheDir, watch: true });
    expect(kb.stats().fromCache).toBe(true);
    await appendFile(path.join(kbDir, 'guides/upgrading.md'), '\nCanary nodes first.\n');
    expect(
      await eventually(() => kb.search('canary nodes').results[0]?.id === 'guides/upgrading'),
    ).toBe(true);
    await rm(path.join(kbDir, 'errors/e404.md'));
    expect(await eventually(() => kb.article('errors/e404') === undefined)).toBe(true);
    expect(kb.search('why do I get E404').results.map((r) => r.id)).not.toContain('errors/e404');
    // Scores move with the corpus (idf), but the untouched article is still found first.
    expect(kb.search('ECONNRESET').results[0]?.id).toBe(first.search('ECONNRESET').results[0]?.id);
  });

  it('re-indexes only the changed article', async () => {
    const { kbDir, cacheDir } = await setup();
    const kb = await open({ dir: kbDir, cacheDir, watch: true });
    const untouched = kb.article('errors/econnreset');
    await appendFile(path.join(kbDir, 'guides/upgrading.md'), '\nCanary nodes first.\n');
    expect(
      await eventually(() => kb.search('canary nodes').results[0]?.id === 'guides/upgrading'),
    ).toBe(true);
    // Same object: the unchanged file was neither re-read nor re-analysed.
    expect(kb.article('errors/econnreset')).toBe(untouched);
  });
});
