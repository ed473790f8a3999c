import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../src/core/model.js';
import {
  computeDueAt,
  defaultCalendar,
  formatLocal,
  loadPolicy,
} from '../../src/core/sla/index.js';

const elastic = loadPolicy('elastic');

function due(
  tier: string,
  severity: number,
  openedAt: string,
  calendar: BusinessCalendar,
  deployment: 'cloud' | 'self-managed' = 'cloud',
) {
  const result = computeDueAt({
    policy: elastic,
    tier,
    severity,
    deployment,
    openedAt: new Date(openedAt),
    calendar,
  });
  if (!result) throw new Error(`no target for ${tier}/${severity}`);
  return result;
}

const HOUR = 3_600_000;

describe('24/7 targets are elapsed real time across DST changes', () => {
  it('Europe/Paris spring forward: 4 hours are 4 real hours, 5 on the wall clock', () => {
    const paris = defaultCalendar('Europe/Paris');
    // Sunday 29 March 2026, 00:30 CET; clocks jump from 02:00 to 03:00.
    const result = due('enterprise', 2, '2026-03-28T23:30:00Z', paris);
    expect(result.dueAt.getTime() - Date.parse('2026-03-28T23:30:00Z')).toBe(4 * HOUR);
    expect(result.dueAt.toISOString()).toBe('2026-03-29T03:30:00.000Z');
    expect(formatLocal(result.dueAt, 'Europe/Paris')).toBe('Sunday 05:30 (Europe/Paris)');
  });

  it('Europe/Paris fall back: 1 hour later shows the same wall-clock time', () => {
    const paris = defaultCalendar('Europe/Paris');
    // Sunday 25 October 2026, 02:30 CEST; at 03:00 CEST clocks go back to 02:00 CET.
    const result = due('platinum', 1, '2026-10-25T00:30:00Z', paris);
    expect(result.dueAt.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(formatLocal(new Date('2026-10-25T00:30:00Z'), 'Europe/Paris')).toBe(
      'Sunday 02:30 (Europe/Paris)',
    );
    expect(formatLocal(result.dueAt, 'Europe/Paris')).toBe('Sunday 02:30 (Europe/Paris)');
  });

  it('America/New_York spring forward: 30 minutes stay 30 minutes', () => {
    const newYork = defaultCalendar('America/New_York');
    // Sunday 8 March 2026, 01:45 EST; 02:00 EST becomes 03:00 EDT.
    const result = due('enterprise', 1, '2026-03-08T06:45:00Z', newYork);
    expect(result.dueAt.toISOString()).toBe('2026-03-08T07:15:00.000Z');
    expect(formatLocal(result.dueAt, 'America/New_York')).toBe('Sunday 03:15 (America/New_York)');
  });

  it('ignores weekends, nights and holidays', () => {
    const paris = defaultCalendar('Europe/Paris', 'FR');
    // Saturday 11 July 2026 23:00 Paris, self-managed Enterprise urgent: 1 hour later, on the 14th-eve weekend.
    expect(
      due('enterprise', 1, '2026-07-11T21:00:00Z', paris, 'self-managed').dueAt.toISOString(),
    ).toBe('2026-07-11T22:00:00.000Z');
    expect(due('platinum', 2, '2026-07-14T10:00:00Z', paris).dueAt.toISOString()).toBe(
      '2026-07-14T14:00:00.000Z',
    );
  });
});

describe('business-hours targets count only working time', () => {
  const paris = defaultCalendar('Europe/Paris');

  it('crosses a weekend: Friday 16:00 + 4 business hours is Monday 11:00', () => {
    expect(due('gold', 1, '2026-07-10T14:00:00Z', paris).dueAt.toISOString()).toBe(
      '2026-07-13T09:00:00.000Z',
    );
  });

  it('starts counting at 09:00 for a case opened before opening', () => {
    expect(due('gold', 1, '2026-07-06T05:00:00Z', paris).dueAt.toISOString()).toBe(
      '2026-07-06T11:00:00.000Z',
    );
  });

  it('starts counting the next morning for a case opened after closing', () => {
    expect(due('gold', 1, '2026-07-06T17:30:00Z', paris).dueAt.toISOString()).toBe(
      '2026-07-07T11:00:00.000Z',
    );
  });

  it('starts counting on Monday for a case opened on Saturday', () => {
    const result = due('gold', 1, '2026-07-11T10:00:00Z', paris);
    expect(result.dueAt.toISOString()).toBe('2026-07-13T11:00:00.000Z');
    expect(formatLocal(result.dueAt, 'Europe/Paris')).toBe('Monday 13:00 (Europe/Paris)');
  });

  it('keeps a deadline that lands on closing time at closing time', () => {
    expect(due('gold', 1, '2026-07-06T12:00:00Z', paris).dueAt.toISOString()).toBe(
      '2026-07-06T16:00:00.000Z',
    );
  });

  it('follows local working hours across a DST change', () => {
    // Friday 27 March 2026 17:00 CET: 1 h on Friday, 8 h on Monday 30 March (now CEST) → 17:00 CEST.
    expect(due('gold', 2, '2026-03-27T16:00:00Z', paris).dueAt.toISOString()).toBe(
      '2026-03-30T15:00:00.000Z',
    );
  });

  it('counts "N business days" as N full working days of 9 hours', () => {
    // Wednesday 14:00 Paris + 2 business days (18 h): 4 h Wed, 9 h Thu, 5 h Fri → Friday 14:00.
    const result = due('gold', 3, '2026-07-08T12:00:00Z', paris);
    expect(result.targetMinutes).toBe(18 * 60);
    expect(result.dueAt.toISOString()).toBe('2026-07-10T12:00:00.000Z');
  });

  it('sizes a business day from the calendar hours (a 08:00–12:00 calendar has 4-hour days)', () => {
    const mornings: BusinessCalendar = {
      timeZone: 'Europe/Paris',
      hours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '12:00' },
    };
    const oneDay = due('gold', 2, '2026-07-06T06:00:00Z', mornings);
    expect(oneDay.targetMinutes).toBe(240);
    expect(oneDay.dueAt.toISOString()).toBe('2026-07-06T10:00:00.000Z');
    expect(due('gold', 3, '2026-07-06T06:00:00Z', mornings).dueAt.toISOString()).toBe(
      '2026-07-07T10:00:00.000Z',
    );
  });
});

