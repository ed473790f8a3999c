// The policy option behind waiting on the customer (issue 12 item 2): `waitingOnCustomer` says
// which milestones pause and when the customer is reminded and the case closed, with documented
// defaults; a resumed clock keeps the time it had left and its length (working time).
import { describe, expect, it } from 'vitest';
import {
  loadPolicy,
  parsePolicy,
  PolicyError,
  resumedClock,
  subtractWorkingTime,
  workingTimeBetween,
} from '../../src/core/sla/index.js';

const BASE = `name: mine
title: Mine
severities:
  - { value: 1, id: urgent, label: Urgent, description: Down. }
tiers:
  - id: gold
    label: Gold
    severities: [1]
    firstResponse:
      1: 2 hours 24/7
`;

function refusal(text: string): string {
  try {
    parsePolicy(text, 'mine.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as Error).message;
  }
  throw new Error('expected the policy to be refused');
}

const paris = {
  timeZone: 'Europe/Paris',
  hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
};

describe('waitingOnCustomer', () => {
  it('defaults to pausing next response and resolution, a reminder after 3 business days, a close 2 later', () => {
    for (const policy of [loadPolicy('elastic'), loadPolicy('premier'), parsePolicy(BASE, 'x')]) {
      expect(policy.customerWait.pauses).toEqual(['next-response', 'resolution']);
      expect(policy.customerWait.remindAfter?.text).toBe('3 business days');
      expect(policy.customerWait.closeAfter?.text).toBe('2 business days');
    }
  });

  it('may name other milestones, other delays, or never', () => {
    const text = `${BASE}waitingOnCustomer:\n  pauses: [first-response, resolution]\n  remindAfter: 48 hours 24/7\n  closeAfter: never\n`;
    const { customerWait } = parsePolicy(text, 'mine.yml');
    expect(customerWait.pauses).toEqual(['first-response', 'resolution']);
    expect(customerWait.remindAfter).toMatchObject({ amount: 48, unit: 'hours' });
    expect(customerWait.closeAfter).toBeNull();
  });

  it('refuses an unknown milestone, a bad delay and an unknown field, with the line', () => {
    expect(refusal(`${BASE}waitingOnCustomer:\n  pauses: [answer]\n`)).toBe(
      'policy file mine.yml is invalid: line 12, waitingOnCustomer.pauses[0]: a milestone is first-response, next-response, resolution or reopen',
    );
    expect(refusal(`${BASE}waitingOnCustomer:\n  remindAfter: soon\n`)).toContain(
      'waitingOnCustomer.remindAfter: "soon" is not a target',
    );
    expect(refusal(`${BASE}waitingOnCustomer:\n  closeAfer: never\n`)).toContain(
      'unknown field "closeAfer"',
    );
  });
});

describe('a resumed clock', () => {
  it('subtractWorkingTime inverts addWorkingTime across a weekend', () => {
    const monday10 = Date.parse('2026-03-09T09:00:00Z'); // 10:00 Paris
    const start = subtractWorkingTime(paris, monday10, 3 * 3_600_000);
    expect(new Date(start).toISOString()).toBe('2026-03-06T15:00:00.000Z'); // Friday 16:00
    expect(workingTimeBetween(paris, start, monday10)).toBe(3 * 3_600_000);
  });

  it('keeps the working time left and the target’s length', () => {
    const clock = resumedClock({
      startedAt: new Date('2026-03-02T10:00:00Z'), // Monday 11:00 Paris
      dueAt: new Date('2026-03-04T10:00:00Z'), // 18 working hours later
      pausedAt: new Date('2026-03-02T16:00:00Z'), // 6 h used, 12 h left
      businessHours: true,
      calendar: paris,
      at: new Date('2026-03-06T08:00:00Z'), // Friday 09:00 Paris
    });
    expect(clock.leftMs).toBe(12 * 3_600_000);
    expect(clock.dueAt.toISOString()).toBe('2026-03-09T11:00:00.000Z'); // Monday 12:00 Paris
    expect(workingTimeBetween(paris, clock.startedAt.getTime(), clock.dueAt.getTime())).toBe(
      18 * 3_600_000,
    );
  });
});
