// Waiting on the customer on the real core and store (issue 12 item 2): the policy's milestones
// pause, the customer's reply resumes them with the time they had left (working time), a reply or
// a resolve during the wait is judged against the due instant moved on by the pause, the SLA loop
// never warns on a paused clock, and the one reminder and the automatic close are recorded and
// announced once even with two loops (replicas) ticking, and never after the customer replied.
// Gold (Paris business hours) on Monday 2 March 2026, 11:00 Paris.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import {
  changeSeverity,
  claimCase,
  closeCase,
  endCustomerWait,
  meetResponseMilestones,
  openCase,
  resolveCase,
  resumePaused,
  startCustomerWait,
  startNextResponse,
  type CaseDeps,
} from '../../src/core/cases/index.js';
import {
  DEFAULT_DESK_OPTIONS,
  type DeskContext,
} from '../../src/core/conversation/desk-context.js';
import type { MilestoneKind, Org, Person, Place, SupportCase } from '../../src/core/model.js';
import {
  elapsedFraction,
  milestoneState,
  parsePolicy,
  type Policy,
} from '../../src/core/sla/index.js';
import type { NoticeView } from '../../src/core/views.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { recordingPort, type RecordingPort } from '../core/desk-fixture.js';
import {
  createTestDb,
  seedCustomer,
  seedEngineer,
  seedOrg,
  seedTeam,
  testClock,
  type TestDb,
} from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

export const WAIT_POLICY = `
name: wait-test
title: Waiting on the customer (test)
severities:
  - { value: 1, id: urgent, label: Urgent, description: down }
  - { value: 2, id: high, label: High, description: degraded }
tiers:
  - id: gold
    label: Gold
    severities: [1, 2]
    firstResponse: { 1: 1 hour 24/7, 2: 4 business hours }
    nextResponse: { 1: 1 hour 24/7, 2: 4 business hours }
    resolution: { 1: 8 hours 24/7, 2: 2 business days }
waitingOnCustomer:
  pauses: [next-response, resolution]
  remindAfter: 3 business days
  closeAfter: 2 business days
`;

