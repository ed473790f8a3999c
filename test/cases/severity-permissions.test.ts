// Who may change a case's severity: the requester, and the staff answerable for the case (its
// assignee, its team, an admin) under the rule resolving uses; not an engineer of another team,
// not another customer of the same org. Real database (SQLite; PostgreSQL when configured).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { changeSeverity, openCase, type CaseDeps } from '../../src/core/cases/index.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import type { Person, SupportCase } from '../../src/core/model.js';
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

describeOnEachProvider('who may change the severity', (provider) => {
  let db: TestDb;
  let deps: CaseDeps;
  let requester: Person;
  let colleague: Person;
  let teamEngineer: Person;
  let otherTeamEngineer: Person;
  let admin: Person;
  let opened: SupportCase;
  const clock = testClock();

  beforeEach(async () => {
    clock.set('2026-03-02T10:00:00Z');
    db = await createTestDb(provider);
    deps = { store: db.store, policy: loadPolicy('elastic'), clock };
    const org = await seedOrg(db.store, { tier: 'gold' });
    const team = await seedTeam(db.store, { products: ['search'] });
    const otherTeam = await seedTeam(db.store, { products: ['billing'] });
    requester = await seedCustomer(db.store, org);
    colleague = await seedCustomer(db.store, org);
    teamEngineer = await seedEngineer(db.store, team);
    otherTeamEngineer = await seedEngineer(db.store, otherTeam);
    admin = await seedPerson(db.store, { roles: ['admin'] });
    opened = (
      await openCase(deps, {
        requesterId: requester.id,
        title: 'T',
        situation: 'S',
        severity: 3,
        seriousness: 'x',
        product: 'search',
        type: 'bug',
      })
    ).case;
  });
  afterEach(async () => db.cleanup());

  const change = (actor: Person, severity: number) =>
    changeSeverity(deps, { caseId: opened.id, actorId: actor.id, severity, reason: 'impact' });
  const stored = async () => (await db.store.cases.byId(opened.id))?.severity;

  it('refuses an engineer of another team, as resolving does, and changes nothing', async () => {
    await expect(change(otherTeamEngineer, 2)).rejects.toMatchObject({
      code: 'WRONG_TEAM',
      message: `${opened.reference} belongs to another team: ask its engineers or an admin.`,
    });
    expect(await stored()).toBe(3);
  });

  it('refuses another customer of the same org: only the requester may, among customers', async () => {
    await expect(change(colleague, 1)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: `Only the requester or a support engineer can change the severity of ${opened.reference}.`,
    });
    expect(await stored()).toBe(3);
  });

  it('lets the requester, an engineer of the owning team and an admin of no team change it', async () => {
    expect((await change(requester, 2)).case.severity).toBe(2);
    expect((await change(teamEngineer, 1)).case.severity).toBe(1);
    expect((await change(admin, 3)).case.severity).toBe(3);
  });
});
