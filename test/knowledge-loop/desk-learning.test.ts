// The knowledge loop through the Desk (real SQLite store, real KB; desk-fixture.ts): a customer's
// "solved" and an engineer's reply linking an article teach the question to the article, live and
// after a restart; staff removal undoes it; bad input records nothing.
import { describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../src/core/kb/index.js';
import { forgetPhrasing, teachArticle } from '../../src/core/knowledge-loop/teach.js';
import { startLearnedSync } from '../../src/app/learned-sync.js';
import {
  alertThreadOf,
  deskFixtureForEachTest,
  openThroughDesk,
  supportPlace,
} from '../core/desk-fixture.js';

const f = deskFixtureForEachTest();

const customerFirst = (question: string) =>
  f.kb.search(question, { audience: 'customer' }).results.map((hit) => hit.id);

describe('learning from a solved question', () => {
  it('teaches the suggestion the asker names (/solved 2), live', async () => {
    const asked = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'checkout ECONNRESET and the dashboards are slow since the upgrade',
    });
    expect(asked.articles.length).toBeGreaterThanOrEqual(2);
    const second = asked.articles[1]?.id ?? '';
    const similar = 'since the upgrade checkout ECONNRESET and slow dashboards';
    expect(customerFirst(similar)[0]).not.toBe(second);

    const done = await f.desk.markSolved(f.actor(f.world.alice), asked.deflectionId, 2);
    expect(done).toMatchObject({ tone: 'success' });
    const learned = await f.db.store.learned.list();
    expect(learned).toMatchObject([
      { articleId: second, source: 'solved', count: 1, question: asked.question },
    ]);
    expect(customerFirst(similar)[0]).toBe(second);
  });

  it('refuses a suggestion number that was not shown, and records nothing', async () => {
    const asked = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q2'),
      question: 'Dashboards are slow to load',
    });
    const refused = await f.desk.markSolved(f.actor(f.world.alice), asked.deflectionId, 7);
    expect(refused).toMatchObject({ tone: 'warning' });
    expect(refused.text).toMatch(/no suggestion 7/i);
    expect((await f.db.store.deflections.byId(asked.deflectionId))?.outcome).toBe('pending');
    expect(await f.db.store.learned.list()).toEqual([]);
  });

  it("does not learn from an engineer's own question", async () => {
    const asked = await f.desk.ask({
      actor: f.actor(f.world.sam),
      place: supportPlace('q3'),
      question: 'Dashboards are slow to load',
    });
    await f.desk.markSolved(f.actor(f.world.sam), asked.deflectionId);
    expect(await f.db.store.learned.list()).toEqual([]);
  });
});

describe('learning from an engineer who answers with a link', () => {
  it("teaches the linked article the case's question; notes and unknown links teach nothing", async () => {
    const reference = await openThroughDesk(f, f.world.alice, {
      title: 'Panels take forever to render on the overview board',
    });
    const thread = await alertThreadOf(f, reference);
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    await f.desk.message({
      actor: f.actor(f.world.sam),
      place: thread,
      text: '// see troubleshooting/slow-dashboards maybe',
    });
    await f.desk.message({
      actor: f.actor(f.world.sam),
      place: thread,
      text: 'Try https://docs.example.com/kb/nothing/here first',
    });
    expect(await f.db.store.learned.list()).toEqual([]);

    const reply = await f.desk.message({
      actor: f.actor(f.world.sam),
      place: thread,
      text: 'This should help: <kb://troubleshooting/slow-dashboards#slow-dashboards>.',
    });
    expect(reply?.text).toContain('now points to troubleshooting/slow-dashboards');
    expect(await f.db.store.learned.list()).toMatchObject([
      {
        articleId: 'troubleshooting/slow-dashboards',
        source: 'engineer',
        question: 'Panels take forever to render on the overview board',
      },
    ]);
    expect(customerFirst('panels take forever to render on the board')[0]).toBe(
      'troubleshooting/slow-dashboards',
    );
  });
});

describe('learned phrasings across a restart and a removal', () => {
  it('come back from the store when the KB opens, and a staff removal undoes them for good', async () => {
    const question = 'panels take forever to render on the overview board';
    const deps = { learned: f.db.store.learned, kb: f.kb, logger: f.logger };
    expect(customerFirst(question)).toEqual([]);
    await teachArticle(deps, {
      articleId: 'troubleshooting/slow-dashboards',
      question,
      source: 'solved',
      teacherId: f.world.alice.id,
      at: f.clock.now(),
    });

    // A restart: a new KB over the same folder, filled from the store.
    const reopened = await openKnowledgeBase({
      dir: f.kb.articles()[0]?.file.replace(/\/[^/]+\/[^/]+\.md$/, '') ?? '',
      cacheDir: null,
    });
    try {
      expect(reopened.search(question).results[0]?.id).not.toBe('troubleshooting/slow-dashboards');
      const sync = await startLearnedSync(f.db.store.learned, reopened, f.logger);
      sync.stop();
      expect(reopened.search(question).results[0]?.id).toBe('troubleshooting/slow-dashboards');
    } finally {
      await reopened.close();
    }

    const [phrasing] = await f.db.store.learned.list();
    const removed = await forgetPhrasing(deps, phrasing?.id ?? 0, f.world.sam.id, f.clock.now());
    expect(removed?.removedBy).toBe(f.world.sam.id);
    expect(customerFirst(question)).toEqual([]);
    // Taught again by someone else: the removal wins.
    expect(
      await teachArticle(deps, {
        articleId: 'troubleshooting/slow-dashboards',
        question,
        source: 'solved',
        teacherId: f.world.bob.id,
        at: f.clock.now(),
      }),
    ).toBe('removed');
    expect(customerFirst(question)).toEqual([]);
  });
});
