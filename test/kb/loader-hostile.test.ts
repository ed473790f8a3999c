// Files that try to run code or break the parser: each is one article's problem, never the
// whole knowledge base's, and never code execution.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { tempCopy } from './helpers.js';

describe('hostile or malformed Markdown', () => {
  let kb: KnowledgeBase;
  let dir: string;
  let marker: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const copy = await tempCopy(null);
    cleanup = copy.cleanup;
    dir = path.join(copy.dir, 'kb');
    marker = path.join(copy.dir, 'executed');
    await mkdir(dir);
    const code = `{ title: (require("fs").writeFileSync(${JSON.stringify(marker)}, "x"), "Pwned") }`;
    await writeFile(path.join(dir, 'runs-code.md'), `---js\n${code}\n---\n\n# Pwned\n\nText.\n`);
    await writeFile(
      path.join(dir, 'bad-escape.md'),
      '---\ntitle: Quota limits\n---\n\n# Quota limits\n\nSee [this](foo%zz.md) about quota limits.\n',
    );
    await writeFile(
      path.join(dir, 'yaml-error.md'),
      '---\ntitle: a: b\n---\n\n# Broken\n\nSkipped.\n',
    );
    await writeFile(
      path.join(dir, 'fine.md'),
      '---\ntitle: Retention settings\n---\n\nRetention text.\n',
    );
    kb = await openKnowledgeBase({ dir, cacheDir: null });
  });
  afterAll(async () => {
    await kb.close();
    await cleanup();
  });

  it('never evaluates JavaScript front matter, and reports the file instead', () => {
    expect(existsSync(marker)).toBe(false);
    expect(kb.article('runs-code')).toBeUndefined();
    expect(kb.problems().filter((p) => p.file === 'runs-code.md')).toEqual([
      expect.objectContaining({
        kind: 'yaml',
        line: 1,
        message: expect.stringContaining('not allowed'),
      }),
    ]);
  });

  it('keeps indexing when a link has a malformed escape', () => {
    expect(kb.article('bad-escape')?.title).toBe('Quota limits');
    expect(kb.search('quota limits').results[0]?.id).toBe('bad-escape');
    expect(kb.article('fine')).toBeDefined();
  });

  it('reports a YAML error on the line where it is', () => {
    expect(kb.problems().filter((p) => p.file === 'yaml-error.md')).toEqual([
      expect.objectContaining({ kind: 'yaml', line: 2 }),
    ]);
  });
});
