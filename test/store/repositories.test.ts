// The Prisma repositories on SQLite always, and on PostgreSQL when TEST_POSTGRES_URL is set.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDb,
  seedCustomer,
  seedEngineer,
  seedOrg,
  seedTeam,
  type TestDb,
} from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';
import type { NewCase } from '../../src/core/ports/storage.js';
import type { Org, Person } from '../../src/core/model.js';

const at = (iso: string) => new Date(iso);

function newCase(org: Org, requester: Person, overrides: Partial<NewCase> = {}): NewCase {
  return {
    orgId: org.id,
    requesterId: requester.id,
    teamId: null,
    title: 'Cluster is red',
    situation: 'All shards unassigned',
    severity: 2,
    seriousness: 'Demo tomorrow',
    product: 'search',
    type: 'bug',
    origin: { platform: 'slack', channelId: 'C1', threadId: null, messageId: '111.1' },
    customerPlace: { platform: 'slack', channelId: 'C1', threadId: '111.1', messageId: null },
    openedAt: at('2026-03-02T10:00:00Z'),
    ...overrides,
  };
}

describeOnEachProvider(
  'repositories',
  (provider) => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(provider);
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it('finds orgs by identity and people by platform account', async () => {
      const { directory } = db.store;
      const org = await seedOrg(db.store, {
        identities: [
          { platform: 'slack', kind: 'team', value: 'T-acme' },
          { platform: 'discord', kind: 'role', value: 'R-acme' },
        ],
        calendar: {
          timeZone: 'America/New_York',
          hours: { days: [1, 2, 3, 4], start: '08:00', end: '17:00' },
          country: 'US',
          region: 'NY',
          extraClosedDates: ['2026-12-24'],
        },
      });
      const found = await directory.orgForIdentities([
        { platform: 'discord', kind: 'guild', value: 'G-unknown' },
        { platform: 'discord', kind: 'role', value: 'R-acme' },
      ]);
      expect(found?.id).toBe(org.id);
      expect(found?.calendar).toEqual({
        timeZone: 'America/New_York',
        hours: { days: [1, 2, 3, 4], start: '08:00', end: '17:00' },
        country: 'US',
        region: 'NY',
        extraClosedDates: ['2026-12-24'],
      });
      expect(
        await directory.orgForIdentities([{ platform: 'slack', kind: 'team', value: 'T-other' }]),
      ).toBeNull();

      const customer = await seedCustomer(db.store, org, {
        identities: [{ platform: 'slack', userId: 'U-ann' }],
      });
      expect((await directory.personByIdentity({ platform: 'slack', userId: 'U-ann' }))?.id).toBe(
        customer.id,
      );
      expect(await directory.personByIdentity({ platform: 'discord', userId: 'U-ann' })).toBeNull();
    });

    it('creates an unknown asker once and links them to an org later', async () => {
      const { directory } = db.store;
      const org = await seedOrg(db.store);
      const first = await directory.ensurePerson({
        identity: { platform: 'discord', userId: 'D-42' },
        displayName: 'Zoe',
        orgId: null,
      });
      expect(first.roles).toEqual(['customer']);
      expect(first.orgId).toBeNull();
      expect(first.capacity).toBe(15);
      const again = await directory.ensurePerson({
        identity: { platform: 'discord', userId: 'D-42' },
        displayName: 'Zoe',
        orgId: org.id,
      });
      expect(again.id).toBe(first.id);
      expect(again.orgId).toBe(org.id);
    });

    it('routes products case-insensitively and lists engineers of a team', async () => {
      const { directory } = db.store;
      const team = await seedTeam(db.store, {
        products: ['Elasticsearch', 'Kibana'],
        channels: [{ platform: 'discord', channelId: 'CH-9' }],
      });
      await seedEngineer(db.store, team, { handle: 'eng-b' });
      await seedEngineer(db.store, team, { handle: 'eng-a' });
      expect((await directory.teamForProduct(' elasticsearch '))?.id).toBe(team.id);
      expect((await directory.teamForChannel('discord', 'CH-9'))?.id).toBe(team.id);
      expect((await directory.teamById(team.id))?.products).toEqual(['Elasticsearch', 'Kibana']);
      expect((await directory.engineersOfTeam(team.id)).map((person) => person.handle)).toEqual([
        'eng-a',
        'eng-b',
      ]);
    });

    it('numbers cases CASE-1001, CASE-1002… and finds them by reference and by place', async () => {
      const org = await seedOrg(db.store);
      const requester = await seedCustomer(db.store, org);
      const first = await db.store.cases.create(newCase(org, requester));
      const second = await db.store.cases.create(
        newCase(org, requester, { customerPlace: { platform: 'discord', channelId: 'TH-1' } }),
      );
      expect(second.number).toBe(first.number + 1);
      expect(first.reference).toMatch(/^CASE-1\d{3}$/);
      expect((await db.store.cases.byReference(first.reference.toLowerCase()))?.id).toBe(first.id);
      expect((await db.store.cases.byReference(String(second.number)))?.id).toBe(second.id);
      expect((await db.store.cases.byPlace({ platform: 'discord', channelId: 'TH-1' }))?.id).toBe(
        second.id,
      );
      const updated = await db.store.cases.update(first.id, {
        alertPlace: {
          platform: 'slack',
          channelId: 'C-team',
          threadId: '999.1',
          messageId: '999.1',
        },
        updatedAt: at('2026-03-02T10:01:00Z'),
      });
      expect(updated.alertPlace).toEqual({
        platform: 'slack',
        channelId: 'C-team',
        threadId: '999.1',
        messageId: '999.1',
      });
      expect(
        (
          await db.store.cases.byPlace({
            platform: 'slack',
            channelId: 'C-team',
            threadId: '999.1',
          })
        )?.id,
      ).toBe(first.id);
    });

    it('counts open cases per assignee, ignoring resolved ones', async () => {
      const org = await seedOrg(db.store);
      const requester = await seedCustomer(db.store, org);
      const team = await seedTeam(db.store);
      const engineer = await seedEngineer(db.store, team);
      const cases = await Promise.all(
        [1, 2, 3].map(() => db.store.cases.create(newCase(org, requester))),
      );
      for (const each of cases)
        await db.store.cases.claim(each.id, engineer.id, at('2026-03-02T10:05:00Z'));
      await db.store.cases.update(cases[0]!.id, {
        status: 'resolved',
        updatedAt: at('2026-03-02T11:00:00Z'),
      });
      const counts = await db.store.cases.countOpenByAssignee([engineer.id, requester.id]);
      expect(counts.get(engineer.id)).toBe(2);
      expect(counts.has(requester.id)).toBe(false);
    });

    it('hands the SLA loop due milestones in order from the nextCheckAt index, each warning once', async () => {
      const org = await seedOrg(db.store);
      const requester = await seedCustomer(db.store, org);
      const supportCase = await db.store.cases.create(newCase(org, requester));
      const other = await db.store.cases.create(newCase(org, requester));
      const base = {
        startedAt: at('2026-03-02T10:00:00Z'),
        dueAt: at('2026-03-02T14:00:00Z'),
        businessHours: false,
      };
      const late = await db.store.milestones.create({
        ...base,
        caseId: supportCase.id,
        kind: 'first-response',
        nextCheckAt: at('2026-03-02T12:00:00Z'),
      });
      const early = await db.store.milestones.create({
        ...base,
        caseId: other.id,
        kind: 'first-response',
        nextCheckAt: at('2026-03-02T11:00:00Z'),
      });
      await db.store.milestones.create({
        ...base,
        caseId: supportCase.id,
        kind: 'resolution',
        nextCheckAt: null,
      });
      const due = await db.store.milestones.dueForCheck(at('2026-03-02T12:00:00Z'), 100);
      const ours = due
        .filter((milestone) => [late.id, early.id].includes(milestone.id))
        .map((milestone) => milestone.id);
      expect(ours).toEqual([early.id, late.id]);
      expect(
        await db.store.milestones.dueForCheck(at('2026-03-02T10:30:00Z'), 100),
      ).not.toContainEqual(expect.objectContaining({ id: early.id }));

      expect(
        await db.store.milestones.markWarned(early.id, null, 0.5, at('2026-03-02T13:00:00Z')),
      ).toBe(true);
      expect(
        await db.store.milestones.markWarned(early.id, null, 0.5, at('2026-03-02T13:00:00Z')),
      ).toBe(false);
      expect(await db.store.milestones.markBreached(early.id, at('2026-03-02T14:00:00Z'))).toBe(
        true,
      );
      expect(await db.store.milestones.markBreached(early.id, at('2026-03-02T14:01:00Z'))).toBe(
        false,
      );
      const met = await db.store.milestones.markMet(
        supportCase.id,
        'first-response',
        at('2026-03-02T10:20:00Z'),
      );
      expect(met?.metAt).toEqual(at('2026-03-02T10:20:00Z'));
      expect(met?.nextCheckAt).toBeNull();
      expect(
        await db.store.milestones.markMet(
          supportCase.id,
          'first-response',
          at('2026-03-02T10:30:00Z'),
        ),
      ).toBeNull();
    });

    it('removes a milestone only while it runs: a met or breached one keeps its record', async () => {
      const org = await seedOrg(db.store);
      const requester = await seedCustomer(db.store, org);
      const supportCase = await db.store.cases.create(newCase(org, requester));
      const base = {
        caseId: supportCase.id,
        startedAt: at('2026-03-02T10:00:00Z'),
        dueAt: at('2026-03-02T14:00:00Z'),
        businessHours: false,
        nextCheckAt: at('2026-03-02T11:00:00Z'),
      };
      const met = await db.store.milestones.create({ ...base, kind: 'first-response' });
      const breached = await db.store.milestones.create({ ...base, kind: 'next-response' });
      const running = await db.store.milestones.create({ ...base, kind: 'resolution' });
      await db.store.milestones.markMet(
        supportCase.id,
        'first-response',
        at('2026-03-02T10:20:00Z'),
      );
      await db.store.milestones.markBreached(breached.id, at('2026-03-02T14:00:00Z'));
      expect(await db.store.milestones.removeIfRunning(met.id)).toBe(false);
      expect(await db.store.milestones.removeIfRunning(breached.id)).toBe(false);
      expect(await db.store.milestones.removeIfRunning(running.id)).toBe(true);
      const left = await db.store.milestones.forCase(supportCase.id);
      expect(left.map((m) => m.kind).sort()).toEqual(['first-response', 'next-response']);
    });

    it("lets the SLA loop's writes lose to a target moved meanwhile (severity change)", async () => {
      const org = await seedOrg(db.store);
      const requester = await seedCustomer(db.store, org);
      const supportCase = await db.store.cases.create(newCase(org, requester));
      const read = await db.store.milestones.create({
        caseId: supportCase.id,
        kind: 'first-response',
        startedAt: at('2026-03-02T10:00:00Z'),
        dueAt: at('2026-03-02T14:00:00Z'),
        businessHours: false,
        nextCheckAt: at('2026-03-02T12:00:00Z'),
      });
      // The loop read `read`; then a severity change moves the target.
      await db.store.milestones.retarget(
        read.id,
        at('2026-03-02T11:00:00Z'),
        false,
        at('2026-03-02T10:30:00Z'),
      );
      const stale = read.dueAt;
      expect(await db.store.milestones.reschedule(read.id, stale, at('2026-03-02T13:00:00Z'))).toBe(
        false,
      );
      expect(
        await db.store.milestones.markWarned(read.id, null, 0.5, at('2026-03-02T13:00:00Z'), stale),
      ).toBe(false);
      expect(
        await db.store.milestones.markBreached(read.id, at('2026-03-02T14:00:00Z'), stale),
      ).toBe(false);
      const [kept] = await db.store.milestones.forCase(supportCase.id);
      expect(kept).toMatchObject({
        dueAt: at('2026-03-02T11:00:00Z'),
        nextCheckAt: at('2026-03-02T10:30:00Z'),
        warnedAt: null,
        breachedAt: null,
      });
      // Measured against the current target, the same writes go through.
      expect(
        await db.store.milestones.reschedule(read.id, kept!.dueAt, at('2026-03-02T10:45:00Z')),
      ).toBe(true);
      expect(
        await db.store.milestones.markBreached(read.id, at('2026-03-02T11:00:00Z'), kept!.dueAt),
      ).toBe(true);
    });

    it('keeps the audit log in order with its data', async () => {
      const org = await seedOrg(db.store);
      const requester = await seedCustomer(db.store, org);
      const supportCase = await db.store.cases.create(newCase(org, requester));
      const when = at('2026-03-02T10:00:00Z');
      await db.store.events.append({
        caseId: supportCase.id,
        kind: 'opened',
        actorId: requester.id,
        at: when,
        data: { severity: 2 },
      });
      await db.store.events.append({
        caseId: supportCase.id,
        kind: 'replied',
        actorId: null,
        at: when,
      });
      const events = await db.store.events.forCase(supportCase.id);
      expect(events.map((event) => event.kind)).toEqual(['opened', 'replied']);
      expect(events[0]?.data).toEqual({ severity: 2 });
      expect(events[1]?.data).toEqual({});
    });

    it('reports the deflection rate over decided questions', async () => {
      const { deflections } = db.store;
      const asked = (question: string, day: string) =>
        deflections.record({
          askedAt: at(`${day}T09:00:00Z`),
          platform: 'slack',
          askerId: null,
          orgId: null,
          question,
          articleIds: ['kb/a', 'kb/b'],
        });
      const a = await asked('how to snapshot', '2026-01-10');
      const b = await asked('red cluster', '2026-01-10');
      const c = await asked('jvm heap', '2026-01-11');
      await asked('pending one', '2026-01-11');
      await asked('outside the range', '2026-02-01');
      await deflections.setOutcome(a.id, 'solved', at('2026-01-10T09:05:00Z'));
      await deflections.setOutcome(b.id, 'solved', at('2026-01-10T09:06:00Z'));
      await deflections.setOutcome(c.id, 'escalated', at('2026-01-11T10:00:00Z'), null);
      // The outcome time is the instant handed in (the app clock), not the host's clock.
      expect((await deflections.byId(a.id))?.outcomeAt).toEqual(at('2026-01-10T09:05:00Z'));
      expect((await deflections.byId(c.id))?.outcomeAt).toEqual(at('2026-01-11T10:00:00Z'));
      expect((await deflections.byId(a.id))?.articleIds).toEqual(['kb/a', 'kb/b']);
      const report = await deflections.report({
        from: at('2026-01-01T00:00:00Z'),
        to: at('2026-01-31T00:00:00Z'),
      });
      expect(report.total).toBe(4);
      expect(report.byOutcome).toEqual({
        pending: 1,
        solved: 2,
        escalated: 1,
        'no-answer': 0,
        abandoned: 0,
      });
      expect(report.deflectionRate).toBeCloseTo(2 / 3);
    });

    it('commits a transaction whole or not at all', async () => {
      const org = await seedOrg(db.store);
      const requester = await seedCustomer(db.store, org);
      const before = await db.store.cases.list({ orgId: org.id });
      await expect(
        db.store.transaction(async (tx) => {
          const created = await tx.cases.create(newCase(org, requester));
          await tx.events.append({
            caseId: created.id,
            kind: 'opened',
            actorId: null,
            at: new Date(),
          });
          throw new Error('crash half-way');
        }),
      ).rejects.toThrow('crash half-way');
      expect(await db.store.cases.list({ orgId: org.id })).toEqual(before);
      const committed = await db.store.transaction((tx) =>
        tx.cases.create(newCase(org, requester)),
      );
      expect((await db.store.cases.byId(committed.id))?.id).toBe(committed.id);
    });
  },
  'test/store',
);
