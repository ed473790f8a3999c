// Solved case → draft article (Desk flow over a real SQLite store; desk-fixture.ts): only the owner
// of a resolved case drafts; the file's front matter comes from the case; drafts are internal to
// the KB loader, never shown to customers; names are safe and never overwrite; a folder that
// cannot be written gets a clear message and no file.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { composeDraft } from '../../src/core/knowledge-loop/draft-article.js';
import { eventually } from '../kb/helpers.js';
import { alertThreadOf, deskFixtureForEachTest, openThroughDesk } from '../core/desk-fixture.js';

const f = deskFixtureForEachTest();
let kbDir: string;

beforeEach(async () => {
  kbDir = await mkdtemp(path.join(tmpdir(), 'casebot-drafts-'));
  f.ctx.options.draftsDir = path.join(kbDir, 'drafts');
});
afterEach(async () => {
  await rm(kbDir, { recursive: true, force: true });
});

async function resolvedCase(title = 'Checkout drops with ECONNRESET after the v8.11 upgrade') {
  const reference = await openThroughDesk(f, f.world.alice, {
    title,
    situation:
      'Since upgrading to v8.11 every third checkout fails with ECONNRESET.\nLogs attached.',
  });
  await f.desk.act(f.actor(f.world.sam), reference, 'claim');
  await f.desk.message({
    actor: f.actor(f.world.sam),
    place: await alertThreadOf(f, reference),
    text: '// Raised keepAliveTimeout to 75s on the load balancer; resets stopped.',
  });
  await f.desk.act(f.actor(f.world.sam), reference, 'resolve');
  return reference;
}

describe('drafting an article from a solved case', () => {
  it('writes an internal draft with the front matter of the case, which customers never see', async () => {
    const reference = await resolvedCase();
    const done = await f.desk.draftArticle(f.actor(f.world.sam), reference);
    expect(done).toMatchObject({ tone: 'success' });
    const files = await readdir(path.join(kbDir, 'drafts'));
    expect(files).toEqual(['checkout-drops-with-econnreset-after-the-v811-upgrade.md']);
    expect(done.text).toContain(files[0]);
    const text = await readFile(path.join(kbDir, 'drafts', files[0] ?? ''), 'utf8');
    expect(text).toContain('Raised keepAliveTimeout to 75s');
    expect(text).toContain('## Situation');

    const kb = await openKnowledgeBase({ dir: kbDir, cacheDir: null });
    try {
      const [article] = kb.articles();
      expect(article).toMatchObject({
        title: 'Checkout drops with ECONNRESET after the v8.11 upgrade',
        aliases: [
          'Checkout drops with ECONNRESET after the v8.11 upgrade',
          'Since upgrading to v8.11 every third checkout fails with ECONNRESET.',
        ],
        product: 'beacon',
        lang: 'en',
        audience: 'internal',
        extra: { draft: true, source: reference },
      });
      expect(kb.problems()).toEqual([]);
      const question = 'checkout ECONNRESET after upgrading to v8.11';
      expect(kb.search(question, { audience: 'customer' }).results).toEqual([]);
      expect(kb.search(question, { audience: 'staff' }).results[0]?.id).toBe(article?.id);
    } finally {
      await kb.close();
    }

    // A second draft of the same case never overwrites the first.
    await f.desk.draftArticle(f.actor(f.world.sam), reference);
    expect((await readdir(path.join(kbDir, 'drafts'))).sort()).toEqual([
      'checkout-drops-with-econnreset-after-the-v811-upgrade-2.md',
      'checkout-drops-with-econnreset-after-the-v811-upgrade.md',
    ]);
  });

  it('refuses a case that is not resolved, or not owned, and writes nothing', async () => {
    const open = await openThroughDesk(f, f.world.alice, { title: 'Still open' });
    await f.desk.act(f.actor(f.world.sam), open, 'claim');
    const notResolved = await f.desk.draftArticle(f.actor(f.world.sam), open);
    expect(notResolved).toMatchObject({ tone: 'warning' });
    expect(notResolved.text).toMatch(/once it is resolved/);

    const reference = await resolvedCase();
    const notOwner = await f.desk.draftArticle(f.actor(f.world.kim), reference);
    expect(notOwner.text).toMatch(/Only the engineer who owns/);
    const customer = await f.desk.draftArticle(f.actor(f.world.alice), reference);
    expect(customer.text).toMatch(/Only the engineer who owns/);
    const unknown = await f.desk.draftArticle(f.actor(f.world.sam), 'CASE-9999');
    expect(unknown).toMatchObject({ tone: 'warning' });
    await expect(readdir(path.join(kbDir, 'drafts'))).rejects.toThrow(/ENOENT/);
  });

  it('says clearly when the drafts folder cannot be written', async () => {
    const reference = await resolvedCase();
    const blocker = path.join(kbDir, 'not-a-folder');
    await writeFile(blocker, 'a file where the folder should be');
    f.ctx.options.draftsDir = path.join(blocker, 'drafts');
    const refused = await f.desk.draftArticle(f.actor(f.world.sam), reference);
    expect(refused).toMatchObject({ tone: 'warning' });
    expect(refused.text).toMatch(/drafts folder .*not-a-folder.* cannot be written/);
    expect(refused.text).toMatch(/KB_DRAFTS_DIR/);
  });
});

describe('draft file names', () => {
  it('are slugs of the title: no separators, no dot files, no traversal', () => {
    const base = { reference: 'CASE-1001', situation: 's', product: 'beacon', resolution: [] };
    expect(composeDraft({ ...base, title: '../../etc/passwd' }).fileStem).toBe('etcpasswd');
    expect(composeDraft({ ...base, title: '.hidden / \\ file' }).fileStem).toBe('hidden---file');
    expect(composeDraft({ ...base, title: '???' }).fileStem).toBe('case-1001');
    expect(composeDraft({ ...base, title: 'x'.repeat(300) }).fileStem).toHaveLength(60);
  });
});

describe('publishing a draft', () => {
  let kb: KnowledgeBase | undefined;
  afterEach(async () => {
    await kb?.close();
  });

  it('happens when its draft: true line is removed (the watcher picks it up)', async () => {
    const file = path.join(kbDir, 'drafts', 'pool-resets.md');
    const { markdown } = composeDraft({
      reference: 'CASE-1001',
      title: 'Pool resets after the upgrade',
      situation: 'Idle sockets are closed by the load balancer.',
      product: 'beacon',
      resolution: ['Raise keepAliveTimeout.'],
    });
    await rm(path.dirname(file), { recursive: true, force: true });
    await (await import('node:fs/promises')).mkdir(path.dirname(file), { recursive: true });
    // Even marked public, a draft stays hidden from customers.
    await writeFile(file, markdown.replace('audience: internal', 'audience: public'));
    kb = await openKnowledgeBase({ dir: kbDir, cacheDir: null, watch: true });
    const customerIds = () =>
      kb
        ?.search('pool resets after the upgrade', { audience: 'customer' })
        .results.map((h) => h.id);
    expect(kb.article('drafts/pool-resets')?.audience).toBe('internal');
    expect(customerIds()).toEqual([]);

    await writeFile(
      file,
      markdown.replace('audience: internal', 'audience: public').replace('draft: true\n', ''),
    );
    expect(await eventually(() => customerIds()?.[0] === 'drafts/pool-resets')).toBe(true);
    expect(kb.article('drafts/pool-resets')?.extra.draft).toBeUndefined();
  });
});
