// A Slack event or command still being handled keeps its delivery ledger claim: the adapter renews
// it while the work runs (slow platform calls, a long Retry-After), so another replica's delivery
// worker does not redo a slow first run; once the adapter stops (its process is gone) the claim
// runs out and is redone. Real Bolt over HTTP against the fake Slack, the ledger on SQLite, the
// test's clock (renewals come every few real milliseconds).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import type { AskRequest } from '../../src/core/conversation/desk.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import type { SuggestionsView } from '../../src/core/views.js';
import { sendCommand, sendEvent } from '../fakes/slack/signed-requests.js';
import {
  createTestDb,
  silentLogger,
  testClock,
  type TestClock,
  type TestDb,
} from '../helpers/db.js';
import { CUSTOMER, newDesk, question } from './bolt-setup.js';
import { startHttpHarness, type SlackHarness } from './harness.js';

const LEASE_MS = 2 * 60_000;

let db: TestDb;
let clock: TestClock;
let renewed: Date[];
let bot: SlackHarness | null;
let release: () => void;
beforeEach(async () => {
  db = await createTestDb('sqlite');
  clock = testClock('2026-03-02T10:00:00Z');
  renewed = [];
  bot = null;
  release = () => undefined;
});
afterEach(async () => {
  release();
  await bot?.close();
  await db.cleanup();
});

/** A bot whose every question hangs until the test releases it (a slow first run). */
async function slowBot(): Promise<{ started: () => number }> {
  const desk = newDesk();
  const answer = desk.ask.bind(desk);
  const held = new Promise<void>((resolve) => (release = resolve));
  let started = 0;
  desk.ask = async (request: AskRequest): Promise<SuggestionsView> => {
    started += 1;
    await held;
    return answer(request);
  };
  const real = db.store.deliveries;
  const ledger: DeliveryLedger = {
    ...real,
    renew: async (key, claimedAt, now) => {
      const ok = await real.renew(key, claimedAt, now);
      if (ok) renewed.push(now);
      return ok;
    },
  };
  bot = await startHttpHarness({
    desk,
    supportChannelIds: ['CSUPPORT'],
    // Acked at once, as in production: the work goes on after the HTTP answer.
    processBeforeResponse: false,
    bindChat: (a) => (desk.chat = a.chat),
    deliveries: { ledger, clock, leaseMs: LEASE_MS, renewEveryMs: 5 },
  });
  return { started: () => started };
}

/** Another replica's delivery worker, on the test's clock: what it redoes is counted. */
function otherWorker() {
  const redone: string[] = [];
  const worker = new DeliveryWorker({
    journal: () => db.store.journal,
    ledger: () => db.store.deliveries,
    ports: () => ({}),
    owner: 'B',
    logger: silentLogger,
    workLeaseMs: LEASE_MS,
    now: () => clock.now(),
  });
  worker.registerWork('slack:', async (_payload, key) => {
    redone.push(key);
  });
  return { worker, redone };
}

/** Waits until the claim was renewed at the clock's present time. */
async function renewedNow(): Promise<void> {
  const now = clock.now().getTime();
  await expect.poll(() => renewed.some((time) => time.getTime() === now)).toBe(true);
}

describe('a Slack request still being handled', () => {
  it('keeps its claim while it runs, and is redone only after its adapter stopped', async () => {
    const { started } = await slowBot();
    await sendEvent(bot!.target, question('30.1'), { eventId: 'EvSLOW' });
    await expect.poll(started).toBe(1);
    const { worker, redone } = otherWorker();

    // A minute and a half in, the first run is still at it and its claim was moved on.
    clock.advance(90_000);
    await renewedNow();
    // A lease after the event came in: not the worker's to redo.
    clock.advance(LEASE_MS - 60_000);
    expect(await worker.pass()).toEqual({ works: 0, messages: 0 });
    expect(redone).toEqual([]);

    // The process dies: its adapter stops, and so do the renewals.
    await bot!.adapter.stop();
    clock.advance(LEASE_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // No renewal began after the stop (one under way then may still land, with the old time).
    expect(renewed.filter((time) => time >= clock.now())).toEqual([]);
    expect(await worker.pass()).toEqual({ works: 1, messages: 0 });
    expect(redone).toEqual(['slack:EvSLOW']);
  });

  it('keeps the claim of a slow slash command too, until its work ends', async () => {
    const { started } = await slowBot();
    await sendCommand(bot!.target, {
      command: SLASH_COMMAND,
      text: 'ask how to snapshot',
      user_id: CUSTOMER.id,
      user_name: CUSTOMER.name,
      channel_id: 'CRANDOM',
      response_url: bot!.fake.responseUrl('ask'),
    });
    await expect.poll(started).toBe(1);
    const { worker, redone } = otherWorker();
    clock.advance(90_000);
    await renewedNow();
    clock.advance(LEASE_MS - 60_000);
    expect(await worker.pass()).toEqual({ works: 0, messages: 0 });

    // The work ends: the claim is done, and nobody redoes it however late.
    release();
    await expect.poll(async () => (await db.store.deliveries.backlog(clock.now())).undone).toBe(0);
    clock.advance(10 * LEASE_MS);
    expect(await worker.pass()).toEqual({ works: 0, messages: 0 });
    expect(redone).toEqual([]);
  });
});
