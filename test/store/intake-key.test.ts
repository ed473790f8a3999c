// A case form submitted twice (issue 15 item 3: its first answer lost, or the process killed after
// the case was stored): the intake key (Slack `view.id`) is stored with the case, unique, so the
// second submission finds the first case, also when both arrive at once on two replicas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase, type CaseDeps, type OpenCaseInput } from '../../src/core/cases/index.js';
import { IntakeKeyTakenError } from '../../src/core/ports/storage.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import type { Store } from '../../src/store/index.js';
import {
  PROVIDERS,
  createTestDb,
  seedCustomer,
  seedOrg,
  seedTeam,
  testClock,
  warnIfPostgresSkipped,
  type TestDb,
} from '../helpers/db.js';

warnIfPostgresSkipped('intake key');

describe.each(PROVIDERS)('case intake key on $provider', ({ provider, enabled }) => {
  let db: TestDb;
  let replica: Store;
  let input: (intakeKey: string) => OpenCaseInput;
  const policy = loadPolicy('elastic');
  const deps = (store: Store): CaseDeps => ({ store, policy, clock: testClock() });
  beforeAll(async () => {
    if (!enabled) return;
    db = await createTestDb(provider);
    // SQLite serves one process: its "replica" is the same store (see claim-race.test.ts).
    replica = provider === 'postgresql' ? await db.openAnother() : db.store;
    const org = await seedOrg(db.store, { tier: 'platinum' });
    await seedTeam(db.store, { products: ['search'] });
    const requester = await seedCustomer(db.store, org);
    input = (intakeKey) => ({
      requesterId: requester.id,
      title: 'Cluster is red',
      situation: 'All shards unassigned',
      severity: 2,
      seriousness: 'Search is down',
      product: 'search',
      type: 'bug',
      intakeKey,
    });
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const casesWith = async (store: Store, title: string) =>
    (await store.cases.list({})).filter((c) => c.title === title);

  it.skipIf(!enabled)('opens one case for two concurrent opens with the same key', async () => {
    const key = `slack:view:V-${provider}-race`;
    const [a, b] = await Promise.all([
      openCase(deps(db.store), input(key)),
      openCase(deps(replica), input(key)),
    ]);
    expect(a.case.id).toBe(b.case.id);
    expect([a.repeated, b.repeated].sort()).toEqual([false, true]);
    expect(await db.store.cases.byIntakeKey(key)).toMatchObject({ id: a.case.id });
    const all = await db.store.cases.list({});
    expect(all.filter((c) => c.id === a.case.id)).toHaveLength(1);
    // The loser wrote nothing: one 'opened' event, one set of milestones.
    const events = await db.store.events.forCase(a.case.id);
    expect(events.filter((e) => e.kind === 'opened')).toHaveLength(1);
    const winner = a.repeated ? b : a;
    expect(await db.store.milestones.forCase(a.case.id)).toHaveLength(winner.milestones.length);
    expect((await casesWith(db.store, 'Cluster is red')).length).toBe(1);
  });

  it.skipIf(!enabled)(
    'returns the first case to a later submission with the same key',
    async () => {
      const key = `slack:view:V-${provider}-again`;
      const first = await openCase(deps(db.store), input(key));
      const again = await openCase(deps(replica), input(key));
      expect(again.repeated).toBe(true);
      expect(again.case.reference).toBe(first.case.reference);
      expect(again.firstResponse?.dueAt).toEqual(first.firstResponse?.dueAt);
      const other = await openCase(deps(db.store), input(`slack:view:V-${provider}-other`));
      expect(other.repeated).toBe(false);
      expect(other.case.id).not.toBe(first.case.id);
    },
  );

  it.skipIf(!enabled)('refuses a second row with a taken key at the repository', async () => {
    const key = `slack:view:V-${provider}-taken`;
    const first = await openCase(deps(db.store), input(key));
    const row = {
      orgId: first.case.orgId,
      requesterId: first.case.requesterId,
      teamId: null,
      title: 'Another',
      situation: 's',
      severity: 3,
      seriousness: 's',
      product: 'search',
      type: 'bug' as const,
      origin: null,
      customerPlace: null,
      openedAt: new Date('2026-03-02T10:00:00Z'),
      intakeKey: key,
    };
    await expect(replica.cases.create(row)).rejects.toBeInstanceOf(IntakeKeyTakenError);
    // Without a key, cases never collide.
    const a = await db.store.cases.create({ ...row, intakeKey: null });
    const b = await db.store.cases.create({ ...row, intakeKey: null });
    expect(a.id).not.toBe(b.id);
  });
});
