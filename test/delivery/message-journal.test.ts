// The message journal on the real store, both providers: one sender per row (leases decided by
// the database), a sent row answers a replay with its result, stale rows are taken over once.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

import { at, journalRow as row, T0 } from './durable-helpers.js';

describeOnEachProvider(
  'message journal',
  (provider) => {
    let db: TestDb;
    beforeEach(async () => {
      db = await createTestDb(provider);
    });
    afterEach(async () => {
      await db.cleanup();
    });

    it('lets one holder send a key; a replay after the send gets the recorded result', async () => {
      const journal = db.store.journal;
      expect(await journal.begin(row('w#1'), 'A', T0, 60_000)).toEqual({ kind: 'send' });
      // The same key from another process while A's lease runs: busy, not a second send.
      expect(await journal.begin(row('w#1'), 'B', at(1_000), 60_000)).toEqual({ kind: 'busy' });
      await journal.sent('w#1', 'A', '{"ts":"1"}', at(2_000));
      expect(await journal.begin(row('w#1'), 'B', at(3_000), 60_000)).toEqual({
        kind: 'sent',
        result: '{"ts":"1"}',
      });
      expect((await journal.figures(at(3_000))).pending).toBe(0);
    });

    it('says when a begun row is taken over from a holder whose lease ran out', async () => {
      const journal = db.store.journal;
      await journal.begin(row('w#1'), 'dead', T0, 60_000);
      expect(await journal.begin(row('w#1'), 'B', at(61_000), 60_000)).toEqual({
        kind: 'resend',
        since: T0,
      });
    });

    it('hands a dead holder’s row to exactly one taker once its lease ran out', async () => {
      const journal = db.store.journal;
      await journal.begin(row('w#1'), 'dead', T0, 60_000);
      expect(await journal.takeStale('B', at(59_000), 60_000, 10)).toEqual([]);
      const [first, second] = await Promise.all([
        journal.takeStale('B', at(61_000), 60_000, 10),
        journal.takeStale('C', at(61_000), 60_000, 10),
      ]);
      expect([...first!, ...second!].map((e) => e.key)).toEqual(['w#1']);
      const figures = await journal.figures(at(61_000));
      expect(figures).toMatchObject({ pending: 1, refused: 0 });
      expect(figures.oldestPendingMs).toBe(61_000);
    });

    it('retries a failed row after its retry time, and keeps a refused one for an operator', async () => {
      const journal = db.store.journal;
      await journal.begin(row('w#1'), 'A', T0, 60_000);
      await journal.failed('w#1', 'A', 'HTTP 503', at(5_000));
      expect(await journal.takeStale('A', at(4_000), 60_000, 10)).toEqual([]);
      const [retry] = await journal.takeStale('A', at(5_000), 60_000, 10);
      expect(retry).toMatchObject({ key: 'w#1', attempts: 1 });
      await journal.refused('w#1', 'A', 'channel_not_found');
      expect(await journal.takeStale('A', at(999_000), 60_000, 10)).toEqual([]);
      expect(await journal.begin(row('w#1'), 'B', at(999_000), 60_000)).toEqual({
        kind: 'refused',
        error: 'channel_not_found',
      });
      expect((await journal.figures(at(999_000))).refused).toBe(1);
    });

    it('prunes sent rows a day old, never pending ones', async () => {
      const journal = db.store.journal;
      await journal.begin(row('old#1'), 'A', T0, 60_000);
      await journal.sent('old#1', 'A', null, T0);
      await journal.begin(row('waiting#1'), 'A', T0, 60_000);
      expect(await journal.prune(at(1))).toBe(1);
      expect((await journal.figures(at(1))).pending).toBe(1);
    });

    it('keeps a piece of work with its payload until done, and hands a stale one over once', async () => {
      const ledger = db.store.deliveries;
      await ledger.claim('slack:Ev1', T0, 120_000, '{"event_id":"Ev1"}');
      await ledger.claim('slack:Ev2', T0, 120_000, '{"event_id":"Ev2"}');
      await ledger.done('slack:Ev2', at(1_000));
      await ledger.claim('slack:Ev3', T0, 120_000); // no payload: nothing to redo
      expect(await ledger.takeStale(at(60_000), 120_000, 10, 5)).toEqual([]);
      const [a, b] = await Promise.all([
        ledger.takeStale(at(121_000), 120_000, 10, 5),
        ledger.takeStale(at(121_000), 120_000, 10, 5),
      ]);
      expect([...a!, ...b!]).toEqual([
        { key: 'slack:Ev1', payload: '{"event_id":"Ev1"}', replays: 1 },
      ]);
      expect(await ledger.backlog(at(121_000))).toEqual({ undone: 1, oldestMs: 0 });
      // Poison work stops after maxReplays takes.
      expect(await ledger.takeStale(at(400_000), 120_000, 10, 1)).toEqual([]);
    });
  },
  'test/delivery',
);
