// Deflection outcomes swept to 'abandoned' by askedAt range, and milestones restarted after they
// were met (next-response), on SQLite always and PostgreSQL when TEST_POSTGRES_URL is set.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, seedCustomer, seedOrg, type TestDb } from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

const at = (iso: string) => new Date(iso);

describeOnEachProvider(
  'outcomes and restarts',
  (provider) => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(provider);
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it('abandons only pending questions asked in the range, at the given instant', async () => {
      const { deflections } = db.store;
      const asked = (question: string, iso: string) =>
        deflections.record({
          askedAt: at(iso),
          platform: 'shell',
          askerId: null,
          orgId: null,
          question,
          articleIds: ['kb/a'],
        });
      const old = await asked('old', '2026-05-01T08:00:00Z');
      const solved = await asked('solved', '2026-05-01T08:30:00Z');
      const fresh = await asked('fresh', '2026-05-02T08:00:00Z');
      await deflections.setOutcome(solved.id, 'solved', at('2026-05-01T09:00:00Z'));
      const sweep = at('2026-05-02T10:00:00Z');
      const range = { askedFrom: null, askedBefore: at('2026-05-01T10:00:00Z') };
      expect(await deflections.abandonPending(range, sweep)).toBe(1);
      expect(await deflections.byId(old.id)).toMatchObject({
        outcome: 'abandoned',
        outcomeAt: sweep,
      });
      expect((await deflections.byId(solved.id))?.outcome).toBe('solved');
      expect((await deflections.byId(fresh.id))?.outcome).toBe('pending');
      // A later range leaves earlier questions alone (they were swept already).
      const later = { askedFrom: at('2026-05-02T09:00:00Z'), askedBefore: sweep };
      expect(await deflections.abandonPending(later, sweep)).toBe(0);
      expect((await deflections.byId(fresh.id))?.outcome).toBe('pending');
    });

    it('starts a milestone once, refuses while it runs, and restarts it once met', async () => {
      const org = await seedOrg(db.store);
      const requester = await seedCustomer(db.store, org);
      const supportCase = await db.store.cases.create({
        orgId: org.id,
        requesterId: requester.id,
        teamId: null,
        title: 'Red cluster',
        situation: 'All shards unassigned',
        severity: 1,
        seriousness: 'Down',
        product: 'search',
        type: 'bug',
        origin: null,
        customerPlace: null,
        openedAt: at('2026-03-02T10:00:00Z'),
      });
      const run = (iso: string) => ({
        caseId: supportCase.id,
        kind: 'next-response' as const,
        startedAt: at(iso),
        dueAt: new Date(at(iso).getTime() + 3_600_000),
        businessHours: false,
        nextCheckAt: new Date(at(iso).getTime() + 1_800_000),
      });
      const { milestones } = db.store;
      const first = await milestones.start(run('2026-03-02T11:00:00Z'));
      expect(first).toMatchObject({ startedAt: at('2026-03-02T11:00:00Z'), metAt: null });
      expect(await milestones.start(run('2026-03-02T11:10:00Z'))).toBeNull();
      await milestones.markWarned(first?.id ?? '', null, 0.5, at('2026-03-02T11:45:00Z'));
      await milestones.markMet(supportCase.id, 'next-response', at('2026-03-02T11:40:00Z'));
      const again = await milestones.start(run('2026-03-02T12:00:00Z'));
      expect(again).toMatchObject({
        id: first?.id,
        startedAt: at('2026-03-02T12:00:00Z'),
        dueAt: at('2026-03-02T13:00:00Z'),
        nextCheckAt: at('2026-03-02T12:30:00Z'),
        metAt: null,
        warnedAt: null,
        breachedAt: null,
      });
      expect(await milestones.forCase(supportCase.id)).toHaveLength(1);
    });
  },
  'test/store',
);
