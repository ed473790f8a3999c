// An interaction still being handled keeps its ledger claim: the intake renews it while the work
// runs, so the delivery worker redoes only a claim whose process stopped (a slow first run is left
// alone), and stops renewing once the work ends or the adapter stops. The ledger is the real one
// on SQLite; the clock is the test's (renewals come every few real milliseconds).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordIntake } from '../../src/adapters/discord/intake-ledger.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { waitFor } from './harness.js';

const LEASE_MS = 60_000;
const T0 = new Date('2026-03-02T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let db: TestDb;
let clock = T0;
let renewed: Date[] = [];
let intake: DiscordIntake;
beforeEach(async () => {
  db = await createTestDb('sqlite');
  clock = T0;
  renewed = [];
  const real = db.store.deliveries;
  const ledger: DeliveryLedger = {
    ...real,
    renew: async (key, claimedAt, now) => {
      const ok = await real.renew(key, claimedAt, now);
      if (ok) renewed.push(now);
      return ok;
    },
  };
  intake = new DiscordIntake({
    ledger,
    leaseMs: LEASE_MS,
    logger: silentLogger,
    now: () => clock,
    renewEveryMs: 5,
  });
});
afterEach(async () => {
  intake.stop();
  await db.cleanup();
});

/** An interaction whose handling runs until `finish` is called. */
function handling(id: string) {
  let finish = () => {};
  intake.rememberPacket({ t: 'INTERACTION_CREATE', d: { id, type: 3 } });
  const done = intake.record(id, () => new Promise<void>((resolve) => (finish = resolve)));
  return { done, finish: () => finish() };
}

const stale = (now: Date) => db.store.deliveries.takeStale(now, LEASE_MS, 10, 5);

describe('a Discord interaction still being handled', () => {
  it('keeps its claim: a lease after it began, the worker does not take it', async () => {
    const work = handling('111');
    clock = at(50_000);
    await waitFor(() => renewed.some((time) => time.getTime() === clock.getTime()) || undefined);
    // A lease after the interaction came in, its process is still at it: no redo.
    expect(await stale(at(LEASE_MS + 10_000))).toEqual([]);
    work.finish();
    await work.done;
    expect(await stale(at(10 * LEASE_MS))).toEqual([]);
  });

  it('is taken by the worker once its adapter stopped (the process is gone), a lease later', async () => {
    const work = handling('222');
    clock = at(50_000);
    await waitFor(() => renewed.some((time) => time.getTime() === clock.getTime()) || undefined);
    intake.stop();
    clock = at(100_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // No renewal began after the stop (one under way then may still land, with the old time).
    expect(renewed.filter((time) => time >= clock)).toEqual([]);
    const [taken] = await stale(at(50_000 + LEASE_MS));
    expect(taken?.key).toBe('discord:interaction:222');
    work.finish();
    await work.done;
  });
});
