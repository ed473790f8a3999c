// Work being redone keeps its claim: the delivery worker renews the claims it took while their
// redo runs, so another replica's worker takes a piece of work again only once the process
// redoing it stopped, never while a slow redo is still at it. Real ledger on SQLite, the test's
// clock (renewals come every few real milliseconds).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { at, MINUTE } from './durable-helpers.js';

const WORK_LEASE_MS = 2 * MINUTE;

let db: TestDb;
beforeEach(async () => {
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  await db.cleanup();
});

describe('work the delivery worker is redoing', () => {
  it('keeps its claim while the redo runs, and is done after it', async () => {
    await db.store.deliveries.claim('test:1', at(0), WORK_LEASE_MS, '{}');
    let clock = at(10 * MINUTE);
    const renewed: Date[] = [];
    const real = db.store.deliveries;
    const ledger: DeliveryLedger = {
      ...real,
      renew: async (key, claimedAt, now) => {
        const ok = await real.renew(key, claimedAt, now);
        if (ok) renewed.push(now);
        return ok;
      },
    };
    const worker = new DeliveryWorker({
      journal: () => db.store.journal,
      ledger: () => ledger,
      ports: () => ({}),
      owner: 'B',
      logger: silentLogger,
      workLeaseMs: WORK_LEASE_MS,
      renewEveryMs: 5,
      now: () => clock,
    });
    let started = false;
    let finish = () => {};
    worker.registerWork('test:', () => {
      started = true;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const pass = worker.pass();
    await expect.poll(() => started).toBe(true);
    // The redo is slow: a minute and a half later it still runs, and its claim was renewed then.
    clock = at(10 * MINUTE + 90_000);
    await expect.poll(() => renewed.some((time) => time >= clock)).toBe(true);
    // Another replica's worker, a lease after the take: the claim is not stale.
    expect(
      await real.takeStale(at(10 * MINUTE + WORK_LEASE_MS + 10_000), WORK_LEASE_MS, 10, 5),
    ).toEqual([]);
    finish();
    expect(await pass).toEqual({ works: 1, messages: 0 });
    expect(await real.takeStale(at(60 * MINUTE), WORK_LEASE_MS, 10, 5)).toEqual([]);
  });

  it('is left to the replica that took it while it waited its turn in a batch', async () => {
    // A process died with two pieces of work; replica A's worker takes both in one batch.
    await db.store.deliveries.claim('test:1', at(0), WORK_LEASE_MS, '{}');
    await db.store.deliveries.claim('test:2', at(1_000), WORK_LEASE_MS, '{}');
    const redone: string[] = [];
    const workerAt = (owner: string, time: Date) =>
      new DeliveryWorker({
        journal: () => db.store.journal,
        ledger: () => db.store.deliveries,
        ports: () => ({}),
        owner,
        logger: silentLogger,
        workLeaseMs: WORK_LEASE_MS,
        now: () => time,
      });
    const a = workerAt('A', at(10 * MINUTE));
    const b = workerAt('B', at(10 * MINUTE + 3 * WORK_LEASE_MS));
    b.registerWork('test:', async (_payload, key) => {
      redone.push(`B ${key}`);
    });
    // A's first redo outlasts its claims (its renewals stalled): B takes the batch meanwhile.
    a.registerWork('test:', async (_payload, key) => {
      redone.push(`A ${key}`);
      if (key === 'test:1') expect(await b.pass()).toEqual({ works: 2, messages: 0 });
    });
    expect(await a.pass()).toEqual({ works: 2, messages: 0 });
    // test:1 was already under way in A when B took it; test:2 had not started: B's alone.
    expect(redone.filter((line) => line.endsWith('test:2'))).toEqual(['B test:2']);
  });
});
