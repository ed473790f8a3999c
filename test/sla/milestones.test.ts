import { describe, expect, it } from 'vitest';
import {
  defaultCalendar,
  loadPolicy,
  nextCheck,
  planMilestones,
} from '../../src/core/sla/index.js';

const calendar = defaultCalendar('Europe/Paris', 'FR');

describe('planMilestones', () => {
  it('plans only the milestones the policy sets', () => {
    const elastic = loadPolicy('elastic');
    const startedAt = new Date('2026-07-06T08:00:00Z');
    const plan = planMilestones({
      policy: elastic,
      tier: 'gold',
      severity: 1,
      deployment: 'cloud',
      startedAt,
      calendar,
    });
    expect(plan.map((milestone) => [milestone.kind, milestone.dueAt.toISOString()])).toEqual([
      ['first-response', '2026-07-06T12:00:00.000Z'],
    ]);
    const premier = planMilestones({
      policy: loadPolicy('premier'),
      tier: 'premier',
      severity: 1,
      deployment: 'cloud',
      startedAt,
      calendar,
    });
    expect(premier.map((milestone) => milestone.kind)).toEqual(['first-response', 'next-response']);
    expect(
      planMilestones({
        policy: elastic,
        tier: 'silver',
        severity: 1,
        deployment: 'cloud',
        startedAt,
        calendar,
      }),
    ).toEqual([]);
  });
});

describe('nextCheck', () => {
  const milestone = {
    startedAt: new Date('2026-07-10T14:00:00Z'),
    dueAt: new Date('2026-07-13T09:00:00Z'),
    businessHours: true,
    calendar,
    thresholds: [0.5, 0.75, 0.9],
  };

  it('walks the warning thresholds, then the breach, then stops', () => {
    expect(nextCheck({ ...milestone, warnedFraction: null, breached: false })).toEqual({
      fraction: 0.5,
      at: new Date('2026-07-10T16:00:00Z'),
    });
    expect(nextCheck({ ...milestone, warnedFraction: 0.5, breached: false })).toEqual({
      fraction: 0.75,
      at: new Date('2026-07-13T08:00:00Z'),
    });
    expect(nextCheck({ ...milestone, warnedFraction: 0.9, breached: false })).toEqual({
      fraction: 1,
      at: milestone.dueAt,
    });
    expect(nextCheck({ ...milestone, warnedFraction: 0.9, breached: true })).toBeNull();
  });
});
