// The delivery ledger (Slack redeliveries recognised across restarts and replicas) on a real
// SQLite file always, and on PostgreSQL when TEST_POSTGRES_URL is set.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

const LEASE_MS = 2 * 60_000;
const T0 = new Date('2026-03-02T10:00:00Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

/** Replicas sharing the database: SQLite serves one bot process (see claim-race.test.ts). */
const REPLICAS = { sqlite: 1, postgresql: 3 } as const;

describeOnEachProvider(
  'delivery ledger',
  (provider) => {
    let db: TestDb;
    let replicas: Store[] = [];
    beforeAll(async () => {
      db = await createTestDb(provider);
      replicas = [db.store];
      for (let index = 1; index < REPLICAS[provider]; index++)
        replicas.push(await db.openAnother());
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it('processes the first claim; a second one, and any after done, is a duplicate', async () => {
      const { deliveries } = db.store;
      expect(await deliveries.claim('slack:EvFIRST', T0, LEASE_MS)).toBe('process');
      // Still being processed (inside the lease): not processed twice.
      expect(await deliveries.claim('slack:EvFIRST', after(1_000), LEASE_MS)).toBe('duplicate');
      await deliveries.done('slack:EvFIRST', after(2_000));
      // Done: a duplicate even long after the lease.
      expect(await deliveries.claim('slack:EvFIRST', after(LEASE_MS), LEASE_MS)).toBe('duplicate');
      expect(await deliveries.claim('slack:EvFIRST', after(10 * LEASE_MS), LEASE_MS)).toBe(
        'duplicate',
      );
      // Another event is independent.
      expect(await deliveries.claim('slack:EvOTHER', after(1_000), LEASE_MS)).toBe('process');
    });

    it('hands a claim that was never done to a retry once the lease has run out', async () => {
      const { deliveries } = db.store;
      expect(await deliveries.claim('slack:EvCRASH', T0, LEASE_MS)).toBe('process');
      expect(await deliveries.claim('slack:EvCRASH', after(LEASE_MS - 1), LEASE_MS)).toBe(
        'duplicate',
      );
      expect(await deliveries.claim('slack:EvCRASH', after(LEASE_MS), LEASE_MS)).toBe('process');
      // The takeover is a fresh claim: its own lease starts now.
      expect(await deliveries.claim('slack:EvCRASH', after(LEASE_MS + 1_000), LEASE_MS)).toBe(
        'duplicate',
      );
      await deliveries.done('slack:EvCRASH', after(LEASE_MS + 2_000));
      expect(await deliveries.claim('slack:EvCRASH', after(5 * LEASE_MS), LEASE_MS)).toBe(
        'duplicate',
      );
    });

    it('lets exactly one of 20 racing claims take over a stale claim', async () => {
      const key = 'slack:EvSTALE';
      expect(await db.store.deliveries.claim(key, T0, LEASE_MS)).toBe('process');
      const retryAt = after(LEASE_MS + 5_000);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          replicas[index % replicas.length]!.deliveries.claim(key, retryAt, LEASE_MS),
        ),
      );
      expect(results.filter((result) => result === 'process')).toHaveLength(1);
      expect(results.filter((result) => result === 'duplicate')).toHaveLength(19);
    });

    it('lets exactly one of 20 racing first claims process a new event', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          replicas[index % replicas.length]!.deliveries.claim('slack:EvNEW', T0, LEASE_MS),
        ),
      );
      expect(results.filter((result) => result === 'process')).toHaveLength(1);
    });

    it('prunes only the rows claimed before the cut-off, done or not', async () => {
      const { deliveries } = db.store;
      const day = 24 * 60 * 60_000;
      const old = new Date('2026-02-01T00:00:00Z');
      const recent = new Date('2026-02-02T12:00:00Z');
      await deliveries.claim('slack:EvOLD-DONE', old, LEASE_MS);
      await deliveries.done('slack:EvOLD-DONE', old);
      await deliveries.claim('slack:EvOLD-UNDONE', old, LEASE_MS);
      await deliveries.claim('slack:EvRECENT', recent, LEASE_MS);
      const cutoff = new Date(recent.getTime() - day / 2);
      // Everything before this test was claimed in March: only the two February rows are older.
      expect(await deliveries.prune(cutoff)).toBe(2);
      expect(await deliveries.prune(cutoff)).toBe(0);
      // The recent row is still there (a duplicate); a pruned key is a new event again.
      expect(await deliveries.claim('slack:EvRECENT', recent, LEASE_MS)).toBe('duplicate');
      expect(await deliveries.claim('slack:EvOLD-DONE', recent, LEASE_MS)).toBe('process');
    });

    it('renews a claim still processed, so its lease runs from the renewal; never a claim taken over or done', async () => {
      const { deliveries } = db.store;
      const key = 'discord:interaction:RENEW';
      expect(await deliveries.claim(key, T0, LEASE_MS, '{}')).toBe('process');
      expect(await deliveries.renew(key, T0, after(LEASE_MS - 1_000))).toBe(true);
      // A lease after the first claim, the renewed claim is not stale: nobody takes it.
      expect(await deliveries.takeStale(after(LEASE_MS + 1_000), LEASE_MS, 10, 5)).toEqual([]);
      expect(await deliveries.claim(key, after(LEASE_MS + 1_000), LEASE_MS)).toBe('duplicate');
      // Unrenewed for a lease, it is taken over; the first process's next renewal then fails.
      const [taken] = await deliveries.takeStale(after(2 * LEASE_MS), LEASE_MS, 10, 5);
      expect(taken?.key).toBe(key);
      expect(await deliveries.renew(key, after(LEASE_MS - 1_000), after(2 * LEASE_MS))).toBe(false);
      // The taker renews its own claim until it is done; a done claim is not renewed.
      expect(await deliveries.renew(key, after(2 * LEASE_MS), after(2 * LEASE_MS + 1))).toBe(true);
      await deliveries.done(key, after(2 * LEASE_MS + 2));
      expect(await deliveries.renew(key, after(2 * LEASE_MS + 1), after(2 * LEASE_MS + 3))).toBe(
        false,
      );
      expect(await deliveries.renew('discord:interaction:NEVER', T0, after(1))).toBe(false);
    });

    it('marking an unknown or pruned event done is harmless', async () => {
      await expect(db.store.deliveries.done('slack:EvNEVER', T0)).resolves.toBeUndefined();
    });
  },
  'test/store',
);