describeOnEachProvider('waiting on the customer', (provider) => {
  let db: TestDb;
  let org: Org;
  let requester: Person;
  let engineer: Person;
  let policy: Policy;
  let deps: CaseDeps;
  let port: RecordingPort;
  let ctx: DeskContext;
  const clock = testClock();
  const loops: SlaAlertLoop[] = [];

  beforeEach(async () => {
    clock.set('2026-03-02T10:00:00Z'); // Monday 11:00 Paris
    db = await createTestDb(provider);
    policy = parsePolicy(WAIT_POLICY, 'wait-test.yml');
    deps = { store: db.store, policy, clock };
    org = await seedOrg(db.store, {
      tier: 'gold',
      calendar: {
        timeZone: 'Europe/Paris',
        hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      },
    });
    const team = await seedTeam(db.store, { products: ['search'] });
    requester = await seedCustomer(db.store, org);
    engineer = await seedEngineer(db.store, team);
    port = recordingPort('shell');
    ctx = {
      store: db.store,
      kb: {} as DeskContext['kb'],
      policy,
      ports: { shell: port },
      clock,
      logger: createMemoryLogger(),
      options: { ...DEFAULT_DESK_OPTIONS },
    };
  });
  afterEach(async () => {
    for (const loop of loops.splice(0)) await loop.stop();
    await db.cleanup();
  });

  const loop = () => {
    const created = new SlaAlertLoop(ctx);
    loops.push(created);
    return created;
  };

  /** A case claimed by the engineer, first response given; threads on the shell for notices. */
  async function answeredCase(severity: number): Promise<SupportCase> {
    const opened = (
      await openCase(deps, {
        requesterId: requester.id,
        title: 'T',
        situation: 'S',
        severity,
        seriousness: 'x',
        product: 'search',
        type: 'question',
      })
    ).case;
    const customerPlace: Place = { platform: 'shell', channelId: 'support', threadId: 'q1' };
    const alertPlace: Place = { platform: 'shell', channelId: 'team', messageId: 'a1' };
    await db.store.cases.update(opened.id, { customerPlace, alertPlace, updatedAt: clock.now() });
    await claimCase(deps, { caseId: opened.id, actorId: engineer.id });
    await meetResponseMilestones(db.store, opened.id, clock.now());
    return reload(opened.id);
  }

  async function reload(caseId: string): Promise<SupportCase> {
    const found = await db.store.cases.byId(caseId);
    if (!found) throw new Error('case gone');
    return found;
  }

  async function milestone(caseId: string, kind: MilestoneKind) {
    const found = (await db.store.milestones.forCase(caseId)).find((m) => m.kind === kind);
    if (!found) throw new Error(`no ${kind} milestone`);
    return found;
  }

  const eventKinds = async (caseId: string) =>
    (await db.store.events.forCase(caseId)).map((e) => e.kind);

  const noticesTo = (channelId: string) =>
    port.log
      .filter((r) => r.op === 'post' && r.place?.channelId === channelId)
      .map((r) => (r.view as NoticeView).text);

  describe('pause and resume', () => {
    it('pauses the milestones the policy names and resumes them with the working time they had left', async () => {
      const c = await answeredCase(2);
      // Resolution: 2 business days (18 working hours) from Monday 11:00 → Wednesday 11:00 Paris.
      expect((await milestone(c.id, 'resolution')).dueAt.toISOString()).toBe(
        '2026-03-04T10:00:00.000Z',
      );
      clock.set('2026-03-02T11:00:00Z'); // Monday 12:00 Paris: 17 working hours left
      const started = await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      expect(started.paused.map((m) => m.kind)).toEqual(['resolution']);
      // Reminder after 3 business days (Thursday 12:00 Paris), close 2 business days after it.
      expect(started.remindAt?.toISOString()).toBe('2026-03-05T11:00:00.000Z');
      expect(started.closeAt?.toISOString()).toBe('2026-03-09T11:00:00.000Z');
      const waiting = await reload(c.id);
      expect(waiting).toMatchObject({ status: 'waiting-on-customer', remindedAt: null });
      expect(waiting.followUpAt?.toISOString()).toBe('2026-03-05T11:00:00.000Z');
      const paused = await milestone(c.id, 'resolution');
      expect(paused.pausedAt?.toISOString()).toBe('2026-03-02T11:00:00.000Z');
      expect(paused.nextCheckAt).toBeNull();
      // Past its old due instant it is still paused, not breached.
      clock.set('2026-03-04T16:00:00Z');
      expect(milestoneState(paused, clock.now())).toBe('paused');

      // The customer answers on Wednesday 17:00 Paris: 17 working hours from then → Friday 16:00.
      const ended = await endCustomerWait(deps, waiting, org, clock.now(), requester.id);
      expect(ended?.case).toMatchObject({
        status: 'claimed',
        waitingSince: null,
        followUpAt: null,
      });
      const resumed = await milestone(c.id, 'resolution');
      expect(resumed.pausedAt).toBeNull();
      expect(resumed.dueAt.toISOString()).toBe('2026-03-06T15:00:00.000Z');
      expect(milestoneState(resumed, clock.now())).toBe('running');
      expect(resumed.nextCheckAt).not.toBeNull();
      // The target keeps its length: the share used is what it was when the clock stopped (1/18).
      const used = elapsedFraction({ ...resumed, calendar: org.calendar, now: clock.now() });
      expect(used).toBeCloseTo(1 / 18, 6);
      expect(await eventKinds(c.id)).toEqual(
        expect.arrayContaining(['waiting-on-customer', 'customer-wait-ended']),
      );
    });

    it('a 24/7 target resumes with the real time it had left', async () => {
      const c = await answeredCase(1); // resolution 8 hours 24/7, due 18:00Z
      clock.set('2026-03-02T13:00:00Z'); // 5 h left
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      clock.set('2026-03-03T08:00:00Z');
      await endCustomerWait(deps, await reload(c.id), org, clock.now(), requester.id);
      const resumed = await milestone(c.id, 'resolution');
      expect(resumed.dueAt.toISOString()).toBe('2026-03-03T13:00:00.000Z');
      expect(resumed.startedAt.toISOString()).toBe('2026-03-03T05:00:00.000Z');
    });

    it('an engineer’s reply during the wait meets a paused response target on time, however long the wait', async () => {
      const c = await answeredCase(1);
      clock.advance(5 * MIN);
      await startNextResponse(deps, c, org, clock.now()); // due in 1 hour, 24/7
      clock.advance(10 * MIN);
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      clock.advance(3 * HOUR);
      await resumePaused(db.store, policy, org, c.id, clock.now(), ['next-response']);
      const [met] = await meetResponseMilestones(db.store, c.id, clock.now());
      expect(met?.kind).toBe('next-response');
      expect(met && milestoneState(met, clock.now())).toBe('met');
      // The resolution target stays paused: the case still waits.
      expect(milestoneState(await milestone(c.id, 'resolution'), clock.now())).toBe('paused');
    });

    it('resolving a waiting case meets its paused targets against their moved due instants', async () => {
      const c = await answeredCase(1);
      clock.advance(HOUR);
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      clock.advance(24 * HOUR); // far past the resolution's old due instant
      const resolved = await resolveCase(deps, { caseId: c.id, actorId: engineer.id });
      expect(resolved).toMatchObject({ status: 'resolved', followUpAt: null, waitingSince: null });
      const resolution = await milestone(c.id, 'resolution');
      expect(milestoneState(resolution, clock.now())).toBe('met');
    });

    it('a severity change during the wait gives the new level’s target, still paused', async () => {
      const c = await answeredCase(2);
      clock.advance(HOUR);
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      clock.advance(HOUR);
      await changeSeverity(deps, {
        caseId: c.id,
        actorId: engineer.id,
        severity: 1,
        reason: 'production down after all',
      });
      const resolution = await milestone(c.id, 'resolution');
      expect(milestoneState(resolution, clock.now())).toBe('paused');
      expect(resolution.nextCheckAt).toBeNull();
      clock.advance(2 * HOUR);
      await endCustomerWait(deps, await reload(c.id), org, clock.now(), requester.id);
      // Urgent's 8 hours 24/7, whole, from the customer's answer.
      const resumed = await milestone(c.id, 'resolution');
      expect(resumed.dueAt.getTime() - clock.now().getTime()).toBe(8 * HOUR);
    });
  });

  describe('refusals (nothing changes)', () => {
    it('refuses /pending on a closed case, twice on a waiting one, and from a customer', async () => {
      const c = await answeredCase(2);
      await expect(
        startCustomerWait(deps, { caseId: c.id, actorId: requester.id }),
      ).rejects.toMatchObject({
        code: 'NOT_AN_ENGINEER',
      });
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      await expect(
        startCustomerWait(deps, { caseId: c.id, actorId: engineer.id }),
      ).rejects.toMatchObject({
        code: 'ALREADY_WAITING',
        message: `${c.reference} is already waiting on the customer.`,
      });
      const other = await answeredCase(2);
      await closeCase(deps, { caseId: other.id, actorId: engineer.id });
      const before = { case: await reload(other.id), events: await eventKinds(other.id) };
      await expect(
        startCustomerWait(deps, { caseId: other.id, actorId: engineer.id }),
      ).rejects.toMatchObject({
        code: 'CASE_NOT_OPEN',
        message: `${other.reference} is closed: there is nothing to wait for.`,
      });
      expect(await reload(other.id)).toEqual(before.case);
      expect(await eventKinds(other.id)).toEqual(before.events);
    });
  });

  describe('an unclaimed case set waiting', () => {
    it('can be claimed: it keeps waiting, with its owner; a second claim is refused', async () => {
      const opened = (
        await openCase(deps, {
          requesterId: requester.id,
          title: 'Nobody took it',
          situation: 'Waiting before a claim',
          severity: 2,
          seriousness: 'Some',
          product: 'search',
          type: 'bug',
        })
      ).case;
      await startCustomerWait(deps, { caseId: opened.id, actorId: engineer.id });
      const claimed = await claimCase(deps, { caseId: opened.id, actorId: engineer.id });
      expect(claimed).toMatchObject({ status: 'waiting-on-customer', assigneeId: engineer.id });
      expect(await eventKinds(opened.id)).toContain('claimed');
      await expect(
        claimCase(deps, { caseId: opened.id, actorId: engineer.id }),
      ).rejects.toBeInstanceOf(Error);
    });
  });

  describe('the SLA loop', () => {
    it('never warns on a paused clock', async () => {
      const c = await answeredCase(1); // resolution 8 h 24/7
      clock.advance(HOUR);
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      clock.advance(12 * HOUR);
      const report = await loop().tick();
      expect(report).toMatchObject({ warnings: 0, breaches: 0 });
      expect(await eventKinds(c.id)).not.toContain('sla-breached');
    });

    it('a pause committed while a warning is being recorded wins: the warning is not written', async () => {
      const c = await answeredCase(1);
      clock.advance(4 * HOUR + MIN); // past 50 % of the resolution target
      const [read] = await db.store.milestones.dueForCheck(clock.now(), 10);
      expect(read?.kind).toBe('resolution');
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      // The loop's write, from what it read before the pause.
      const next = new Date(clock.now().getTime() + HOUR);
      expect(await db.store.milestones.markWarned(read!.id, null, 0.5, next, read!.dueAt)).toBe(
        false,
      );
      expect(await db.store.milestones.markBreached(read!.id, clock.now(), read!.dueAt)).toBe(
        false,
      );
      expect(await db.store.milestones.reschedule(read!.id, read!.dueAt, next)).toBe(false);
      const after = await milestone(c.id, 'resolution');
      expect(after).toMatchObject({ warnedAt: null, breachedAt: null, nextCheckAt: null });
    });

    it('reminds the customer once, then closes the case once, with two loops ticking', async () => {
      const c = await answeredCase(2);
      clock.set('2026-03-02T11:00:00Z');
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      const [a, b] = [loop(), loop()];
      clock.set('2026-03-05T10:59:00Z'); // a minute before the reminder
      expect((await a.tick()).reminders).toBe(0);
      clock.set('2026-03-05T11:00:00Z');
      const reports = await Promise.all([a.tick(), b.tick()]);
      expect(reports.map((r) => r.reminders).sort()).toEqual([0, 1]);
      await Promise.all([a.tick(), b.tick()]);
      const reminded = await reload(c.id);
      expect(reminded.remindedAt?.toISOString()).toBe('2026-03-05T11:00:00.000Z');
      // Two business days after the reminder: Monday 9 March, 12:00 Paris.
      expect(reminded.followUpAt?.toISOString()).toBe('2026-03-09T11:00:00.000Z');
      const toCustomer = noticesTo('support');
      expect(toCustomer.filter((t) => t.startsWith('Reminder:'))).toHaveLength(1);
      expect(toCustomer.find((t) => t.startsWith('Reminder:'))).toMatch(
        /is waiting for your reply .* Without a reply it closes by itself/,
      );

      clock.set('2026-03-09T11:00:00Z');
      const closing = await Promise.all([a.tick(), b.tick()]);
      expect(closing.map((r) => r.autoClosed).sort()).toEqual([0, 1]);
      await Promise.all([a.tick(), b.tick()]);
      const closed = await reload(c.id);
      expect(closed).toMatchObject({ status: 'closed', followUpAt: null });
      expect(closed.closedAt?.toISOString()).toBe('2026-03-09T11:00:00.000Z');
      const kinds = await eventKinds(c.id);
      expect(kinds.filter((k) => k === 'customer-reminded')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'closed')).toHaveLength(1);
      const closedEvent = (await db.store.events.forCase(c.id)).find((e) => e.kind === 'closed');
      expect(closedEvent).toMatchObject({ actorId: null, data: { automatic: true } });
      expect(noticesTo('support').filter((t) => t.includes('was closed after'))).toHaveLength(1);
      expect(noticesTo('team').filter((t) => t.includes('closed by itself'))).toHaveLength(1);
      // Each step is done work in the ledger: nothing is left for a delivery worker to redo.
      expect((await db.store.deliveries.backlog(new Date())).undone).toBe(0);
    });

    it('a customer’s reply after the reminder stops the close', async () => {
      const c = await answeredCase(2);
      clock.set('2026-03-02T11:00:00Z');
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      clock.set('2026-03-05T11:00:00Z');
      expect((await loop().tick()).reminders).toBe(1);
      clock.set('2026-03-06T09:00:00Z');
      await endCustomerWait(deps, await reload(c.id), org, clock.now(), requester.id);
      clock.set('2026-03-20T11:00:00Z');
      expect((await loop().tick()).autoClosed).toBe(0);
      expect(await reload(c.id)).toMatchObject({ status: 'claimed', followUpAt: null });
    });

    it('a reply racing the close: the close recorded first wins and the reply resumes nothing', async () => {
      const c = await answeredCase(2);
      clock.set('2026-03-02T11:00:00Z');
      await startCustomerWait(deps, { caseId: c.id, actorId: engineer.id });
      const seen = await reload(c.id); // the reply read the case while it waited
      clock.set('2026-03-05T11:00:00Z');
      await loop().tick();
      clock.set('2026-03-09T11:00:00Z');
      await loop().tick();
      expect(await endCustomerWait(deps, seen, org, clock.now(), requester.id)).toBeNull();
      expect(await reload(c.id)).toMatchObject({ status: 'closed' });
    });
  });
});
