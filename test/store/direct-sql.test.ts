// The hot path's raw statements (store/direct-sql.ts): on SQLite they run on the driver adapter's
// own connection, not through Prisma. What they write must read back through Prisma unchanged
// (dates included), and inside a store transaction they must commit or roll back with it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

describeOnEachProvider(
  'raw statements on the hot path',
  (provider) => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(provider);
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    const question = (askedAt: Date, text: string) => ({
      askedAt,
      platform: 'slack' as const,
      askerId: null,
      orgId: null,
      question: text,
      articleIds: ['a/one', 'b/two'],
    });

    it('writes a deflection the query API reads back as written, to the millisecond', async () => {
      const askedAt = new Date('2026-12-04T13:45:07.123Z');
      const written = await db.store.deflections.record(
        question(askedAt, 'why is <b>it</b> slow?'),
      );
      const read = await db.store.deflections.byId(written.id);
      expect(read).toEqual(written);
      expect(read?.askedAt.toISOString()).toBe('2026-12-04T13:45:07.123Z');
      // A date filter over the written value compares as a date, not as text of another format.
      const abandoned = await db.store.deflections.abandonPending(
        {
          askedFrom: new Date('2026-12-04T13:45:07.000Z'),
          askedBefore: new Date('2026-12-04T13:45:07.200Z'),
        },
        new Date('2026-12-04T14:00:00Z'),
      );
      expect(abandoned).toBe(1);
    });

    it('takes an event once, and a claim written by the raw insert ages like any other', async () => {
      const ledger = db.store.deliveries;
      const now = new Date('2026-12-04T12:00:00Z');
      expect(await ledger.claim('evt-direct-1', now, 60_000)).toBe('process');
      expect(await ledger.claim('evt-direct-1', now, 60_000)).toBe('duplicate');
      // The lease ran out without `done`: the claim's stored time must compare as a date.
      expect(await ledger.claim('evt-direct-1', new Date('2026-12-04T12:01:01Z'), 60_000)).toBe(
        'process',
      );
      await ledger.done('evt-direct-1', new Date('2026-12-04T12:01:02Z'));
      expect(await ledger.claim('evt-direct-1', new Date('2026-12-04T13:00:00Z'), 60_000)).toBe(
        'duplicate',
      );
    });

    it('commits and rolls back with the store transaction it runs in', async () => {
      const askedAt = new Date('2026-12-04T15:00:00Z');
      const kept = await db.store.transaction((tx) =>
        tx.deflections.record(question(askedAt, 'kept')),
      );
      let rolledBack = '';
      await expect(
        db.store.transaction(async (tx) => {
          rolledBack = (await tx.deflections.record(question(askedAt, 'rolled back'))).id;
          throw new Error('the work after the write failed');
        }),
      ).rejects.toThrow('the work after the write failed');
      expect(await db.store.deflections.byId(kept.id)).not.toBeNull();
      expect(rolledBack).not.toBe('');
      expect(await db.store.deflections.byId(rolledBack)).toBeNull();
    });

    it('fails, rather than committing alone, when its transaction has already ended', async () => {
      let finished: Parameters<Parameters<typeof db.store.transaction>[0]>[0] | null = null;
      await db.store.transaction(async (tx) => {
        finished = tx;
      });
      const late = finished as unknown as typeof db.store;
      const askedAt = new Date('2026-12-04T16:00:00Z');
      await expect(late.deflections.record(question(askedAt, 'too late'))).rejects.toThrow();
      const pending = await db.store.deflections.abandonPending(
        { askedFrom: askedAt, askedBefore: new Date('2026-12-04T16:00:01Z') },
        new Date('2026-12-04T17:00:00Z'),
      );
      expect(pending).toBe(0);
    });

    it('creates a new customer whole or not at all', async () => {
      const { directory } = db.store;
      const made = await directory.ensurePerson({
        identity: { platform: 'discord', userId: 'D-direct-1' },
        displayName: 'Zed',
        orgId: null,
      });
      expect(await directory.personById(made.id)).toEqual(made);
      // Same handle again from another platform account: the fast path fails whole and the
      // general path finds what is there; never a person without its identity.
      const again = await directory.ensurePerson({
        identity: { platform: 'discord', userId: 'D-direct-1' },
        displayName: 'Zed',
        orgId: null,
      });
      expect(again.id).toBe(made.id);
    });
  },
  'test/store',
);
