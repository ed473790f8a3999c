// Anchor text: the words of other pages' links to an article find it, as a field of its own.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomingLinkWords } from '../../src/core/kb/index/anchors.js';
import { DEFAULT_SETTINGS } from '../../src/core/kb/index/search.js';
import { FolderKnowledgeBase } from '../../src/core/kb/knowledge-base.js';
import { parseKbFile } from '../../src/core/kb/load/loader.js';
import type { Article } from '../../src/core/kb/types.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { tempCopy } from './helpers.js';

const article = (title: string, body: string) => `# ${title}\n\n${body}\n`;

const LIFECYCLE = article(
  'Request lifecycle',
  'Each incoming request goes through the hooks in order.\n\n## Hooks\n\nThey run one after the other.',
);
const GUIDE = article(
  'Writing handlers',
  'Read about [the request pipeline](./lifecycle.md) first, then [each hook](./lifecycle.md#hooks). Then write handlers.',
);

function parsed(files: Record<string, string>): Article[] {
  return Object.entries(files).flatMap(([rel, raw]) => {
    const result = parseKbFile({ rel, file: `/kb/${rel}`, raw, readError: null });
    return 'article' in result ? [result.article] : [];
  });
}

describe('anchor text', () => {
  let kb: FolderKnowledgeBase;
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const copy = await tempCopy(null);
    cleanup = copy.cleanup;
    dir = path.join(copy.dir, 'kb');
    await mkdir(dir);
    await writeFile(path.join(dir, 'lifecycle.md'), LIFECYCLE);
    await writeFile(path.join(dir, 'guide.md'), GUIDE);
    kb = new FolderKnowledgeBase(
      dir,
      null,
      { ...DEFAULT_SETTINGS, threshold: 0 },
      createMemoryLogger(),
    );
    await kb.load();
  });

  afterAll(async () => {
    await kb.close();
    await cleanup();
  });

  it('finds a page by the words other pages link to it with, above the linking page', () => {
    const ids = kb.search('pipeline', { limit: 5 }).results.map((hit) => hit.id);
    expect(ids).toEqual(['lifecycle', 'guide']);
  });

  it('keeps links to a heading and links to the page itself out of the page', () => {
    const selfLink = article(
      'Index',
      'See [the contents](#index) and [the pipeline](./lifecycle.md).',
    );
    const words = incomingLinkWords(
      parsed({ 'lifecycle.md': LIFECYCLE, 'guide.md': GUIDE, 'index.md': selfLink }),
    );
    expect(words).toEqual(new Map([['lifecycle', 'the request pipeline\nthe pipeline']]));
  });

  it('forgets the words when the linking page drops its link', async () => {
    await writeFile(path.join(dir, 'guide.md'), article('Writing handlers', 'Write handlers.'));
    await kb.refresh(['guide.md']);
    expect(kb.search('pipeline', { limit: 5 }).results).toEqual([]);
  });
});
