// Slack's redeliveries (same event_id, X-Slack-Retry-Num) against the store's delivery ledger:
// real Bolt over HTTP against the fake Slack, the ledger on a real SQLite file. Two adapters
// sharing the database stand for a restarted bot or a second replica behind the load balancer.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import type { AskRequest } from '../../src/core/conversation/desk.js';
import type { SuggestionsView } from '../../src/core/views.js';
import type { Store } from '../../src/store/index.js';
import { ACTION_IDS } from '../../src/adapters/slack/ids.js';
import {
  blockAction,
  sendEvent,
  sendInteraction,
  type BoltReply,
} from '../fakes/slack/signed-requests.js';
import { createTestDb, testClock, type TestClock, type TestDb } from '../helpers/db.js';
import { CUSTOMER, newDesk, question } from './bolt-setup.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import type { StoryDesk } from './story-desk.js';

const LEASE_MS = 2 * 60_000;

let db: TestDb;
let clock: TestClock;
let running: SlackHarness[] = [];

beforeEach(async () => {
  db = await createTestDb('sqlite');
  clock = testClock('2026-03-02T10:00:00Z');
});

afterEach(async () => {
  for (const harness of running) await harness.close();
  running = [];
  await db.cleanup();
});

/** A bot process: a Slack adapter given the ledger of `store`, on the shared test clock. */
async function startBot(
  desk: StoryDesk,
  store: Store = db.store,
  ledger: DeliveryLedger = store.deliveries,
  /** As in production, where the ack goes out when the listener acks, before its work ends. */
  options: { processBeforeResponse?: boolean } = {},
): Promise<SlackHarness> {
  const harness = await startHttpHarness({
    desk,
    ...options,
    supportChannelIds: ['CSUPPORT'],
    bindChat: (adapter) => (desk.chat = adapter.chat),
    deliveries: { ledger, clock, leaseMs: LEASE_MS },
  });
  running.push(harness);
  return harness;
}

async function stopBot(harness: SlackHarness): Promise<void> {
  running = running.filter((each) => each !== harness);
  await harness.close();
}

const answers = (harness: SlackHarness) => harness.fake.callsTo('chat.postMessage').length;
const asks = (desk: StoryDesk) => desk.callsOf('ask').length;

/** A Desk whose ask goes through `trouble` first (which may throw or never finish). */
function troubledDesk(trouble: () => Promise<void>): { desk: StoryDesk; attempts: () => number } {
  const desk = newDesk();
  const answer = desk.ask.bind(desk);
  let attempts = 0;
  desk.ask = async (request: AskRequest): Promise<SuggestionsView> => {
    attempts += 1;
    await trouble();
    return answer(request);
  };
  return { desk, attempts: () => attempts };
}

