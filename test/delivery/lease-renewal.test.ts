// A send that lasts longer than its row's lease inside one call (an adapter honouring a long
// Retry-After): its sender keeps the row while the call lasts, so another replica's worker does
// not take the row for a dead sender's and post it a second time. The clock the leases are read
// on is the test's; the renewals run on short real timers.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import { encodeRequest } from '../../src/core/delivery/codec.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { NoticeView } from '../../src/core/views.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';
import { recordingPort } from '../core/desk-fixture.js';
import { at, durable, LEASE_MS, MINUTE, notice, place, T0, worker } from './durable-helpers.js';

const KEY = 'test:slow#post:C1#1';

describeOnEachProvider(
  'a message whose send outlasts its lease',
  (provider) => {
    let db: TestDb;
    beforeEach(async () => {
      db = await createTestDb(provider);
    });
    afterEach(async () => {
      await db.cleanup();
    });

    /** Process `owner`, whose posts wait until `release` (Slack said: retry after a while). */
    function slowSender(
      clock: { now: Date },
      owner = 'A',
      journal: MessageJournal = db.store.journal,
    ) {
      const inner = recordingPort('slack');
      let release!: () => void;
      const waiting = new Promise<void>((resolve) => (release = resolve));
      const slow: ChatPort = {
        ...inner,
        post: async (p, v) => {
          await waiting;
          return inner.post(p, v);
        },
      };
      const port = new DurableChatPort({
        inner: slow,
        journal: () => journal,
        owner,
        logger: silentLogger,
        leaseMs: LEASE_MS,
        renewEveryMs: 5,
        now: () => clock.now,
      });
      return { inner, port, release };
    }

    const leaseEnd = async (key = KEY) => {
      const row = await db.store.journal.outcome(key);
      return row?.state === 'pending' ? row.retryAt : null;
    };

    it('is kept by its sender while the call lasts, not posted again by another worker', async () => {
      const clock = { now: T0 };
      const a = slowSender(clock);
      const sending = withWork('test:slow', () => a.port.post(place, notice('slow')));
      await expect.poll(() => leaseEnd()).toEqual(at(LEASE_MS));

      // 50 s into the call its lease is extended from there; past the first lease nobody takes it.
      clock.now = at(50_000);
      await expect.poll(() => leaseEnd()).toEqual(at(50_000 + LEASE_MS));
      const other = recordingPort('slack');
      const b = worker(db, { slack: durable(db, other, 'B', () => at(100_000)) }, () =>
        at(100_000),
      );
      expect((await b.pass()).messages).toBe(0);

      a.release();
      await sending;
      expect(a.inner.log).toHaveLength(1);
      expect(other.log).toEqual([]);
      expect((await db.store.journal.figures(at(10 * MINUTE))).pending).toBe(0);
    });

    it('is given up to other senders once one call has held it ten minutes', async () => {
      const clock = { now: T0 };
      const a = slowSender(clock);
      const sending = withWork('test:slow', () => a.port.post(place, notice('slow')));
      await expect.poll(() => leaseEnd()).toEqual(at(LEASE_MS));
      // The last renewal reaches no further than ten minutes after the call began.
      clock.now = at(9.5 * MINUTE);
      await expect.poll(() => leaseEnd()).toEqual(at(10 * MINUTE));
      const taken = await db.store.journal.takeStale('B', at(10 * MINUTE), LEASE_MS, 10);
      expect(taken.map((row) => row.key)).toEqual([KEY]);
      a.release();
      await sending;
    });

    it('is not sent by a worker whose batch reached it after another worker took it', async () => {
      const journal = db.store.journal;
      // Two posts a dead process left pending, both due.
      for (const n of [1, 2])
        await journal.begin(
          {
            key: `w#post:C1#${n}`,
            platform: 'slack',
            call: 'post',
            request: encodeRequest([place, notice(`m${n}`)]),
          },
          'X',
          at(n),
          LEASE_MS,
        );
      const clock = { now: at(2 * LEASE_MS) };
      const b = slowSender(clock, 'B');
      const slowPass = worker(db, { slack: b.port }, () => clock.now).pass();
      // B sends the first for long; the second's lease, taken with the batch, runs out meanwhile.
      await expect.poll(() => leaseEnd('w#post:C1#1')).toEqual(at(2 * LEASE_MS + LEASE_MS));
      clock.now = at(3.5 * LEASE_MS);
      await expect.poll(() => leaseEnd('w#post:C1#1')).toEqual(at(4.5 * LEASE_MS));
      const other = recordingPort('slack');
      const c = new DeliveryWorker({
        journal: () => journal,
        ledger: () => db.store.deliveries,
        ports: () => ({ slack: durable(db, other, 'C', () => clock.now) }),
        owner: 'C',
        logger: silentLogger,
        messageLeaseMs: LEASE_MS,
        now: () => clock.now,
      });
      expect((await c.pass()).messages).toBe(1);
      b.release();
      await slowPass;
      expect(b.inner.log.map((r) => (r.view as NoticeView).text)).toEqual(['m1']);
      expect(other.log.map((r) => (r.view as NoticeView).text)).toEqual(['m2']);
    });

    it('renews one lease at a time however slow the database answers', async () => {
      const real = db.store.journal;
      const load = { now: 0, most: 0, calls: 0 };
      // A database that takes 40 ms per renewal while renewals are asked for every 5 ms.
      const slowDb: MessageJournal = {
        ...real,
        renew: async (...args) => {
          load.now += 1;
          load.calls += 1;
          load.most = Math.max(load.most, load.now);
          await new Promise((resolve) => setTimeout(resolve, 40));
          load.now -= 1;
          return real.renew(...args);
        },
      };
      const a = slowSender({ now: T0 }, 'A', slowDb);
      const sending = withWork('test:slow', () => a.port.post(place, notice('slow')));
      await expect.poll(() => load.calls).toBeGreaterThanOrEqual(3);
      a.release();
      await sending;
      expect(load.most).toBe(1);
      // The send returns once its last renewal has settled: nothing writes behind it.
      expect(load.now).toBe(0);
    });
  },
  'test/delivery',
);
