// Races of the SLA clock on each database (SQLite always, PostgreSQL with TEST_POSTGRES_URL), on
// the real core: a reply and a breach in the same tick, a pause while a warning is being recorded,
// two replicas at a cadence reminder and at an overrun, and a reminder whose process died mid-send.
// Every notice goes out exactly once: as many announcements as levels recorded, never a repeat.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import {
  ANNOUNCEMENT_PREFIX,
  replayAnnouncement,
} from '../../src/core/alerts/announcement-work.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { CaseEventKind, Person, Place } from '../../src/core/model.js';
import type { NoticeView, PostedMessage, SlaEventView } from '../../src/core/views.js';
import { parsePolicy, presetPath } from '../../src/core/sla/index.js';
import type { Store } from '../../src/store/index.js';
import { silentLogger } from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';
import {
  alertThreadOf,
  deskFixtureForEachTest,
  openThroughDesk,
  recordingPort,
  supportPlace,
  type DeskFixture,
  type Recorded,
  addPremierCustomer,
} from '../core/desk-fixture.js';

const MIN = 60_000;

const events = (log: Recorded[], event: SlaEventView['event'], reference: string) =>
  log.filter(
    (r) =>
      r.view?.kind === 'sla-event' &&
      (r.view as SlaEventView).event === event &&
      (r.view as SlaEventView).caseReference === reference,
  );

async function auditCount(f: DeskFixture, reference: string, kind: CaseEventKind) {
  const stored = await f.db.store.cases.byReference(reference);
  return (await f.db.store.events.forCase(stored?.id ?? '')).filter((e) => e.kind === kind).length;
}

async function milestoneOf(f: DeskFixture, reference: string, kind: string) {
  const stored = await f.db.store.cases.byReference(reference);
  return (await f.db.store.milestones.forCase(stored?.id ?? '')).find((m) => m.kind === kind);
}

