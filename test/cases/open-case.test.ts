// Opening a case: tier rules, routing to the owning team, milestones from the policy, the audit
// event, and all of it in one transaction.
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  CaseError,
  openCase,
  type CaseDeps,
  type OpenCaseInput,
} from '../../src/core/cases/index.js';
import { loadPolicy, parsePolicy } from '../../src/core/sla/index.js';
import type { CaseType, Org, Person, Team } from '../../src/core/model.js';
import type { Store } from '../../src/store/index.js';
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

describeOnEachProvider('openCase', (provider) => {
  let db: TestDb;
  let org: Org;
  let team: Team;
  let requester: Person;
  const clock = testClock('2026-03-02T10:00:00Z'); // a Monday, 11:00 in Paris
  const policy = loadPolicy('elastic');

  beforeEach(async () => {
    db = await createTestDb(provider);
    expect(db.store.provider).toBe(provider);
    org = await seedOrg(db.store, {
      tier: 'gold',
      calendar: {
        timeZone: 'Europe/Paris',
        hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
        country: 'FR',
      },
    });
    team = await seedTeam(db.store, { products: ['Elasticsearch', 'Kibana'] });
    requester = await seedCustomer(db.store, org, { displayName: 'Ann' });
    clock.set('2026-03-02T10:00:00Z');
  });
  afterEach(async () => db.cleanup());

  const deps = (store: Store = db.store): CaseDeps => ({ store, policy, clock });
  function input(overrides: Partial<OpenCaseInput> = {}): OpenCaseInput {
    return {
      requesterId: requester.id,
      title: 'Slow dashboards',
      situation: 'Kibana takes 40 s',
      severity: 1,
      seriousness: 'Board meeting at 3',
      product: 'kibana',
      type: 'bug',
      ...overrides,
    };
  }

  it('routes to the owning team, sets the first-response target and logs the opening', async () => {
    const opened = await openCase(
      deps(),
      input({ customerPlace: { platform: 'slack', channelId: 'C1', threadId: '1.1' } }),
    );
    expect(opened.case.reference).toBe('CASE-1001');
    expect(opened.case.teamId).toBe(team.id);
    expect(opened.case.status).toBe('open');
    expect(opened.case.customerPlace).toEqual({
      platform: 'slack',
      channelId: 'C1',
      threadId: '1.1',
      messageId: null,
    });
    // Gold, Urgent: 4 business hours from Monday 11:00 Paris → 15:00 Paris = 14:00Z.
    expect(opened.firstResponse?.dueAt.toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(opened.milestones.map((milestone) => milestone.kind)).toEqual(['first-response']);
    // First warning at 50 % of 4 working hours: 13:00 Paris.
    expect(opened.milestones[0]?.nextCheckAt?.toISOString()).toBe('2026-03-02T12:00:00.000Z');
    const events = await db.store.events.forCase(opened.case.id);
    expect(events.map((event) => event.kind)).toEqual(['opened']);
    expect(events[0]?.data).toMatchObject({
      severity: 1,
      tier: 'gold',
      firstResponseDueAt: '2026-03-02T14:00:00.000Z',
    });
    expect((await openCase(deps(), input())).case.reference).toBe('CASE-1002');
  });

  it('refuses production severities to a Development subscription, with the policy message', async () => {
    const devOrg = await seedOrg(db.store, { tier: 'development' });
    const dev = await seedCustomer(db.store, devOrg);
    const refusal = openCase(deps(), input({ requesterId: dev.id, severity: 2 }));
    await expect(refusal).rejects.toMatchObject({
      code: 'SEVERITY_NOT_ALLOWED_FOR_TIER',
      message: expect.stringMatching(/developer-support \(4\) cases only/),
    });
    const allowed = await openCase(deps(), input({ requesterId: dev.id, severity: 4 }));
    expect(allowed.firstResponse?.targetText).toBe('within 2 business days');
    expect(await db.store.cases.list({ orgId: devOrg.id })).toHaveLength(1);
  });

  it('tells a person with no org how to get access instead of failing', async () => {
    const stranger = await seedPerson(db.store, { orgId: null });
    const refusal = openCase(deps(), input({ requesterId: stranger.id }));
    await expect(refusal).rejects.toBeInstanceOf(CaseError);
    await expect(refusal).rejects.toMatchObject({
      code: 'NO_ORG_ACCESS',
      message: expect.stringMatching(/not linked to a customer organisation.*still ask questions/s),
    });
  });

  it('refuses an unknown product and names the known ones', async () => {
    await expect(openCase(deps(), input({ product: 'logstash' }))).rejects.toMatchObject({
      code: 'UNKNOWN_PRODUCT',
      message: 'No team handles "logstash". Choose one of: Elasticsearch, Kibana.',
    });
  });

  it('rejects an empty situation with a field-level message', async () => {
    await expect(openCase(deps(), input({ situation: '  ' }))).rejects.toMatchObject({
      code: 'INVALID_CASE_INPUT',
      message: 'Please give the situation (what you see).',
      details: { missing: ['situation'] },
    });
  });

  it('names every missing field and the case types in the reader’s language', async () => {
    const missing = await openCase(deps(), input({ title: ' ', product: '' })).catch(
      (error: unknown) => error,
    );
    expect(missing).toMatchObject({ message: 'Please give a title, the product.' });
    expect((missing as CaseError).messageIn('fr')).toBe('Indiquez un titre et le produit.');
    const badType = await openCase(deps(), input({ type: 'outage' as CaseType })).catch(
      (error: unknown) => error,
    );
    expect(badType).toMatchObject({
      code: 'INVALID_CASE_INPUT',
      message: 'Case type must be one of: bug, feature, question, account, maintenance.',
    });
    expect((badType as CaseError).messageIn('fr')).toBe(
      'Le type de dossier doit être l’un des suivants : bogue, fonctionnalité, question, compte et maintenance.',
    );
  });

  it('marks the deflection it escalates', async () => {
    const deflection = await db.store.deflections.record({
      askedAt: clock.now(),
      platform: 'slack',
      askerId: requester.id,
      orgId: org.id,
      question: 'kibana slow',
      articleIds: ['kb/perf'],
    });
    const opened = await openCase(deps(), input({ deflectionId: deflection.id }));
    expect(await db.store.deflections.byId(deflection.id)).toMatchObject({
      outcome: 'escalated',
      caseId: opened.case.id,
    });
  });

  it('starts a resolution milestone when the policy sets one', async () => {
    const withResolution = parsePolicy(
      `name: strict
title: Strict
warningThresholds: [0.5]
defaultSeverity: 2
severities:
  - { value: 1, id: critical, label: Critical, description: Down }
  - { value: 2, id: minor, label: Minor, description: Annoying }
tiers:
  - id: gold
    label: Gold
    severities: [1, 2]
    firstResponse: { 1: 1 hour 24/7, 2: 8 hours 24/7 }
    resolution: { 1: 1 day 24/7 }
`,
      'strict.yml',
    );
    const opened = await openCase({ store: db.store, policy: withResolution, clock }, input());
    expect(
      opened.milestones.map((milestone) => [milestone.kind, milestone.dueAt.toISOString()]),
    ).toEqual([
      ['first-response', '2026-03-02T11:00:00.000Z'],
      ['resolution', '2026-03-03T10:00:00.000Z'],
    ]);
  });

  it('leaves nothing behind when a write fails half-way (one transaction)', async () => {
    const before = await db.store.cases.list({});
    // The milestone write fails after the case row was inserted inside the transaction.
    const failing: Store = {
      ...db.store,
      transaction: (work) =>
        db.store.transaction((tx) =>
          work({
            ...tx,
            milestones: {
              ...tx.milestones,
              create: async () => {
                throw new Error('disk full');
              },
            },
          }),
        ),
    };
    await expect(openCase(deps(failing), input())).rejects.toThrow('disk full');
    expect(await db.store.cases.list({})).toEqual(before);
    expect(await db.store.milestones.dueForCheck(new Date('2100-01-01'), 10)).toEqual([]);
    // The counter rolled back too: the next case still gets the first number.
    expect((await openCase(deps(), input())).case.reference).toBe('CASE-1001');
  });

  it('suggests the least-loaded available engineer whose shift covers now', async () => {
    // 10:00Z Monday: Sydney is 21:00 (off shift), Paris 11:00, New York 05:00 (off shift).
    const sydney = await seedEngineer(db.store, team, {
      handle: 'syd',
      timeZone: 'Australia/Sydney',
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    });
    const paris = await seedEngineer(db.store, team, {
      handle: 'par',
      timeZone: 'Europe/Paris',
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    });
    await seedEngineer(db.store, team, {
      handle: 'nyc',
      timeZone: 'America/New_York',
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    });
    expect((await openCase(deps(), input())).suggestedAssignee?.id).toBe(paris.id);
    // Sydney's evening: 2026-03-02T22:00Z is Tuesday 09:00 in Sydney.
    clock.set('2026-03-02T22:00:00Z');
    expect((await openCase(deps(), input())).suggestedAssignee?.id).toBe(sydney.id);
  });
});
