// Severity changes (who, why, recomputed targets), resolve, reopen within the window, close.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  changeSeverity,
  claimCase,
  closeCase,
  openCase,
  reopenCase,
  resolveCase,
  type CaseDeps,
} from '../../src/core/cases/index.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import type { Person, Team } from '../../src/core/model.js';
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

describeOnEachProvider('severity and lifecycle', (provider) => {
  let db: TestDb;
  let team: Team;
  let requester: Person;
  let engineer: Person;
  let deps: CaseDeps;
  const clock = testClock();
  const HOUR = 3_600_000;

  beforeEach(async () => {
    clock.set('2026-03-02T10:00:00Z'); // Monday 11:00 Paris
    db = await createTestDb(provider);
    expect(db.store.provider).toBe(provider);
    deps = { store: db.store, policy: loadPolicy('elastic'), clock };
    const org = await seedOrg(db.store, {
      tier: 'gold',
      calendar: {
        timeZone: 'Europe/Paris',
        hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      },
    });
    team = await seedTeam(db.store, { products: ['search'] });
    requester = await seedCustomer(db.store, org);
    engineer = await seedEngineer(db.store, team);
  });
  afterEach(async () => db.cleanup());

  const open = (severity = 3) =>
    openCase(deps, {
      requesterId: requester.id,
      title: 'T',
      situation: 'S',
      severity,
      seriousness: 'x',
      product: 'search',
      type: 'question',
    });

  describe('changeSeverity', () => {
    it('records who and why and recomputes the running first-response target from the change', async () => {
      const opened = await open(3); // Gold Normal: 2 business days → Wednesday 11:00 Paris
      expect(opened.firstResponse?.dueAt.toISOString()).toBe('2026-03-04T10:00:00.000Z');
      clock.advance(HOUR);
      const changed = await changeSeverity(deps, {
        caseId: opened.case.id,
        actorId: requester.id,
        severity: 1,
        reason: 'Checkout is down now',
      });
      expect(changed.case.severity).toBe(1);
      const [milestone] = changed.milestones;
      // The policy's default (severityChange: restart): Gold Urgent's 4 business hours from the
      // change (12:00 Paris) → 16:00 Paris.
      expect(milestone?.dueAt.toISOString()).toBe('2026-03-02T15:00:00.000Z');
      expect(milestone?.startedAt.toISOString()).toBe('2026-03-02T11:00:00.000Z');
      // 50 %: 14:00 Paris = 13:00Z.
      expect(milestone?.nextCheckAt?.toISOString()).toBe('2026-03-02T13:00:00.000Z');
      const event = (await db.store.events.forCase(opened.case.id)).find(
        (each) => each.kind === 'severity-changed',
      );
      expect(event?.actorId).toBe(requester.id);
      expect(event?.data).toEqual({
        from: 3,
        to: 1,
        reason: 'Checkout is down now',
        milestones: [
          {
            kind: 'first-response',
            from: '2026-03-04T10:00:00.000Z',
            to: '2026-03-02T15:00:00.000Z',
          },
        ],
      });
    });

    it('requires a reason and keeps the tier rules', async () => {
      const opened = await open(3);
      await expect(
        changeSeverity(deps, {
          caseId: opened.case.id,
          actorId: engineer.id,
          severity: 2,
          reason: ' ',
        }),
      ).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
      await expect(
        changeSeverity(deps, {
          caseId: opened.case.id,
          actorId: engineer.id,
          severity: 4,
          reason: 'not prod',
        }),
      ).rejects.toMatchObject({ code: 'SEVERITY_NOT_ALLOWED_FOR_TIER' });
      await expect(
        changeSeverity(deps, {
          caseId: opened.case.id,
          actorId: engineer.id,
          severity: 3,
          reason: 'same',
        }),
      ).rejects.toMatchObject({ code: 'SAME_SEVERITY' });
    });
  });

  describe('resolve, reopen and close', () => {
    it('resolves, reopens within 7 days back to the assignee, then refuses after the window', async () => {
      const opened = await open();
      await claimCase(deps, { caseId: opened.case.id, actorId: engineer.id });
      const resolved = await resolveCase(deps, {
        caseId: opened.case.id,
        actorId: engineer.id,
        note: 'config fixed',
      });
      expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: clock.now() });
      expect((await db.store.milestones.forCase(opened.case.id))[0]?.nextCheckAt).toBeNull();
      await expect(
        resolveCase(deps, { caseId: opened.case.id, actorId: engineer.id }),
      ).rejects.toMatchObject({ code: 'CASE_NOT_OPEN' });

      clock.advance(6 * 24 * HOUR);
      const reopened = await reopenCase(deps, {
        caseId: opened.case.id,
        actorId: requester.id,
        reason: 'back again',
      });
      expect(reopened).toMatchObject({
        status: 'claimed',
        assigneeId: engineer.id,
        resolvedAt: null,
      });

      await resolveCase(deps, { caseId: opened.case.id, actorId: engineer.id });
      clock.advance(7 * 24 * HOUR + 60_000);
      await expect(
        reopenCase(deps, { caseId: opened.case.id, actorId: requester.id }),
      ).rejects.toMatchObject({
        code: 'REOPEN_WINDOW_PASSED',
        message: expect.stringContaining('more than 7 days ago'),
      });
      expect(
        await reopenCase(
          { ...deps, reopenWindowDays: 30 },
          { caseId: opened.case.id, actorId: requester.id },
        ),
      ).toMatchObject({ status: 'claimed' });
    });

    it('closes for good and logs every step', async () => {
      const opened = await open();
      const stranger = await seedCustomer(db.store, await seedOrg(db.store));
      await expect(
        closeCase(deps, { caseId: opened.case.id, actorId: stranger.id }),
      ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
      const closed = await closeCase(deps, {
        caseId: opened.case.id,
        actorId: requester.id,
        reason: 'solved myself',
      });
      expect(closed).toMatchObject({ status: 'closed', closedAt: clock.now() });
      await expect(
        reopenCase(deps, { caseId: opened.case.id, actorId: requester.id }),
      ).rejects.toMatchObject({ code: 'CASE_NOT_OPEN' });
      expect((await db.store.events.forCase(opened.case.id)).map((event) => event.kind)).toEqual([
        'opened',
        'closed',
      ]);
    });
  });
});