describe('public holidays and closed dates', () => {
  it('skips Bastille Day (14 July) in France', () => {
    // Monday 13 July 10:00 Paris + 1 business day: 8 h Monday, Tuesday closed, 1 h Wednesday.
    expect(
      due(
        'gold',
        2,
        '2026-07-13T08:00:00Z',
        defaultCalendar('Europe/Paris', 'FR'),
      ).dueAt.toISOString(),
    ).toBe('2026-07-15T08:00:00.000Z');
    expect(
      due('gold', 2, '2026-07-13T08:00:00Z', defaultCalendar('Europe/Paris')).dueAt.toISOString(),
    ).toBe('2026-07-14T08:00:00.000Z');
  });

  it('skips Christmas Day in France', () => {
    // Thursday 24 Dec 2026 17:00 Paris + 4 business hours: 1 h Thu, Fri 25 closed, weekend, 3 h Monday.
    expect(
      due(
        'gold',
        1,
        '2026-12-24T16:00:00Z',
        defaultCalendar('Europe/Paris', 'FR'),
      ).dueAt.toISOString(),
    ).toBe('2026-12-28T11:00:00.000Z');
  });

  it('skips Independence Day in the US, and its observed Friday when it falls on Saturday', () => {
    const us = defaultCalendar('America/New_York', 'US');
    // 2025: Friday 4 July. Thursday 17:00 EDT + 4 business hours → Monday 7 July 12:00 EDT.
    expect(due('gold', 1, '2025-07-03T21:00:00Z', us).dueAt.toISOString()).toBe(
      '2025-07-07T16:00:00.000Z',
    );
    // 2026: Saturday 4 July, observed Friday 3 July.
    expect(due('gold', 1, '2026-07-02T21:00:00Z', us).dueAt.toISOString()).toBe(
      '2026-07-06T16:00:00.000Z',
    );
  });

  it('applies region-specific holidays (Corpus Christi in Bavaria, not in Berlin)', () => {
    // Wednesday 3 June 2026 17:00 Berlin; Thursday 4 June is Fronleichnam in DE-BY only.
    expect(
      due(
        'gold',
        1,
        '2026-06-03T15:00:00Z',
        defaultCalendar('Europe/Berlin', 'DE', 'BY'),
      ).dueAt.toISOString(),
    ).toBe('2026-06-05T10:00:00.000Z');
    expect(
      due(
        'gold',
        1,
        '2026-06-03T15:00:00Z',
        defaultCalendar('Europe/Berlin', 'DE', 'BE'),
      ).dueAt.toISOString(),
    ).toBe('2026-06-04T10:00:00.000Z');
  });

  it('does not close on days the library types as bank holidays or observances', () => {
    // Christmas Eve is a 'bank' holiday in Germany: a normal working day for the calendar.
    expect(
      due(
        'gold',
        1,
        '2026-12-24T08:00:00Z',
        defaultCalendar('Europe/Berlin', 'DE'),
      ).dueAt.toISOString(),
    ).toBe('2026-12-24T12:00:00.000Z');
  });

  it('closes extra company dates', () => {
    const calendar: BusinessCalendar = {
      ...defaultCalendar('Europe/Paris'),
      extraClosedDates: ['2026-07-07'],
    };
    expect(due('gold', 2, '2026-07-06T08:00:00Z', calendar).dueAt.toISOString()).toBe(
      '2026-07-08T08:00:00.000Z',
    );
  });
});
