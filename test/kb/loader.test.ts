import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { BASIC_KB, BROKEN_KB, tempCopy } from './helpers.js';

describe('loading a KB with broken files', () => {
  let kb: KnowledgeBase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const copy = await tempCopy(BROKEN_KB);
    cleanup = copy.cleanup;
    // A link to nowhere cannot be read; created here because git keeps no dangling symlinks well.
    await symlink(
      path.join(copy.dir, 'missing-target.md'),
      path.join(copy.dir, 'kb', 'dangling-symlink.md'),
    );
    kb = await openKnowledgeBase({ dir: path.join(copy.dir, 'kb'), cacheDir: null });
  });
  afterAll(async () => {
    await kb.close();
    await cleanup();
  });

  const problem = (file: string) => kb.problems().filter((p) => p.file === file);

  it('still indexes every good article', () => {
    // good-one, nested/deeper/good-two, dup-a (shared-id) and dup-b under its path.
    expect(kb.stats().articles).toBe(4);
    expect(kb.article('good-one')?.title).toBe('A good article about quotas');
    expect(kb.article('nested/deeper/good-two')).toBeDefined();
    expect(kb.search('retention settings').results[0]?.id).toBe('nested/deeper/good-two');
  });

  it('reports broken YAML with its file and line', () => {
    expect(problem('broken-yaml.md')).toEqual([
      expect.objectContaining({
        kind: 'yaml',
        line: 4,
        message: expect.stringContaining('broken YAML'),
      }),
    ]);
  });

  it('reports an article with no title and no heading', () => {
    expect(problem('no-title.md')).toEqual([
      expect.objectContaining({ kind: 'missing-title', line: 1 }),
    ]);
  });

  it('keeps the first of two articles with the same id and reports the second', () => {
    expect(kb.article('shared-id')?.title).toBe('First holder of the id');
    expect(kb.article('dup-b')?.title).toBe('Second holder of the id');
    expect(problem('dup-b.md')).toEqual([
      expect.objectContaining({
        kind: 'duplicate-id',
        line: 3,
        message: expect.stringMatching(/dup-a\.md.*indexed under its path "dup-b"/),
      }),
    ]);
  });

  it('reports bad field values on the line of the field', () => {
    expect(problem('bad-audience.md')).toEqual([
      expect.objectContaining({
        kind: 'invalid-field',
        line: 3,
        message: expect.stringContaining('audience'),
      }),
    ]);
    expect(problem('bad-lang.md')).toEqual([
      expect.objectContaining({ kind: 'invalid-field', line: 3 }),
    ]);
  });

  it('reports unreadable files: a dangling symlink and text that is not UTF-8', () => {
    expect(problem('dangling-symlink.md')).toEqual([
      expect.objectContaining({ kind: 'unreadable', line: 1 }),
    ]);
    expect(problem('not-utf8.md')).toEqual([
      expect.objectContaining({ kind: 'unreadable', message: expect.stringContaining('UTF-8') }),
    ]);
  });

  it('reports internal links to missing articles and missing headings', () => {
    const links = problem('good-one.md');
    expect(links.map((p) => p.kind)).toEqual(['dangling-link', 'dangling-link']);
    expect(links.map((p) => p.line)).toEqual([9, 9]);
    expect(links[0]?.message).toContain('nowhere/missing.md');
    expect(links[1]?.message).toContain('no-such-heading');
  });
});

describe('loading articles', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    kb = await openKnowledgeBase({ dir: BASIC_KB, cacheDir: null });
  });
  afterAll(() => kb.close());

  it('reads every Markdown file at any depth, ids from paths or front matter', () => {
    expect(kb.stats().articles).toBe(11);
    expect(kb.article('guides/open-a-case')?.path).toBe('guides/open-a-case');
    expect(kb.article('community-forum')?.path).toBe('guides/community-forum');
    expect(kb.article('guides/community-forum')).toBeUndefined();
  });

  it('validates front matter, applies defaults and keeps unknown fields', () => {
    const article = kb.article('errors/econnreset');
    expect(article).toMatchObject({
      product: 'beacon',
      component: 'agent',
      lang: 'en',
      audience: 'public',
      updated: '2026-10-01',
      tags: ['network', 'connection'],
      extra: { owner: 'network-team' },
    });
    expect(kb.article('fr/niveaux-de-severite')?.lang).toBe('fr');
    expect(kb.article('internal/escalation-runbook')?.audience).toBe('internal');
    expect(kb.stats().languages).toEqual({ en: 9, fr: 2 });
  });

  it('splits bodies into sections with slug anchors and keeps code apart', () => {
    const article = kb.article('errors/econnreset');
    expect(article?.sections.map((s) => [s.heading, s.anchor])).toEqual([
      ['Connections fail with ECONNRESET', 'connections-fail-with-econnreset'],
      ['Fix the idle timeout', 'fix-the-idle-timeout'],
    ]);
    expect(article?.sections[1]?.code).toContain('keepalive: 30s');
    expect(article?.sections[1]?.text).not.toContain('keepalive');
  });

  it('takes the title from the first heading when front matter has none', async () => {
    const broken = await openKnowledgeBase({ dir: BROKEN_KB, cacheDir: null });
    expect(broken.article('nested/deeper/good-two')?.title).toBe(
      'Good article two, title from its heading',
    );
    await broken.close();
  });

  it('resolves relative links to KB paths with their anchors', () => {
    expect(kb.article('guides/open-a-case')?.links).toEqual([
      expect.objectContaining({
        target: 'guides/severity-levels',
        anchor: 'choosing-a-severity',
        line: 16,
      }),
    ]);
    expect(kb.article('errors/e404')?.links[0]?.target).toBe('guides/upgrading');
    expect(kb.problems()).toEqual([]);
  });

  it('lists the products the articles name', () => {
    expect(kb.products()).toEqual(['beacon', 'lantern']);
  });
});
