import { describe, expect, it } from 'vitest';
import {
  allowedSeverities,
  checkSeverityAllowed,
  computeDueAt,
  defaultCalendar,
  loadPolicy,
  SlaRuleError,
  type Policy,
} from '../../src/core/sla/index.js';

const elastic = loadPolicy('elastic');
// Monday 6 July 2026, 10:00 in Paris (08:00 UTC): no French holiday that week.
const MONDAY_10_PARIS = new Date('2026-07-06T08:00:00Z');
const paris = defaultCalendar('Europe/Paris', 'FR');

function due(tier: string, severity: number, deployment: 'cloud' | 'self-managed' = 'cloud') {
  return computeDueAt({
    policy: elastic,
    tier,
    severity,
    deployment,
    openedAt: MONDAY_10_PARIS,
    calendar: paris,
  });
}

describe('the shipped Elastic policy', () => {
  it('defines the six tiers and four severities with the source definitions', () => {
    expect(elastic.tiers.map((tier) => tier.id)).toEqual([
      'enterprise',
      'platinum',
      'gold',
      'silver',
      'development',
      'standard',
    ]);
    expect(elastic.severities.map((level) => `${level.value} ${level.label}`)).toEqual([
      '1 Urgent',
      '2 High',
      '3 Normal',
      '4 Developer support',
    ]);
    expect(elastic.severities[0]?.description).toMatch(/production is down or seriously degraded/i);
    expect(elastic.warningThresholds).toEqual([0.5, 0.75, 0.9]);
    expect(elastic.defaultSeverity).toBe(3);
  });

  // Each cell of the initial-response table in DOMAIN.md, opened Monday 10:00 Paris.
  const table: [string, number, string | null, boolean | null, string | null][] = [
    ['enterprise', 2, '2026-07-06T12:00:00.000Z', false, 'within 4 hours, 24/7'],
    ['enterprise', 3, '2026-07-07T08:00:00.000Z', true, 'within 1 business day'],
    ['platinum', 1, '2026-07-06T09:00:00.000Z', false, 'within 1 hour, 24/7'],
    ['platinum', 2, '2026-07-06T12:00:00.000Z', false, 'within 4 hours, 24/7'],
    ['platinum', 3, '2026-07-07T08:00:00.000Z', true, 'within 1 business day'],
    ['gold', 1, '2026-07-06T12:00:00.000Z', true, 'within 4 business hours'],
    ['gold', 2, '2026-07-07T08:00:00.000Z', true, 'within 1 business day'],
    ['gold', 3, '2026-07-08T08:00:00.000Z', true, 'within 2 business days'],
    ['development', 4, '2026-07-08T08:00:00.000Z', true, 'within 2 business days'],
    ['silver', 1, null, null, null],
    ['silver', 2, null, null, null],
    ['silver', 3, null, null, null],
    ['standard', 4, null, null, null],
  ];
  it.each(table)('%s severity %i is due at %s', (tier, severity, dueAt, businessHours, text) => {
    for (const deployment of ['cloud', 'self-managed'] as const) {
      const result = due(tier, severity, deployment);
      if (dueAt === null) {
        expect(result).toBeNull();
        continue;
      }
      expect(result?.dueAt.toISOString()).toBe(dueAt);
      expect(result?.businessHours).toBe(businessHours);
      expect(result?.targetText).toBe(text);
    }
  });

  it('gives Enterprise urgent 30 minutes on cloud and 1 hour self-managed, both 24/7', () => {
    const cloud = due('enterprise', 1, 'cloud');
    const selfManaged = due('enterprise', 1, 'self-managed');
    expect(cloud).toMatchObject({
      businessHours: false,
      targetMinutes: 30,
      targetText: 'within 30 minutes, 24/7',
    });
    expect(cloud?.dueAt.toISOString()).toBe('2026-07-06T08:30:00.000Z');
    expect(selfManaged).toMatchObject({
      businessHours: false,
      targetMinutes: 60,
      targetText: 'within 1 hour, 24/7',
    });
    expect(selfManaged?.dueAt.toISOString()).toBe('2026-07-06T09:00:00.000Z');
  });

  it('counts a business day as 9 working hours and reports target minutes', () => {
    expect(due('gold', 2)?.targetMinutes).toBe(540);
    expect(due('gold', 3)?.targetMinutes).toBe(1080);
    expect(due('gold', 1)?.targetMinutes).toBe(240);
    expect(due('platinum', 2)?.targetMinutes).toBe(240);
  });

  it('sets no next-response or resolution targets', () => {
    for (const milestone of ['next-response', 'resolution'] as const) {
      const result = computeDueAt({
        policy: elastic,
        tier: 'enterprise',
        severity: 1,
        deployment: 'cloud',
        openedAt: MONDAY_10_PARIS,
        calendar: paris,
        milestone,
      });
      expect(result).toBeNull();
    }
  });
});

describe('tier rules', () => {
  function ruleError(policy: Policy, tier: string, severity: number): SlaRuleError {
    try {
      checkSeverityAllowed(policy, tier, severity);
    } catch (error) {
      if (error instanceof SlaRuleError) return error;
      throw error;
    }
    throw new Error(`expected ${tier}/${severity} to be refused`);
  }

  it('lets a Development subscription open developer-support (4) cases only', () => {
    expect(() => checkSeverityAllowed(elastic, 'development', 4)).not.toThrow();
    for (const severity of [1, 2, 3]) {
      const error = ruleError(elastic, 'development', severity);
      expect(error.code).toBe('SEVERITY_NOT_ALLOWED_FOR_TIER');
      expect(error.message).toMatch(
        /^A Development subscription can open developer-support \(4\) cases only/,
      );
    }
  });

  it('lets production tiers open severities 1–3 and not 4', () => {
    for (const tier of ['silver', 'gold', 'platinum', 'enterprise']) {
      for (const severity of [1, 2, 3])
        expect(() => checkSeverityAllowed(elastic, tier, severity)).not.toThrow();
      const error = ruleError(elastic, tier, 4);
      expect(error.code).toBe('SEVERITY_NOT_ALLOWED_FOR_TIER');
      expect(error.message).toMatch(/use Normal \(3\)/);
    }
  });

  it('names the known tiers and severities when given unknown ones', () => {
    const tier = ruleError(elastic, 'diamond', 1);
    expect(tier.code).toBe('UNKNOWN_TIER');
    expect(tier.message).toBe(
      'unknown tier "diamond" in policy elastic: use one of enterprise, platinum, gold, silver, development, standard',
    );
    const severity = ruleError(elastic, 'gold', 7);
    expect(severity.code).toBe('UNKNOWN_SEVERITY');
    // Only the tier's own levels: Gold cannot use 4 (Developer support).
    expect(severity.message).toBe(
      'There is no severity 7: a Gold subscription may open 1 (Urgent), 2 (High), 3 (Normal).',
    );
  });

  it('refuses in computeDueAt too, so no deadline exists for a forbidden case', () => {
    expect(() => due('development', 1)).toThrow(SlaRuleError);
    expect(() => due('nope', 1)).toThrow(/unknown tier/);
  });

  it('lists the allowed severities with labels and descriptions', () => {
    expect(allowedSeverities(elastic, 'development')).toEqual([
      {
        value: 4,
        label: 'Developer support',
        description: expect.stringMatching(/non-production/i),
      },
    ]);
    expect(allowedSeverities(elastic, 'Gold').map((level) => level.value)).toEqual([1, 2, 3]);
    expect(() => allowedSeverities(elastic, 'diamond')).toThrow(/unknown tier "diamond"/);
  });
});
