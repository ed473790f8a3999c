// A broken edit of a live article: customers keep getting its last good version, and the problem
// (file and line) is reported by the re-index, by problems() and after a restart. Driven through
// refresh() directly, as the watcher calls it, so nothing waits on file-system events.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderKnowledgeBase } from '../../src/core/kb/knowledge-base.js';
import { DEFAULT_SETTINGS } from '../../src/core/kb/index/search.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { BASIC_KB, tempCopy } from './helpers.js';

const ARTICLE = 'guides/severity-levels.md';
const BROKEN = '---\ntitle: Severity levels\naudience: everyone\n---\n\n# Severity levels\n';

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
  cleanups = [];
});

async function setup() {
  const { dir, cleanup } = await tempCopy(BASIC_KB);
  cleanups.push(cleanup);
  const kbDir = path.join(dir, 'kb');
  const cacheDir = path.join(dir, 'cache');
  const open = async () => {
    const logger = createMemoryLogger();
    const kb = new FolderKnowledgeBase(kbDir, cacheDir, DEFAULT_SETTINGS, logger);
    await kb.load();
    return { kb, logger };
  };
  return { kbDir, open };
}

const ids = (kb: FolderKnowledgeBase, question: string) =>
  kb.search(question).results.map((hit) => hit.id);

describe('a broken edit of a live article', () => {
  it('keeps serving the last good version and reports the file and line', async () => {
    const { kbDir, open } = await setup();
    const { kb, logger } = await open();
    const good = kb.article('guides/severity-levels');
    expect(good).toBeDefined();
    expect(ids(kb, 'how do I choose a severity level')).toContain('guides/severity-levels');

    await writeFile(path.join(kbDir, ARTICLE), BROKEN);
    const report = await kb.refresh([ARTICLE]);

    expect(kb.article('guides/severity-levels')).toBe(good);
    expect(ids(kb, 'how do I choose a severity level')).toContain('guides/severity-levels');
    expect(report.problems).toEqual([
      expect.objectContaining({
        file: ARTICLE,
        line: 3,
        kind: 'invalid-field',
        servingLastGood: true,
      }),
    ]);
    expect(kb.problems()).toEqual([
      expect.objectContaining({
        file: ARTICLE,
        line: 3,
        message: expect.stringMatching(/last good version is still served/),
      }),
    ]);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ file: ARTICLE, line: 3 }),
      }),
    );

    // Fixed: the new version replaces the old one and the problem is gone.
    const fixed = (await readFile(path.join(BASIC_KB, ARTICLE), 'utf8')).replace(
      /\n# [^\n]*/,
      '\n# Severity levels\n\nQuarantined shards are a severity 2 matter.',
    );
    await writeFile(path.join(kbDir, ARTICLE), fixed);
    const after = await kb.refresh([ARTICLE]);
    expect(after.problems).toEqual([]);
    expect(kb.problems()).toEqual([]);
    expect(ids(kb, 'quarantined shards')[0]).toBe('guides/severity-levels');
  });

  it('still serves the last good version after a restart, and still says why', async () => {
    const { kbDir, open } = await setup();
    const first = await open();
    await writeFile(path.join(kbDir, ARTICLE), BROKEN);
    await first.kb.refresh([ARTICLE]);

    // From the cache written before the edit (the broken file is parsed again), then from the
    // cache that start wrote (nothing is parsed).
    for (const fromCache of [false, true]) {
      const restarted = await open();
      expect(restarted.kb.stats().fromCache).toBe(fromCache);
      expect(restarted.kb.article('guides/severity-levels')).toBeDefined();
      expect(restarted.kb.problems()).toEqual([
        expect.objectContaining({ file: ARTICLE, line: 3, kind: 'invalid-field' }),
      ]);
    }
  });

  it('reports a new file that is broken as not indexed', async () => {
    const { kbDir, open } = await setup();
    const { kb } = await open();
    await writeFile(path.join(kbDir, 'guides/new.md'), BROKEN);
    const report = await kb.refresh(['guides/new.md']);
    expect(report.problems).toEqual([
      expect.objectContaining({ file: 'guides/new.md', line: 3, servingLastGood: false }),
    ]);
    expect(kb.article('guides/new')).toBeUndefined();
  });
});
