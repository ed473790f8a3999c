// Claiming, refusals (capacity, away, team), admin overrides, unclaim and reassign: each change
// is recorded in the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimCase,
  openCase,
  reassignCase,
  unclaimCase,
  type CaseDeps,
} from '../../src/core/cases/index.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import type { Person, SupportCase, Team } from '../../src/core/model.js';
import {
  createTestDb,
  seedCustomer,
  seedEngineer,
  seedOrg,
  seedPerson,
  seedTeam,
  testClock,
  type TestDb,
} from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

describeOnEachProvider('claim, unclaim and reassign', (provider) => {
  let db: TestDb;
  let team: Team;
  let otherTeam: Team;
  let requester: Person;
  let deps: CaseDeps;
  const clock = testClock('2026-03-02T10:00:00Z');

  beforeEach(async () => {
    db = await createTestDb(provider);
    expect(db.store.provider).toBe(provider);
    deps = { store: db.store, policy: loadPolicy('elastic'), clock };
    const org = await seedOrg(db.store, { tier: 'enterprise' });
    team = await seedTeam(db.store, { products: ['search'] });
    otherTeam = await seedTeam(db.store, { products: ['billing'] });
    requester = await seedCustomer(db.store, org);
  });
  afterEach(async () => db.cleanup());

  async function newCase(product = 'search'): Promise<SupportCase> {
    const opened = await openCase(deps, {
      requesterId: requester.id,
      title: 'T',
      situation: 'S',
      severity: 2,
      seriousness: 'x',
      product,
      type: 'bug',
    });
    return opened.case;
  }

  async function kinds(caseId: string) {
    return (await db.store.events.forCase(caseId)).map((event) => [event.kind, event.data]);
  }

  describe('claimCase', () => {
    it('gives the case to the engineer and records it', async () => {
      const engineer = await seedEngineer(db.store, team);
      const supportCase = await newCase();
      const claimed = await claimCase(deps, {
        caseId: supportCase.reference,
        actorId: engineer.id,
      });
      expect(claimed).toMatchObject({ assigneeId: engineer.id, status: 'claimed' });
      expect(await kinds(supportCase.id)).toContainEqual(['claimed', {}]);
      await expect(
        claimCase(deps, { caseId: supportCase.id, actorId: engineer.id }),
      ).rejects.toMatchObject({ code: 'ALREADY_YOURS' });
    });

    it('refuses customers', async () => {
      const supportCase = await newCase();
      await expect(
        claimCase(deps, { caseId: supportCase.id, actorId: requester.id }),
      ).rejects.toMatchObject({ code: 'NOT_AN_ENGINEER' });
    });

    it('refuses an engineer at capacity, saying how many cases they hold', async () => {
      const engineer = await seedEngineer(db.store, team, { capacity: 2 });
      for (const each of [await newCase(), await newCase()])
        await claimCase(deps, { caseId: each.id, actorId: engineer.id });
      const third = await newCase();
      await expect(
        claimCase(deps, { caseId: third.id, actorId: engineer.id }),
      ).rejects.toMatchObject({
        code: 'AT_CAPACITY',
        message: 'You are at capacity (2 of 2 open cases): hand one over first.',
      });
      expect((await db.store.cases.byId(third.id))?.assigneeId).toBeNull();
    });

    it('refuses an engineer who is away or in training', async () => {
      const away = await seedEngineer(db.store, team, { availability: 'away' });
      const training = await seedEngineer(db.store, team, { availability: 'training' });
      const supportCase = await newCase();
      await expect(
        claimCase(deps, { caseId: supportCase.id, actorId: away.id }),
      ).rejects.toMatchObject({
        code: 'ENGINEER_AWAY',
        message: expect.stringContaining('marked as away'),
      });
      await expect(
        claimCase(deps, { caseId: supportCase.id, actorId: training.id }),
      ).rejects.toMatchObject({
        code: 'ENGINEER_AWAY',
        message: expect.stringContaining('marked as training'),
      });
    });

    it('refuses an engineer outside the owning team, unless an admin overrides (recorded)', async () => {
      const outsider = await seedEngineer(db.store, otherTeam);
      const admin = await seedPerson(db.store, {
        roles: ['engineer', 'admin'],
        teamId: otherTeam.id,
      });
      const supportCase = await newCase();
      await expect(
        claimCase(deps, { caseId: supportCase.id, actorId: outsider.id }),
      ).rejects.toMatchObject({ code: 'WRONG_TEAM' });
      await expect(
        claimCase(deps, { caseId: supportCase.id, actorId: outsider.id, override: true }),
      ).rejects.toMatchObject({ code: 'WRONG_TEAM' });
      await expect(
        claimCase(deps, { caseId: supportCase.id, actorId: admin.id }),
      ).rejects.toMatchObject({ message: expect.stringContaining('as an admin you may override') });
      const claimed = await claimCase(deps, {
        caseId: supportCase.id,
        actorId: admin.id,
        override: true,
      });
      expect(claimed.assigneeId).toBe(admin.id);
      expect(await kinds(supportCase.id)).toContainEqual(['claimed', { override: ['WRONG_TEAM'] }]);
    });
  });

  describe('unclaimCase and reassignCase', () => {
    it('puts a case back in the queue, recorded with the previous assignee', async () => {
      const engineer = await seedEngineer(db.store, team);
      const other = await seedEngineer(db.store, team);
      const supportCase = await newCase();
      await claimCase(deps, { caseId: supportCase.id, actorId: engineer.id });
      await expect(
        unclaimCase(deps, { caseId: supportCase.id, actorId: other.id }),
      ).rejects.toMatchObject({ code: 'NOT_YOUR_CASE' });
      const released = await unclaimCase(deps, {
        caseId: supportCase.id,
        actorId: engineer.id,
        reason: 'off sick',
      });
      expect(released).toMatchObject({ assigneeId: null, status: 'open' });
      expect(await kinds(supportCase.id)).toContainEqual([
        'unclaimed',
        { previousAssigneeId: engineer.id, reason: 'off sick' },
      ]);
      await expect(
        unclaimCase(deps, { caseId: supportCase.id, actorId: engineer.id }),
      ).rejects.toMatchObject({ code: 'NOT_CLAIMED' });
      expect(
        (await claimCase(deps, { caseId: supportCase.id, actorId: other.id })).assigneeId,
      ).toBe(other.id);
    });

    it('hands a case to a teammate, refusing one at capacity unless an admin overrides', async () => {
      const holder = await seedEngineer(db.store, team);
      const full = await seedEngineer(db.store, team, { capacity: 0, displayName: 'Frank' });
      const free = await seedEngineer(db.store, team);
      const admin = await seedPerson(db.store, { roles: ['admin'] });
      const supportCase = await newCase();
      await claimCase(deps, { caseId: supportCase.id, actorId: holder.id });
      await expect(
        reassignCase(deps, { caseId: supportCase.id, actorId: holder.id, toPersonId: full.id }),
      ).rejects.toMatchObject({
        code: 'AT_CAPACITY',
        message: 'Frank is at capacity (0 of 0 open cases): hand one over first.',
      });
      await expect(
        reassignCase(deps, {
          caseId: supportCase.id,
          actorId: holder.id,
          toPersonId: requester.id,
        }),
      ).rejects.toMatchObject({ code: 'NOT_AN_ENGINEER' });
      const moved = await reassignCase(deps, {
        caseId: supportCase.id,
        actorId: holder.id,
        toPersonId: free.id,
        reason: 'timezone',
      });
      expect(moved.assigneeId).toBe(free.id);
      const forced = await reassignCase(deps, {
        caseId: supportCase.id,
        actorId: admin.id,
        toPersonId: full.id,
        override: true,
      });
      expect(forced.assigneeId).toBe(full.id);
      const log = await kinds(supportCase.id);
      expect(log).toContainEqual([
        'reassigned',
        { fromAssigneeId: holder.id, toAssigneeId: free.id, reason: 'timezone' },
      ]);
      expect(log).toContainEqual([
        'reassigned',
        { fromAssigneeId: free.id, toAssigneeId: full.id, reason: null, override: ['AT_CAPACITY'] },
      ]);
    });

    it('refuses a reassignment by an engineer of another team', async () => {
      const holder = await seedEngineer(db.store, team);
      const outsider = await seedEngineer(db.store, otherTeam);
      const supportCase = await newCase();
      await claimCase(deps, { caseId: supportCase.id, actorId: holder.id });
      await expect(
        reassignCase(deps, {
          caseId: supportCase.id,
          actorId: outsider.id,
          toPersonId: outsider.id,
        }),
      ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    });
  });
});
