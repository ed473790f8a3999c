// A severity change racing other writes on the same case, on a real database (SQLite, and
// PostgreSQL when TEST_POSTGRES_URL is set). The interleaving is made deterministic by a store
// whose `transaction` first runs "the other write" to completion: exactly the window between the
// change's first reads and its transaction.
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  changeSeverity,
  meetResponseMilestones,
  openCase,
  resolveCase,
  type CaseDeps,
  type CaseStore,
} from '../../src/core/cases/index.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import type { Person, SlaMilestone } from '../../src/core/model.js';
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

const HOUR = 3_600_000;

/** The store, except that its next transaction first lets `meanwhile` run to completion. */
function interleaved(store: CaseStore, meanwhile: () => Promise<unknown>): CaseStore {
  let pending: (() => Promise<unknown>) | null = meanwhile;
  return {
    ...store,
    async transaction(work) {
      const other = pending;
      pending = null;
      if (other) await other();
      return store.transaction(work);
    },
  };
}

/**
 * The store, except that each transaction waits until `count` of them were asked for: every
 * caller has made its first reads before any of them writes (then they run as the database lets
 * them: one at a time on SQLite, truly concurrent on PostgreSQL).
 */
function together(store: CaseStore, count: number): CaseStore {
  let waiting = 0;
  let release: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    ...store,
    async transaction(work) {
      waiting += 1;
      if (waiting === count) release();
      await all;
      return store.transaction(work);
    },
  };
}

describeOnEachProvider('severity change races', (provider) => {
  let db: TestDb;
  let requester: Person;
  let engineer: Person;
  let deps: CaseDeps;
  const clock = testClock();

  beforeEach(async () => {
    clock.set('2026-03-02T10:00:00Z'); // Monday 11:00 Paris
    db = await createTestDb(provider);
    deps = { store: db.store, policy: loadPolicy('elastic'), clock };
    const org = await seedOrg(db.store, { tier: 'gold' });
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
        type: 'bug',
      })
    ).case;
  const change = (store: CaseStore, caseId: string, severity: number, actor = engineer) =>
    changeSeverity(
      { ...deps, store },
      { caseId, actorId: actor.id, severity, reason: 'impact changed' },
    );
  const firstResponse = async (caseId: string): Promise<SlaMilestone | undefined> =>
    (await db.store.milestones.forCase(caseId)).find((m) => m.kind === 'first-response');
  const severityEvents = async (caseId: string) =>
    (await db.store.events.forCase(caseId)).filter((e) => e.kind === 'severity-changed');

  it('a reply that meets the first response meanwhile keeps it met, and the SLA loop never checks it again', async () => {
    const opened = await open(3);
    clock.advance(HOUR);
    const reply = () => meetResponseMilestones(db.store, opened.id, clock.now());
    const changed = await change(interleaved(db.store, reply), opened.id, 2);
    expect(changed.case.severity).toBe(2);
    const met = await firstResponse(opened.id);
    expect(met?.metAt?.toISOString()).toBe('2026-03-02T11:00:00.000Z');
    // Not re-armed: no next check, the target it was met against, no warning state reset.
    expect(met?.nextCheckAt).toBeNull();
    expect(met?.dueAt.toISOString()).toBe('2026-03-04T10:00:00.000Z');
    expect((await db.store.milestones.dueForCheck(new Date('2030-01-01'), 10)).length).toBe(0);
    // The history says no target moved.
    expect((await severityEvents(opened.id))[0]?.data.milestones).toEqual([]);
  });

  it('a breach recorded meanwhile is still owed: the new level’s target replaces it, and the old one is never announced again', async () => {
    const opened = await open(2); // Gold High: 1 business day → Tuesday 11:00 Paris
    const due = (await firstResponse(opened.id))!;
    clock.set('2026-03-03T11:00:00Z');
    const breach = () => db.store.milestones.markBreached(due.id, clock.now(), due.dueAt);
    await change(interleaved(db.store, breach), opened.id, 3);
    const owed = await firstResponse(opened.id);
    // Gold Normal from the change (Tuesday 12:00 Paris): 2 business days → Thursday 12:00 Paris.
    expect(owed).toMatchObject({
      startedAt: new Date('2026-03-03T11:00:00Z'),
      dueAt: new Date('2026-03-05T11:00:00Z'),
      breachedAt: null,
      metAt: null,
      warnedAt: null,
    });
    expect(owed?.nextCheckAt).not.toBeNull();
    // The SLA loop names the target it measured: the old one can no longer breach (nor warn).
    expect(await db.store.milestones.markBreached(due.id, clock.now(), due.dueAt)).toBe(false);
    expect(await db.store.milestones.markWarned(due.id, null, 0.5, null, due.dueAt)).toBe(false);
    expect((await severityEvents(opened.id))[0]?.data.milestones).toEqual([
      { kind: 'first-response', from: '2026-03-03T10:00:00.000Z', to: '2026-03-05T11:00:00.000Z' },
    ]);
  });

  it('a resolve meanwhile wins: the change is refused and the resolved case keeps its level and its stopped clock', async () => {
    const opened = await open(3);
    const resolve = () => resolveCase(deps, { caseId: opened.id, actorId: engineer.id });
    await expect(change(interleaved(db.store, resolve), opened.id, 1)).rejects.toMatchObject({
      code: 'CASE_NOT_OPEN',
      message: `${opened.reference} was resolved meanwhile: reopen it first.`,
    });
    const stored = await db.store.cases.byId(opened.id);
    expect(stored).toMatchObject({ status: 'resolved', severity: 3 });
    expect(await severityEvents(opened.id)).toEqual([]);
    expect((await firstResponse(opened.id))?.nextCheckAt).toBeNull();
  });

  it('a change made meanwhile wins; the later one is refused with "changed meanwhile, try again"', async () => {
    const opened = await open(3);
    const other = () => change(db.store, opened.id, 2, requester);
    await expect(change(interleaved(db.store, other), opened.id, 1)).rejects.toMatchObject({
      code: 'CONCURRENT_CHANGE',
      message: `${opened.reference} was changed meanwhile and is High (2) now: look again, and try again if it still needs another level.`,
    });
    expect((await db.store.cases.byId(opened.id))?.severity).toBe(2);
    expect((await severityEvents(opened.id)).map((e) => [e.data.from, e.data.to])).toEqual([
      [3, 2],
    ]);
    expect((await db.store.milestones.forCase(opened.id)).map((m) => m.kind)).toEqual([
      'first-response',
    ]);
  });

  it('of two simultaneous changes exactly one wins', async () => {
    const opened = await open(3);
    const store = together(db.store, 2);
    const results = await Promise.allSettled([
      change(store, opened.id, 2),
      change(store, opened.id, 1, requester),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONCURRENT_CHANGE' });
    const winner = (won[0] as PromiseFulfilledResult<{ case: { severity: number } }>).value;
    expect((await db.store.cases.byId(opened.id))?.severity).toBe(winner.case.severity);
    expect(await severityEvents(opened.id)).toHaveLength(1);
  });
});
