// The policy options behind true SLA states (issue 12 item 1): `severityChange` (restart, the
// default, or carry-over) and the `reopen` target table (by default the tier's first-response one).
import { describe, expect, it } from 'vitest';
import {
  computeDueAt,
  defaultCalendar,
  loadPolicy,
  parsePolicy,
  PolicyError,
  type Policy,
} from '../../src/core/sla/index.js';

const BASE = `name: mine
title: Mine
severities:
  - { value: 1, id: urgent, label: Urgent, description: Down. }
  - { value: 2, id: normal, label: Normal, description: Other. }
tiers:
  - id: gold
    label: Gold
    severities: [1, 2]
    firstResponse:
      1: 2 hours 24/7
      2: 1 business day
`;

const calendar = defaultCalendar('UTC');
const openedAt = new Date('2026-07-06T09:00:00Z'); // Monday

function reopenDue(policy: Policy, tier: string, severity: number): string | null {
  return (
    computeDueAt({
      policy,
      tier,
      severity,
      deployment: 'cloud',
      openedAt,
      calendar,
      milestone: 'reopen',
    })?.dueAt.toISOString() ?? null
  );
}

function refusal(text: string): string {
  try {
    parsePolicy(text, 'mine.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as Error).message;
  }
  throw new Error('expected the policy to be refused');
}

describe('severityChange', () => {
  it('defaults to restart, in the presets and in a file that does not say', () => {
    expect(loadPolicy('elastic').severityChange).toBe('restart');
    expect(loadPolicy('premier').severityChange).toBe('restart');
    expect(parsePolicy(BASE, 'mine.yml').severityChange).toBe('restart');
  });

  it('may be carry-over', () => {
    const text = BASE.replace('title: Mine\n', 'title: Mine\nseverityChange: carry-over\n');
    expect(parsePolicy(text, 'mine.yml').severityChange).toBe('carry-over');
  });

  it('refuses anything else with the line and the two choices', () => {
    const text = BASE.replace('title: Mine\n', 'title: Mine\nseverityChange: keep\n');
    expect(refusal(text)).toBe(
      'policy file mine.yml is invalid: line 3, severityChange: severityChange is "restart" (targets count from the change) or "carry-over" (elapsed time counts against the new target)',
    );
  });
});

describe('the reopen target', () => {
  it('is the tier’s first-response target when the file sets none (Elastic’s tiers)', () => {
    const elastic = loadPolicy('elastic');
    expect(reopenDue(elastic, 'platinum', 1)).toBe('2026-07-06T10:00:00.000Z');
    expect(reopenDue(elastic, 'gold', 3)).toBe('2026-07-07T18:00:00.000Z');
    // Silver has no first-response target, so no reopen target either.
    expect(reopenDue(elastic, 'silver', 1)).toBeNull();
    expect(reopenDue(parsePolicy(BASE, 'mine.yml'), 'gold', 1)).toBe('2026-07-06T11:00:00.000Z');
  });

  it('is written out in the Premier preset', () => {
    const premier = loadPolicy('premier');
    expect(reopenDue(premier, 'premier', 1)).toBe('2026-07-06T10:00:00.000Z');
    expect(reopenDue(premier, 'premier', 3)).toBe('2026-07-06T13:00:00.000Z');
  });

  it('follows a tier’s own reopen table, and `reopen: {}` sets none', () => {
    const own = parsePolicy(`${BASE}    reopen:\n      1: 30 minutes 24/7\n`, 'mine.yml');
    expect(reopenDue(own, 'gold', 1)).toBe('2026-07-06T09:30:00.000Z');
    expect(reopenDue(own, 'gold', 2)).toBeNull();
    const none = parsePolicy(`${BASE}    reopen: {}\n`, 'mine.yml');
    expect(reopenDue(none, 'gold', 1)).toBeNull();
  });

  it('refuses a reopen target for a severity the tier may not open', () => {
    expect(refusal(`${BASE}    reopen:\n      3: 1 hour 24/7\n`)).toContain(
      'tiers[0].reopen.3: tier "gold" has a target for severity 3 but may not open it',
    );
  });
});
