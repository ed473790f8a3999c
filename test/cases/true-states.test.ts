// True SLA states on the real core and store (issue 12 item 1): a target answered after its due
// instant is met late, resolving answers every target still owed, a severity change recomputes
// every owed target (breached ones too) as the policy's `severityChange` says, and a reopened case
// owes the policy's reopen target. Gold (Paris business hours) on Monday 2 March 2026, 11:00 Paris.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  changeSeverity,
  claimCase,
  meetResponseMilestones,
  openCase,
  reopenCase,
  resolveCase,
  type CaseDeps,
} from '../../src/core/cases/index.js';
import type { MilestoneKind, Person, SlaMilestone } from '../../src/core/model.js';
import { loadPolicy, milestoneState, parsePolicy } from '../../src/core/sla/index.js';
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
import { carryOverPolicy } from '../helpers/policies.js';

const HOUR = 3_600_000;

describeOnEachProvider('true SLA states', (provider) => {
  let db: TestDb;
  let requester: Person;
  let engineer: Person;
  let deps: CaseDeps;
  const clock = testClock();

  beforeEach(async () => {
    clock.set('2026-03-02T10:00:00Z'); // Monday 11:00 Paris
    db = await createTestDb(provider);
    deps = { store: db.store, policy: loadPolicy('elastic'), clock };
    const org = await seedOrg(db.store, {
      tier: 'gold',
      calendar: {
        timeZone: 'Europe/Paris',
        hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      },
    });
    const team = await seedTeam(db.store, { products: ['search'] });
    requester = await seedCustomer(db.store, org);
    engineer = await seedEngineer(db.store, team);
  });
  afterEach(async () => db.cleanup());

  const open = async (severity: number) =>
    (
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

  async function milestone(caseId: string, kind: MilestoneKind = 'first-response') {
    const found = (await db.store.milestones.forCase(caseId)).find((m) => m.kind === kind);
    if (!found) throw new Error(`no ${kind} milestone`);
    return found;
  }

  /** What the SLA loop writes at a breach (conditional on the target it measured). */
  async function breach(m: SlaMilestone): Promise<void> {
    expect(await db.store.milestones.markBreached(m.id, clock.now(), m.dueAt)).toBe(true);
  }

  const metEvents = async (caseId: string) =>
    (await db.store.events.forCase(caseId))
      .filter((event) => event.kind === 'sla-met')
      .map((event) => event.data);

  describe('a reply', () => {
    it('before the due instant is met; after it, met late (breach recorded or not yet)', async () => {
      // Gold Urgent: 4 business hours → 15:00 Paris (14:00Z).
      const onTime = await open(1);
      const breached = await open(1);
      const sameTick = await open(1);
      clock.advance(HOUR);
      const [met] = await meetResponseMilestones(db.store, onTime.id, clock.now());
      expect(met && milestoneState(met, clock.now())).toBe('met');

      clock.advance(4 * HOUR); // 15:00Z: an hour past due
      await breach(await milestone(breached.id));
      const [late] = await meetResponseMilestones(db.store, breached.id, clock.now());
      expect(late && milestoneState(late, clock.now())).toBe('met-late');
      // A reply in the same tick as the due instant passed: the loop has not written the breach.
      const [lateUnrecorded] = await meetResponseMilestones(db.store, sameTick.id, clock.now());
      expect(lateUnrecorded?.breachedAt).toBeNull();
      expect(lateUnrecorded && milestoneState(lateUnrecorded, clock.now())).toBe('met-late');
      // A met-late target stays met late, however long after.
      clock.advance(48 * HOUR);
      expect(milestoneState(await milestone(breached.id), clock.now())).toBe('met-late');
      expect(milestoneState(await milestone(onTime.id), clock.now())).toBe('met');
    });

    it('an owed target is running before its due instant and breached from it on', async () => {
      const supportCase = await open(1);
      expect(milestoneState(await milestone(supportCase.id), clock.now())).toBe('running');
      clock.set('2026-03-02T14:00:00Z');
      expect(milestoneState(await milestone(supportCase.id), clock.now())).toBe('breached');
    });
  });

  describe('resolving', () => {
    it('counts as the response: a case resolved with no reply never breaches its first response', async () => {
      const supportCase = await open(1);
      clock.advance(HOUR);
      await resolveCase(deps, { caseId: supportCase.id, actorId: engineer.id });
      const first = await milestone(supportCase.id);
      expect(first).toMatchObject({ metAt: clock.now(), breachedAt: null, nextCheckAt: null });
      expect(milestoneState(first, clock.now())).toBe('met');
      expect(await metEvents(supportCase.id)).toEqual([
        { milestone: 'first-response', late: false, dueAt: '2026-03-02T14:00:00.000Z' },
      ]);
      // Past the old due instant the SLA loop finds nothing to look at.
      clock.advance(24 * HOUR);
      expect(await db.store.milestones.dueForCheck(clock.now(), 10)).toEqual([]);
      expect(milestoneState(await milestone(supportCase.id), clock.now())).toBe('met');
    });

    it('past due, the first response is met late', async () => {
      const supportCase = await open(1);
      clock.advance(5 * HOUR);
      await breach(await milestone(supportCase.id));
      await resolveCase(deps, { caseId: supportCase.id, actorId: engineer.id });
      expect(milestoneState(await milestone(supportCase.id), clock.now())).toBe('met-late');
      expect(await metEvents(supportCase.id)).toEqual([
        { milestone: 'first-response', late: true, dueAt: '2026-03-02T14:00:00.000Z' },
      ]);
    });
  });

  describe('a severity change', () => {
    it('restarts a breached first response from the change at the new level (default: restart)', async () => {
      // Gold Normal: 2 business days → Wednesday 11:00 Paris (10:00Z).
      const supportCase = await open(3);
      clock.set('2026-03-04T12:00:00Z'); // Wednesday 13:00 Paris: two hours past due
      await breach(await milestone(supportCase.id));
      const changed = await changeSeverity(deps, {
        caseId: supportCase.id,
        actorId: engineer.id,
        severity: 1,
        reason: 'Checkout is down now',
      });
      const first = changed.milestones.find((m) => m.kind === 'first-response');
      // Gold Urgent from the change: 4 business hours from 13:00 → 17:00 Paris (16:00Z).
      expect(first).toMatchObject({
        startedAt: new Date('2026-03-04T12:00:00Z'),
        dueAt: new Date('2026-03-04T16:00:00Z'),
        breachedAt: null,
        metAt: null,
        warnedAt: null,
        // 50 %: two working hours in → 15:00 Paris.
        nextCheckAt: new Date('2026-03-04T14:00:00Z'),
      });
      expect(first && milestoneState(first, clock.now())).toBe('running');
      const event = (await db.store.events.forCase(supportCase.id)).find(
        (each) => each.kind === 'severity-changed',
      );
      expect(event?.data.milestones).toEqual([
        {
          kind: 'first-response',
          from: '2026-03-04T10:00:00.000Z',
          to: '2026-03-04T16:00:00.000Z',
        },
      ]);
      // No met event: nothing was answered.
      expect(await metEvents(supportCase.id)).toEqual([]);
    });

    it('leaves a target met late as it is', async () => {
      const supportCase = await open(3);
      clock.set('2026-03-04T12:00:00Z');
      await breach(await milestone(supportCase.id));
      await meetResponseMilestones(db.store, supportCase.id, clock.now());
      clock.advance(HOUR);
      const changed = await changeSeverity(deps, {
        caseId: supportCase.id,
        actorId: engineer.id,
        severity: 1,
        reason: 'worse',
      });
      const first = changed.milestones.find((m) => m.kind === 'first-response');
      expect(first?.dueAt).toEqual(new Date('2026-03-04T10:00:00Z'));
      expect(first && milestoneState(first, clock.now())).toBe('met-late');
    });

    it('with carry-over, counts the time elapsed against the new target: a raise past it is breached at once', async () => {
      deps = { ...deps, policy: carryOverPolicy() };
      expect(deps.policy.severityChange).toBe('carry-over');
      const running = await open(3);
      const breached = await open(3);
      clock.advance(HOUR); // 12:00 Paris
      const raised = await changeSeverity(deps, {
        caseId: running.id,
        actorId: engineer.id,
        severity: 1,
        reason: 'worse',
      });
      // Gold Urgent from the opening (11:00 Paris) → 15:00 Paris.
      expect(raised.milestones.find((m) => m.kind === 'first-response')).toMatchObject({
        startedAt: new Date('2026-03-02T10:00:00Z'),
        dueAt: new Date('2026-03-02T14:00:00Z'),
      });

      clock.set('2026-03-04T12:00:00Z');
      await breach(await milestone(breached.id));
      const changed = await changeSeverity(deps, {
        caseId: breached.id,
        actorId: engineer.id,
        severity: 1,
        reason: 'worse',
      });
      const first = changed.milestones.find((m) => m.kind === 'first-response');
      // The new level's target (from the opening) passed on Monday: owed and breached, and the SLA
      // loop looks at it at once to announce the breach of the new target.
      expect(first).toMatchObject({
        startedAt: new Date('2026-03-02T10:00:00Z'),
        dueAt: new Date('2026-03-02T14:00:00Z'),
        breachedAt: null,
      });
      expect(first && milestoneState(first, clock.now())).toBe('breached');
      const due = await db.store.milestones.dueForCheck(clock.now(), 10);
      expect(due.map((m) => m.id)).toContain(first?.id);
    });

    it('starts no first-response target once an engineer has answered', async () => {
      // A tier whose Normal level has no first-response target and Urgent has one.
      const policy = parsePolicy(
        `name: partial
title: Partial
severities:
  - { value: 1, id: urgent, label: Urgent, description: Down. }
  - { value: 3, id: normal, label: Normal, description: Other. }
tiers:
  - id: gold
    label: Gold
    severities: [1, 3]
    firstResponse:
      1: 1 hour 24/7
`,
        'partial.yml',
      );
      deps = { ...deps, policy };
      const answered = await open(3);
      const unanswered = await open(3);
      await claimCase(deps, { caseId: answered.id, actorId: engineer.id });
      await db.store.events.append({
        caseId: answered.id,
        kind: 'replied',
        actorId: engineer.id,
        at: clock.now(),
        data: { side: 'engineer', delivered: true },
      });
      clock.advance(HOUR);
      for (const supportCase of [answered, unanswered])
        await changeSeverity(deps, {
          caseId: supportCase.id,
          actorId: engineer.id,
          severity: 1,
          reason: 'worse',
        });
      expect(await db.store.milestones.forCase(answered.id)).toEqual([]);
      expect(await milestone(unanswered.id)).toMatchObject({
        startedAt: clock.now(),
        dueAt: new Date(clock.now().getTime() + HOUR),
      });
    });

    it('racing a reply: the reply is never lost', async () => {
      const supportCase = await open(3);
      clock.advance(HOUR);
      const [, met] = await Promise.all([
        changeSeverity(deps, {
          caseId: supportCase.id,
          actorId: engineer.id,
          severity: 1,
          reason: 'worse',
        }),
        meetResponseMilestones(db.store, supportCase.id, clock.now()),
      ]);
      expect(met).toHaveLength(1);
      const first = await milestone(supportCase.id);
      expect(first.metAt).toEqual(clock.now());
      expect(first.nextCheckAt).toBeNull();
      expect(milestoneState(first, clock.now())).toBe('met');
    });
  });

  describe('reopening', () => {
    it('starts the policy’s reopen target from the reopening, met by the next reply', async () => {
      const supportCase = await open(3);
      await claimCase(deps, { caseId: supportCase.id, actorId: engineer.id });
      clock.advance(HOUR);
      await meetResponseMilestones(db.store, supportCase.id, clock.now());
      await resolveCase(deps, { caseId: supportCase.id, actorId: engineer.id });
      clock.set('2026-03-03T11:00:00Z'); // Tuesday 12:00 Paris
      await reopenCase(deps, { caseId: supportCase.id, actorId: requester.id, reason: 'back' });
      // Elastic sets no reopen table: Gold Normal's first-response target, 2 business days.
      const reopen = await milestone(supportCase.id, 'reopen');
      expect(reopen).toMatchObject({
        startedAt: new Date('2026-03-03T11:00:00Z'),
        dueAt: new Date('2026-03-05T11:00:00Z'),
        businessHours: true,
        metAt: null,
        nextCheckAt: new Date('2026-03-04T11:00:00Z'),
      });
      const reopened = (await db.store.events.forCase(supportCase.id)).find(
        (event) => event.kind === 'reopened',
      );
      expect(reopened?.data).toEqual({ reason: 'back', reopenDueAt: '2026-03-05T11:00:00.000Z' });

      clock.advance(HOUR);
      const met = await meetResponseMilestones(db.store, supportCase.id, clock.now());
      expect(met.map((m) => m.kind)).toEqual(['reopen']);
      expect(milestoneState(await milestone(supportCase.id, 'reopen'), clock.now())).toBe('met');

      // Resolved and reopened again: the same target restarts from the second reopening.
      await resolveCase(deps, { caseId: supportCase.id, actorId: engineer.id });
      clock.advance(HOUR);
      await reopenCase(deps, { caseId: supportCase.id, actorId: requester.id });
      expect(await milestone(supportCase.id, 'reopen')).toMatchObject({
        startedAt: clock.now(),
        metAt: null,
      });
    });

    it('a reopened case nobody answers breaches its reopen target; resolving meets it late', async () => {
      const supportCase = await open(1);
      await resolveCase(deps, { caseId: supportCase.id, actorId: engineer.id });
      clock.advance(HOUR);
      await reopenCase(deps, { caseId: supportCase.id, actorId: requester.id });
      const reopen = await milestone(supportCase.id, 'reopen');
      // Gold Urgent: 4 business hours from 12:00 Paris → 16:00 Paris.
      expect(reopen.dueAt).toEqual(new Date('2026-03-02T15:00:00Z'));
      clock.set('2026-03-02T16:00:00Z');
      expect(milestoneState(reopen, clock.now())).toBe('breached');
      expect((await db.store.milestones.dueForCheck(clock.now(), 10)).map((m) => m.id)).toContain(
        reopen.id,
      );
      await resolveCase(deps, { caseId: supportCase.id, actorId: engineer.id });
      expect(milestoneState(await milestone(supportCase.id, 'reopen'), clock.now())).toBe(
        'met-late',
      );
    });
  });
});
