// Two (or twenty) bookings of the same slot of one engineer's calendar at once, through several
// bot replicas sharing one database: the unique slot key lets exactly one be written; every
// other is told the slot was taken. Also for calls moving onto a slot (a transition), and the
// owner reminder recorded once when two replicas look at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCase } from '../../src/core/cases/index.js';
import type { CallbackRepository } from '../../src/core/ports/callbacks.js';
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

warnIfPostgresSkipped('callback slot race');

const BOOKINGS = 20;
const REPLICAS_BY_PROVIDER = { sqlite: 1, postgresql: 3 } as const;
const SLOT = new Date('2026-03-03T13:00:00Z');

describe.each(PROVIDERS)('callback slot race on $provider', ({ provider, enabled }) => {
  let db: TestDb;
  let replicas: Store[] = [];
  beforeAll(async () => {
    if (!enabled) return;
    db = await createTestDb(provider);
    replicas = [db.store];
    for (let index = 1; index < REPLICAS_BY_PROVIDER[provider]; index++)
      replicas.push(await db.openAnother());
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  async function world() {
    const clock = testClock('2026-03-02T10:00:00Z');
    const org = await seedOrg(db.store, { tier: 'gold' });
    const team = await seedTeam(db.store, { products: ['search'] });
    const owner = await seedEngineer(db.store, team);
    const caseIds: string[] = [];
    for (let index = 0; index < BOOKINGS; index++) {
      const requester = await seedCustomer(db.store, org);
      const opened = await openCase(
        { store: db.store, policy: loadPolicy('elastic'), clock },
        {
          requesterId: requester.id,
          title: `Case ${index}`,
          situation: 'Slow',
          severity: 2,
          seriousness: 'Demo tomorrow',
          product: 'search',
          type: 'bug',
        },
      );
      caseIds.push(opened.case.id);
    }
    return { owner, caseIds, requesterId: owner.id };
  }

  const repo = (index: number): CallbackRepository => replicas[index % replicas.length]!.callbacks;

  it.skipIf(!enabled)(
    `writes exactly one of ${BOOKINGS} bookings of one slot at once`,
    async () => {
      const { owner, caseIds } = await world();
      const results = await Promise.all(
        caseIds.map((caseId, index) =>
          repo(index).create({
            caseId,
            requesterId: owner.id,
            ownerId: owner.id,
            timeZone: 'Europe/Paris',
            contact: '+33612345678',
            requestedAt: new Date('2026-03-02T10:00:00Z'),
            status: 'booked',
            startsAt: SLOT,
            endsAt: new Date(SLOT.getTime() + 30 * 60_000),
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'slot-taken')).toHaveLength(BOOKINGS - 1);
      const held = await db.store.callbacks.ownerBookings(
        owner.id,
        SLOT,
        new Date(SLOT.getTime() + 1),
      );
      expect(held).toHaveLength(1);
    },
  );

  it.skipIf(!enabled)('moves exactly one of several requested calls onto a free slot', async () => {
    const { owner, caseIds } = await world();
    const requested = [];
    for (const caseId of caseIds) {
      const created = await db.store.callbacks.create({
        caseId,
        requesterId: owner.id,
        ownerId: owner.id,
        timeZone: 'Europe/Paris',
        contact: null,
        requestedAt: new Date('2026-03-02T10:00:00Z'),
      });
      if (created.ok) requested.push(created.callback);
    }
    expect(requested).toHaveLength(BOOKINGS);
    const later = new Date('2026-03-04T09:00:00Z');
    const results = await Promise.all(
      requested.map((callback, index) =>
        repo(index).transition(
          callback.id,
          { statuses: ['requested'] },
          { status: 'booked', startsAt: later, updatedAt: later },
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'slot-taken')).toHaveLength(BOOKINGS - 1);
    // A cancelled call frees its slot for another.
    const winner = results.find((r) => r.ok);
    if (!winner?.ok) throw new Error('no winner');
    await db.store.callbacks.transition(
      winner.callback.id,
      { statuses: ['booked'] },
      { status: 'cancelled', updatedAt: later },
    );
    const loser = requested.find((c) => c.id !== winner.callback.id)!;
    const retried = await db.store.callbacks.transition(
      loser.id,
      { statuses: ['requested'] },
      { status: 'booked', startsAt: later, updatedAt: later },
    );
    expect(retried.ok).toBe(true);
  });
});