describeOnEachProvider(
  'SLA follow-through races',
  (provider) => {
    const f = deskFixtureForEachTest({ provider });
    let loop: SlaAlertLoop;
    let other: SlaAlertLoop;
    let otherStore: Store | null = null;
    beforeEach(async () => {
      loop = new SlaAlertLoop(f.ctx);
      // A second replica: its own connection on PostgreSQL; on SQLite (one bot process per
      // file) a second loop over the same store.
      otherStore = provider === 'postgresql' ? await f.db.openAnother() : null;
      other = new SlaAlertLoop({ ...f.ctx, store: otherStore ?? f.ctx.store });
    });
    afterEach(async () => {
      await loop.stop();
      await other.stop();
      await otherStore?.close();
    });

    it('a reply and a breach in the same tick: met late either way, the breach said at most once', async () => {
      const references: string[] = [];
      for (let i = 0; i < 4; i++) {
        const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
        await f.desk.act(f.actor(f.world.kim), reference, 'claim');
        references.push(reference);
      }
      f.clock.advance(61 * MIN);
      const replies = await Promise.all([
        loop.tick(),
        other.tick(),
        ...references.map(async (reference) =>
          f.desk.message({
            actor: f.actor(f.world.kim),
            place: await alertThreadOf(f, reference),
            text: 'On it',
          }),
        ),
      ]);
      for (let i = 0; i < 5; i++) {
        f.clock.advance(MIN);
        await Promise.all([loop.tick(), other.tick()]);
      }
      for (const [i, reference] of references.entries()) {
        const first = await milestoneOf(f, reference, 'first-response');
        expect(first?.metAt).not.toBeNull();
        expect((replies[i + 2] as NoticeView).text).toContain('First response recorded: met late');
        const recorded = await auditCount(f, reference, 'sla-breached');
        expect(recorded).toBeLessThanOrEqual(1);
        // One team post of the breach per breach recorded (the on-call page with it), no more.
        expect(
          events(f.shell.log, 'breach', reference).filter((r) => r.op === 'post'),
        ).toHaveLength(recorded);
      }
    });

    it('a pause while a warning is being recorded: the warning once or not at all, then paused', async () => {
      const { reference, customerThread } = await premierCaseAwaitingNextResponse(f);
      f.clock.advance(31 * MIN); // next response (1 hour, 24/7) at 52 %
      await Promise.all([
        loop.tick(),
        other.tick(),
        f.desk.act(f.actor(f.world.sam), reference, 'pending'),
      ]);
      const warned = await auditCount(f, reference, 'sla-warned');
      expect(warned).toBeLessThanOrEqual(1);
      expect(
        events(f.shell.log, 'warning', reference).filter((r) => r.op === 'sendDirect'),
      ).toHaveLength(warned);
      const paused = await milestoneOf(f, reference, 'next-response');
      expect(paused?.pausedAt).not.toBeNull();
      expect(paused?.nextCheckAt).toBeNull();
      // Paused: hours pass and nothing is said.
      for (let i = 0; i < 12; i++) {
        f.clock.advance(10 * MIN);
        await Promise.all([loop.tick(), other.tick()]);
      }
      expect(await auditCount(f, reference, 'sla-warned')).toBe(warned);
      // Resumed with the time it had left: every later level once, 50 % never twice.
      await f.desk.message({ actor: f.actor(customerOf(f)), place: customerThread, text: 'logs' });
      for (let i = 0; i < 40; i++) {
        f.clock.advance(MIN);
        await Promise.all([loop.tick(), other.tick()]);
      }
      const thresholds = events(f.shell.log, 'warning', reference)
        .filter((r) => r.op === 'sendDirect')
        .map((r) => (r.view as SlaEventView).threshold);
      expect(new Set(thresholds).size).toBe(thresholds.length);
      expect(thresholds.slice(-2)).toEqual([0.75, 0.9]);
      expect(events(f.shell.log, 'breach', reference).filter((r) => r.op === 'post')).toHaveLength(
        1,
      );
    });

    it('two replicas at a cadence reminder and at an overrun: each told once', async () => {
      const file = readFileSync(presetPath('elastic'), 'utf8').replace(
        '  # - { notify: contact, at: breach, overrun: 1 hour 24/7, contact: lee, severities: [1, 2] }',
        '  - { notify: contact, at: breach, overrun: 20 minutes 24/7, contact: sam }',
      );
      f.ctx.policy = parsePolicy(file, 'ladder.yml');
      loop = new SlaAlertLoop(f.ctx);
      other = new SlaAlertLoop({ ...f.ctx, store: otherStore ?? f.ctx.store });
      const answered = await openThroughDesk(f, f.world.bob, { severity: '1' });
      await f.desk.act(f.actor(f.world.kim), answered, 'claim');
      await f.desk.message({
        actor: f.actor(f.world.kim),
        place: await alertThreadOf(f, answered),
        text: 'Looking',
      });
      const silent = await openThroughDesk(f, f.world.bob, { severity: '1' });
      await f.desk.act(f.actor(f.world.kim), silent, 'claim');
      for (let i = 0; i < 90; i++) {
        f.clock.advance(MIN);
        await Promise.all([loop.tick(), other.tick()]);
      }
      expect(events(f.shell.log, 'update-due', answered).map((r) => [r.op, r.userId])).toEqual([
        ['sendDirect', 'kim'],
      ]);
      expect(
        events(f.shell.log, 'overrun', silent)
          .filter((r) => r.op === 'sendDirect')
          .map((r) => r.userId),
      ).toEqual(['kim', 'sam']);
      expect(await auditCount(f, silent, 'sla-escalated')).toBe(1);
    });

    it('a cadence reminder whose process died mid-send is sent once, by another process', async () => {
      const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
      await f.desk.act(f.actor(f.world.kim), reference, 'claim');
      await f.desk.message({
        actor: f.actor(f.world.kim),
        place: await alertThreadOf(f, reference),
        text: 'Looking',
      });
      // Process A: its direct messages never return (killed mid-send).
      const dead = recordingPort('shell');
      let calls = 0;
      dead.sendDirect = () => {
        calls += 1;
        return new Promise<PostedMessage>(() => undefined);
      };
      const loopA = new SlaAlertLoop({ ...f.ctx, ports: { shell: durable(f, dead, 'A') } });
      f.clock.advance(61 * MIN);
      void loopA.tick();
      await expect.poll(() => calls).toBe(1);
      // Process B, once the leases ran out: the worker finishes it; its own loop says nothing more.
      const alive = recordingPort('shell');
      const later = () => new Date(Date.now() + 10 * MIN);
      const portB = durable(f, alive, 'B', later);
      const ctxB = { ...f.ctx, ports: { shell: portB } };
      const worker = new DeliveryWorker({
        journal: () => f.db.store.journal,
        ledger: () => f.db.store.deliveries,
        ports: () => ({ shell: portB }),
        owner: 'B',
        logger: silentLogger,
        messageLeaseMs: MIN,
        workLeaseMs: 2 * MIN,
        now: later,
      });
      worker.registerWork(ANNOUNCEMENT_PREFIX, replayAnnouncement(ctxB));
      await worker.pass();
      await worker.pass();
      await new SlaAlertLoop(ctxB).tick();
      expect(events(alive.log, 'update-due', reference).map((r) => [r.op, r.userId])).toEqual([
        ['sendDirect', 'kim'],
      ]);
    });
  },
  'test/store/sla-follow-through-race.test.ts',
);

function durable(
  f: DeskFixture,
  inner: ReturnType<typeof recordingPort>,
  owner: string,
  now?: () => Date,
) {
  return new DurableChatPort({
    inner,
    journal: () => f.db.store.journal,
    owner,
    logger: silentLogger,
    leaseMs: MIN,
    ...(now ? { now } : {}),
  });
}

const customers = new WeakMap<DeskFixture, Person>();
const customerOf = (f: DeskFixture): Person => {
  const person = customers.get(f);
  if (!person) throw new Error('no Premier customer yet');
  return person;
};

/** A Premier severity 1 case (next response 1 hour, 24/7) whose customer wrote after the answer. */
async function premierCaseAwaitingNextResponse(
  f: DeskFixture,
): Promise<{ reference: string; customerThread: Place }> {
  f.ctx.policy = parsePolicy(readFileSync(presetPath('premier'), 'utf8'), 'premier.yml');
  const pat = await addPremierCustomer(f);
  customers.set(f, pat);
  const reference = await openThroughDesk(f, pat, { severity: '1' }, 'q-pat');
  await f.desk.act(f.actor(f.world.sam), reference, 'claim');
  await f.desk.message({
    actor: f.actor(f.world.sam),
    place: await alertThreadOf(f, reference),
    text: 'Which version?',
  });
  const customerThread = supportPlace('q-pat');
  await f.desk.message({ actor: f.actor(pat), place: customerThread, text: 'v8.11' });
  return { reference, customerThread };
}
