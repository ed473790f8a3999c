// 50 engineers press *Claim* on the same case at once, through several bot replicas sharing one
// database: exactly one wins, every other one is told who has it, and the log says it once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimCase, CaseError, openCase, type CaseDeps } from '../../src/core/cases/index.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import type { Store } from '../../src/store/index.js';
import {
  PROVIDERS,
  createTestDb,
  seedCustomer,
  seedEngineer,
  seedOrg,
  seedTeam,
  testClock,
  warnIfPostgresSkipped,
  type TestDb,
} from '../helpers/db.js';

warnIfPostgresSkipped('claim race');

const CLAIMS = 50;
/**
 * Bot replicas sharing the database. SQLite serves one bot process (better-sqlite3 is
 * synchronous: a second connection waiting on the write lock would block its event loop), so
 * the SQLite race runs 50 concurrent claims through one store; PostgreSQL through three.
 */
const REPLICAS_BY_PROVIDER = { sqlite: 1, postgresql: 3 } as const;

describe.each(PROVIDERS)('claim race on $provider', ({ provider, enabled }) => {
  let db: TestDb;
  let replicas: Store[] = [];
  const REPLICAS = REPLICAS_BY_PROVIDER[provider];
  beforeAll(async () => {
    if (!enabled) return;
    db = await createTestDb(provider);
    replicas = [db.store];
    for (let index = 1; index < REPLICAS; index++) replicas.push(await db.openAnother());
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it.skipIf(!enabled)(`lets exactly one of ${CLAIMS} concurrent claims win`, async () => {
    const policy = loadPolicy('elastic');
    const clock = testClock('2026-03-02T10:00:00Z');
    const deps = (store: Store): CaseDeps => ({ store, policy, clock });
    const org = await seedOrg(db.store, { tier: 'platinum' });
    const team = await seedTeam(db.store, { products: ['search'] });
    const requester = await seedCustomer(db.store, org);
    const engineers = [];
    for (let index = 0; index < CLAIMS; index++) {
      engineers.push(
        await seedEngineer(db.store, team, {
          handle: `racer-${index}`,
          displayName: `Racer ${index}`,
        }),
      );
    }
    const opened = await openCase(deps(db.store), {
      requesterId: requester.id,
      title: 'Cluster down',
      situation: 'Nothing answers',
      severity: 1,
      seriousness: 'Black Friday',
      product: 'search',
      type: 'bug',
    });

    const started = performance.now();
    const results = await Promise.allSettled(
      engineers.map((engineer, index) =>
        claimCase(deps(replicas[index % REPLICAS]!), {
          caseId: opened.case.id,
          actorId: engineer.id,
        }),
      ),
    );
    const elapsedMs = performance.now() - started;

    const winners = results.filter((result) => result.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const winner = (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof claimCase>>>)
      .value;
    const winnerName = engineers.find((engineer) => engineer.id === winner.assigneeId)?.displayName;
    const losers = results.filter(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    expect(losers).toHaveLength(CLAIMS - 1);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(CaseError);
      expect((loser.reason as CaseError).code).toBe('CASE_ALREADY_CLAIMED');
      expect((loser.reason as CaseError).message).toBe(
        `${opened.case.reference} is already claimed by ${winnerName}.`,
      );
    }
    const stored = await db.store.cases.byId(opened.case.id);
    expect(stored?.assigneeId).toBe(winner.assigneeId);
    expect(stored?.status).toBe('claimed');
    const claims = (await db.store.events.forCase(opened.case.id)).filter(
      (event) => event.kind === 'claimed',
    );
    expect(claims).toHaveLength(1);
    expect(claims[0]?.actorId).toBe(winner.assigneeId);
    console.info(
      `[claim race] ${provider}: ${CLAIMS} claims over ${REPLICAS} replicas settled in ${elapsedMs.toFixed(0)} ms`,
    );
  });
  it.skipIf(!enabled)(
    'lets an engineer with one free slot win only one of two simultaneous claims',
    async () => {
      const policy = loadPolicy('elastic');
      const clock = testClock('2026-03-02T10:00:00Z');
      const deps = (store: Store): CaseDeps => ({ store, policy, clock });
      const org = await seedOrg(db.store, { tier: 'platinum' });
      const team = await seedTeam(db.store, { products: ['search'] });
      const requester = await seedCustomer(db.store, org);
      const engineer = await seedEngineer(db.store, team, { handle: 'busy', capacity: 2 });
      const open = () =>
        openCase(deps(db.store), {
          requesterId: requester.id,
          title: 'Cluster down',
          situation: 'Nothing answers',
          severity: 2,
          seriousness: 'Sales lost',
          product: 'search',
          type: 'bug',
        });
      const held = await open();
      await claimCase(deps(db.store), { caseId: held.case.id, actorId: engineer.id });
      const [first, second] = [await open(), await open()];
      for (let round = 0; round < 3; round++) {
        const results = await Promise.allSettled(
          [first, second].map((opened, index) =>
            claimCase(deps(replicas[index % REPLICAS]!), {
              caseId: opened.case.id,
              actorId: engineer.id,
            }),
          ),
        );
        const refused = results.filter(
          (result): result is PromiseRejectedResult => result.status === 'rejected',
        );
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        expect(refused).toHaveLength(1);
        expect((refused[0]?.reason as CaseError).code).toBe('AT_CAPACITY');
        expect((refused[0]?.reason as CaseError).message).toContain('(2 of 2 open cases)');
        const counts = await db.store.cases.countOpenByAssignee([engineer.id]);
        expect(counts.get(engineer.id)).toBe(2);
        // Free the slot again for the next round (the refused claim left nothing behind).
        const won = [first, second].find((_, index) => results[index]?.status === 'fulfilled');
        await db.store.cases.update(won!.case.id, {
          assigneeId: null,
          status: 'open',
          updatedAt: clock.now(),
        });
      }
    },
  );
});
