// An intake renews the ledger claim of the work it is handling (core/delivery/claim-renewal.ts),
// within limits: a claim that settles after the adapter stopped is a stopped process's and is
// never renewed, an adapter started again renews its new work's claims, and a handler that never
// ends keeps its claim HOLD_LIMIT_MS at most, after which its work is redone. Real ledger on
// SQLite, the test's clock; only the renewal intervals are fake (the store's own timers are real).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClaimRenewals, type ClaimOutcome } from '../../src/core/delivery/claim-renewal.js';
import { HOLD_LIMIT_MS } from '../../src/core/delivery/one-at-a-time.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { at, MINUTE } from './durable-helpers.js';

const LEASE_MS = 2 * MINUTE;
const EVERY_MS = 10;

let db: TestDb;
let clock: Date;
/** The claim times presented to the ledger's renew, in call order, and how many have settled. */
let renewals: { asked: Date[]; settled: number };
let finishWork: () => void;
beforeEach(async () => {
  db = await createTestDb('sqlite');
  clock = at(0);
  renewals = { asked: [], settled: 0 };
  finishWork = () => undefined;
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(async () => {
  finishWork();
  vi.useRealTimers();
  await db.cleanup();
});

function claimRenewals(): ClaimRenewals {
  const real = db.store.deliveries;
  const ledger: DeliveryLedger = {
    ...real,
    renew: (key, claimedAt, now) => {
      renewals.asked.push(now);
      return real.renew(key, claimedAt, now).finally(() => (renewals.settled += 1));
    },
  };
  return new ClaimRenewals({
    ledger,
    leaseMs: LEASE_MS,
    logger: silentLogger,
    now: () => clock,
    renewEveryMs: EVERY_MS,
    platform: 'test',
  });
}

/** Work that runs until the test ends it. */
const endless = () => new Promise<void>((resolve) => (finishWork = resolve));

/** One renewal tick; waits for the renewal it started, if any. */
async function tick(): Promise<void> {
  vi.advanceTimersByTime(EVERY_MS);
  // Real timeouts (only intervals are fake); then the renewal's own bookkeeping after the ledger.
  while (renewals.settled < renewals.asked.length)
    await new Promise((resolve) => setTimeout(resolve, 1));
  await new Promise((resolve) => setImmediate(resolve));
}

async function claimed(key: string): Promise<void> {
  expect(await db.store.deliveries.claim(key, at(0), LEASE_MS, '{}')).toBe('process');
}

describe('the renewal of an intake’s claims', () => {
  it('never starts for a claim that settles after the adapter stopped', async () => {
    await claimed('test:1');
    const renewing = claimRenewals();
    let settle: (claim: ClaimOutcome) => void = () => undefined;
    const claiming = new Promise<ClaimOutcome>((resolve) => (settle = resolve));
    void renewing.holdWhile(claiming, 'test:1', at(0), endless);
    renewing.stop();
    settle('process');
    await new Promise((resolve) => setImmediate(resolve));
    clock = at(MINUTE);
    await tick();
    await tick();
    expect(renewals.asked).toEqual([]);
    // The claim runs out, as a stopped process's.
    const taken = await db.store.deliveries.takeStale(at(LEASE_MS + 1), LEASE_MS, 10, 5);
    expect(taken.map((work) => work.key)).toEqual(['test:1']);
  });

  it('starts again for work begun after the adapter was started again', async () => {
    await claimed('test:2');
    const renewing = claimRenewals();
    renewing.stop();
    renewing.start();
    void renewing.holdWhile(Promise.resolve('process'), 'test:2', at(0), endless);
    await new Promise((resolve) => setImmediate(resolve));
    clock = at(MINUTE);
    await tick();
    expect(renewals.asked).toEqual([at(MINUTE)]);
  });

  it('stops at the hold limit: work that never ends is redone after it', async () => {
    await claimed('test:3');
    const renewing = claimRenewals();
    void renewing.holdWhile(Promise.resolve('process'), 'test:3', at(0), endless);
    await new Promise((resolve) => setImmediate(resolve));
    for (let minute = 1; minute <= (2 * HOLD_LIMIT_MS) / MINUTE; minute += 1) {
      clock = at(minute * MINUTE);
      await tick();
    }
    // Renewed while the limit allowed, never beyond the time that lets the claim run out by it …
    expect(renewals.asked.length).toBeGreaterThan(0);
    expect(renewals.asked.at(-1)).toEqual(at(HOLD_LIMIT_MS - LEASE_MS));
    // … so another replica's worker redoes the work once the limit has passed.
    const taken = await db.store.deliveries.takeStale(at(HOLD_LIMIT_MS + 1), LEASE_MS, 10, 5);
    expect(taken.map((work) => work.key)).toEqual(['test:3']);
  });
});
