// Learned phrasings in the store, on a real SQLite file always and on PostgreSQL when
// TEST_POSTGRES_URL is set: one row per article and wording, counted per teacher, a staff removal
// wins over any later teaching.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

const T0 = new Date('2026-03-02T10:00:00Z');

describeOnEachProvider('learned phrasings', (provider) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(provider);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const teach = (question: string, teacherId: string | null, articleId = 'payments/refunds') =>
    db.store.learned.learn({
      articleId,
      question,
      lang: 'en',
      source: 'solved',
      teacherId,
      at: T0,
    });

  it('adds a wording once, counts other teachers, not the same one again', async () => {
    const added = await teach('  Where is my REFUND?? ', 'alice');
    expect(added.change).toBe('added');
    expect(added.phrasing).toMatchObject({
      articleId: 'payments/refunds',
      phrasing: 'where is my refund',
      question: 'Where is my REFUND??',
      count: 1,
      source: 'solved',
      removedAt: null,
    });
    expect((await teach('where is my refund', 'alice')).change).toBe('repeated');
    const counted = await teach('Where is my refund', 'bob');
    expect(counted).toMatchObject({
      change: 'counted',
      phrasing: { id: added.phrasing.id, count: 2 },
    });
    // The same wording for another article is another phrasing.
    expect((await teach('where is my refund', 'carol', 'shipping/delivery')).change).toBe('added');
    expect(
      (await db.store.learned.list({ articleId: 'payments/refunds' })).map((p) => p.count),
    ).toEqual([2]);
  });

  it('keeps a removed phrasing removed: listing skips it, teaching it again does nothing', async () => {
    const { phrasing } = await teach('refund still not on my card', 'alice');
    const removed = await db.store.learned.remove(phrasing.id, 'sam', T0);
    expect(removed?.removedAt?.toISOString()).toBe(T0.toISOString());
    expect(removed?.removedBy).toBe('sam');
    expect((await teach('Refund still not on my card', 'dave')).change).toBe('removed');
    const active = await db.store.learned.list();
    expect(active.map((p) => p.id)).not.toContain(phrasing.id);
    const all = await db.store.learned.list({ includeRemoved: true });
    expect(all.find((p) => p.id === phrasing.id)).toMatchObject({ count: 1, removedBy: 'sam' });
  });

  it('answers null for an unknown id and records nothing', async () => {
    const before = await db.store.learned.list({ includeRemoved: true });
    expect(await db.store.learned.remove(999_999, 'sam', T0)).toBeNull();
    expect(await db.store.learned.list({ includeRemoved: true })).toEqual(before);
  });
});