describe('Slack redeliveries with the delivery ledger', () => {
  it('processes an event once when its retry reaches a second replica', async () => {
    const deskA = newDesk();
    const deskB = newDesk();
    const a = await startBot(deskA);
    const b = await startBot(deskB);
    await sendEvent(a.target, question('10.1'), { eventId: 'EvREPLICA' });
    clock.advance(60_000);
    const retry = await sendEvent(b.target, question('10.1'), {
      eventId: 'EvREPLICA',
      retryNum: 1,
    });
    expect(retry.status).toBe(200);
    expect([asks(deskA), asks(deskB)]).toEqual([1, 0]);
    expect([answers(a), answers(b)]).toEqual([1, 0]);
    expect(b.logs).toContainEqual(
      expect.objectContaining({
        message: 'slack duplicate delivery ignored',
        fields: { eventId: 'EvREPLICA', retryNum: 1, by: 'ledger' },
      }),
    );
  });

  it('acks a button press only once its claim is written: a process killed after the ack leaves it to redo', async () => {
    const order: string[] = [];
    const slowLedger: DeliveryLedger = Object.create(db.store.deliveries) as DeliveryLedger;
    slowLedger.claim = async (...args) => {
      // A loaded database: the claim takes a while to be written.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const outcome = await db.store.deliveries.claim(...args);
      order.push('claim written');
      return outcome;
    };
    const bot = await startBot(newDesk(), db.store, slowLedger, { processBeforeResponse: false });
    await sendInteraction(
      bot.target,
      blockAction({
        user: CUSTOMER,
        channel: 'CSUPPORT',
        message: { ts: '12.2', thread_ts: '12.1' },
        actionId: ACTION_IDS.solved,
        value: 'not a suggestion',
      }),
    ).then(() => order.push('acked'));
    expect(order).toEqual(['claim written', 'acked']);
  });

  it('processes an event once across a restart (fresh memory, fresh connection)', async () => {
    const before = newDesk();
    const first = await startBot(before);
    await sendEvent(first.target, question('11.1'), { eventId: 'EvRESTART' });
    await stopBot(first);

    const after = newDesk();
    const restarted = await startBot(after, await db.openAnother());
    // Even after the lease: the event was done.
    clock.advance(5 * 60_000);
    await sendEvent(restarted.target, question('11.1'), { eventId: 'EvRESTART', retryNum: 3 });
    expect([asks(before), asks(after)]).toEqual([1, 0]);
    expect(answers(restarted)).toBe(0);
    // A new event is answered as usual.
    await sendEvent(restarted.target, question('11.2'), { eventId: 'EvAFTER' });
    expect(asks(after)).toBe(1);
  });

  it('processes again, after the lease, an event whose first processing failed', async () => {
    let failures = 1;
    const { desk: deskA, attempts } = troubledDesk(async () => {
      if (failures-- > 0) throw new Error('database hiccup');
    });
    const deskB = newDesk();
    const a = await startBot(deskA);
    const b = await startBot(deskB);
    await sendEvent(a.target, question('12.1'), { eventId: 'EvFAILED' });
    // The failure was shown to the user, not answered.
    expect(a.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(answers(a)).toBe(0);

    // Inside the lease: the failed attempt might still be running somewhere, so no.
    clock.advance(60_000);
    await sendEvent(b.target, question('12.1'), { eventId: 'EvFAILED', retryNum: 1 });
    expect(asks(deskB)).toBe(0);

    // After the lease: processed again, here on the replica that failed (its memory lets it by).
    clock.advance(LEASE_MS);
    await sendEvent(a.target, question('12.1'), { eventId: 'EvFAILED', retryNum: 2 });
    expect(attempts()).toBe(2);
    expect(answers(a)).toBe(1);

    // Done now: a later retry anywhere is a duplicate.
    clock.advance(10 * LEASE_MS);
    await sendEvent(b.target, question('12.1'), { eventId: 'EvFAILED', retryNum: 3 });
    await sendEvent(a.target, question('12.1'), { eventId: 'EvFAILED', retryNum: 3 });
    expect([attempts(), asks(deskB)]).toEqual([2, 0]);
  });

  it('never runs an event twice while it is in progress, and rescues it after a crash', async () => {
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    // Replica A takes the event and never finishes (as if its process died mid-way).
    const { desk: deskA, attempts } = troubledDesk(() => stuck);
    const deskB = newDesk();
    const a = await startBot(deskA);
    const b = await startBot(deskB);
    const firstDelivery: Promise<BoltReply> = sendEvent(a.target, question('13.1'), {
      eventId: 'EvCRASH',
    });
    try {
      await expect.poll(() => attempts()).toBe(1);

      clock.advance(LEASE_MS - 1_000);
      await sendEvent(b.target, question('13.1'), { eventId: 'EvCRASH', retryNum: 1 });
      expect(asks(deskB)).toBe(0);

      clock.advance(1_000);
      await sendEvent(b.target, question('13.1'), { eventId: 'EvCRASH', retryNum: 2 });
      expect(asks(deskB)).toBe(1);
      expect(answers(b)).toBe(1);
    } finally {
      // Let A's request end, so that its server can close.
      release();
      await firstDelivery;
    }
  });

  it('still processes events when the ledger fails, and says so in the log', async () => {
    // A real database error: the ledger's table is gone under the running bot.
    const sqlite = new Database(db.url.replace(/^file:/, ''));
    sqlite.exec('DROP TABLE "DeliveredEvent"');
    sqlite.close();
    const desk = newDesk();
    const bot = await startBot(desk);
    await sendEvent(bot.target, question('14.1'), { eventId: 'EvNOLEDGER' });
    expect(asks(desk)).toBe(1);
    expect(answers(bot)).toBe(1);
    expect(bot.logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'slack delivery ledger unavailable; processing the event anyway',
      }),
    );
    // This process still remembers it: an immediate retry is not answered twice.
    await sendEvent(bot.target, question('14.1'), { eventId: 'EvNOLEDGER', retryNum: 1 });
    expect(asks(desk)).toBe(1);
  });

  it('prunes day-old events in the background, at most once an hour', async () => {
    const ledger = db.store.deliveries;
    const longAgo = new Date('2026-02-27T10:00:00Z');
    await ledger.claim('slack:EvANCIENT', longAgo, LEASE_MS);
    await ledger.done('slack:EvANCIENT', longAgo);
    let prunes = 0;
    const counting: DeliveryLedger = {
      claim: (key, now, leaseMs, payload) => ledger.claim(key, now, leaseMs, payload),
      done: (key, now) => ledger.done(key, now),
      renew: (key, claimedAt, now) => ledger.renew(key, claimedAt, now),
      takeStale: (now, leaseMs, limit, maxReplays) =>
        ledger.takeStale(now, leaseMs, limit, maxReplays),
      backlog: (now) => ledger.backlog(now),
      prune: (olderThan) => {
        prunes += 1;
        return ledger.prune(olderThan);
      },
    };
    const desk = newDesk();
    const bot = await startBot(desk, db.store, counting);
    await sendEvent(bot.target, question('15.1'), { eventId: 'EvP1' });
    clock.advance(30 * 60_000);
    await sendEvent(bot.target, question('15.2'), { eventId: 'EvP2' });
    expect(prunes).toBe(1);
    // The ancient row went (a claim is new again), the day's rows stay (duplicates).
    await expect.poll(() => ledger.claim('slack:EvANCIENT', clock.now(), LEASE_MS)).toBe('process');
    expect(await ledger.claim('slack:EvP1', clock.now(), LEASE_MS)).toBe('duplicate');
    clock.advance(30 * 60_000);
    await sendEvent(bot.target, question('15.3'), { eventId: 'EvP3' });
    expect(prunes).toBe(2);
  });
});
