import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  defaultCalendar,
  elapsedFraction,
  formatDuration,
  formatLocal,
  nextThresholdInstant,
  timeLeft,
  validateCalendar,
  validateTimeZone,
  workingTimeBetween,
} from '../../src/core/sla/index.js';

const paris = defaultCalendar('Europe/Paris', 'FR');
// Gold urgent opened Friday 10 July 2026 16:00 Paris: 2 h Friday + 2 h Monday 13 July → 11:00.
const business = {
  startedAt: new Date('2026-07-10T14:00:00Z'),
  dueAt: new Date('2026-07-13T09:00:00Z'),
  businessHours: true,
  calendar: paris,
};
// Enterprise high (4 h 24/7) across the Paris spring-forward night.
const roundTheClock = {
  startedAt: new Date('2026-03-28T23:30:00Z'),
  dueAt: new Date('2026-03-29T03:30:00Z'),
  businessHours: false,
  calendar: paris,
};

describe('elapsedFraction', () => {
  it('counts only working time for business targets', () => {
    expect(elapsedFraction({ ...business, now: new Date('2026-07-10T15:00:00Z') })).toBe(0.25);
    // The whole weekend adds nothing: still half at Friday closing and Monday opening.
    expect(elapsedFraction({ ...business, now: new Date('2026-07-10T16:00:00Z') })).toBe(0.5);
    expect(elapsedFraction({ ...business, now: new Date('2026-07-12T12:00:00Z') })).toBe(0.5);
    expect(elapsedFraction({ ...business, now: new Date('2026-07-13T08:00:00Z') })).toBe(0.75);
  });

  it('is 0 before the start, 1 at the due instant, above 1 once breached', () => {
    expect(elapsedFraction({ ...business, now: new Date('2026-07-10T10:00:00Z') })).toBe(0);
    expect(elapsedFraction({ ...business, now: business.dueAt })).toBe(1);
    expect(elapsedFraction({ ...business, now: new Date('2026-07-13T11:00:00Z') })).toBe(1.5);
  });

  it('counts real time for 24/7 targets, DST included', () => {
    expect(elapsedFraction({ ...roundTheClock, now: new Date('2026-03-29T01:30:00Z') })).toBe(0.5);
  });
});

describe('nextThresholdInstant', () => {
  it('gives the instants of the warning thresholds, skipping closed time', () => {
    const at = (fraction: number) => nextThresholdInstant({ ...business, fraction }).toISOString();
    expect(at(0.5)).toBe('2026-07-10T16:00:00.000Z');
    expect(at(0.75)).toBe('2026-07-13T08:00:00.000Z');
    expect(at(0.9)).toBe('2026-07-13T08:36:00.000Z');
    expect(at(1)).toBe(business.dueAt.toISOString());
  });

  it('is consistent with elapsedFraction for both kinds of target', () => {
    for (const target of [business, roundTheClock]) {
      for (const fraction of [0.5, 0.75, 0.9, 1, 1.25]) {
        const instant = nextThresholdInstant({ ...target, fraction });
        expect(elapsedFraction({ ...target, now: instant })).toBeCloseTo(fraction, 6);
        const justBefore = new Date(instant.getTime() - 1000);
        expect(elapsedFraction({ ...target, now: justBefore })).toBeLessThan(fraction);
      }
    }
  });

  it('places 24/7 thresholds in real time across DST', () => {
    expect(nextThresholdInstant({ ...roundTheClock, fraction: 0.75 }).toISOString()).toBe(
      '2026-03-29T02:30:00.000Z',
    );
  });
});

describe('time left', () => {
  it('reports working time left for business targets', () => {
    const left = timeLeft({ ...business, now: new Date('2026-07-10T15:30:00Z') });
    expect(left).toEqual({
      ms: 2.5 * 3_600_000,
      isOverdue: false,
      text: '2 h 30 min left (business time)',
    });
  });

  it('reports how late a breached target is', () => {
    const left = timeLeft({ ...roundTheClock, now: new Date('2026-03-29T04:10:00Z') });
    expect(left).toEqual({ ms: -40 * 60_000, isOverdue: true, text: 'overdue by 40 min' });
  });

  it('formats durations compactly', () => {
    expect(formatDuration(0)).toBe('under 1 min');
    expect(formatDuration(26 * 3_600_000)).toBe('1 d 2 h');
    expect(formatDuration(3_600_000)).toBe('1 h');
  });

  it('measures working time between instants', () => {
    // Monday 13 July 09:00 to Wednesday 15 July 12:00 Paris, 14 July closed: 9 h + 3 h.
    expect(
      workingTimeBetween(
        paris,
        Date.parse('2026-07-13T07:00:00Z'),
        Date.parse('2026-07-15T10:00:00Z'),
      ),
    ).toBe(12 * 3_600_000);
  });
});

describe('calendars and time zones', () => {
  it('refuses an unknown IANA zone with a suggestion', () => {
    expect(() => validateTimeZone('Europe/Pari')).toThrow(
      'unknown time zone "Europe/Pari": use an IANA name such as "Europe/Paris"',
    );
    expect(() => validateTimeZone('Mars/Olympus')).toThrow(
      /unknown time zone "Mars\/Olympus": use an IANA name such as/,
    );
    expect(() => defaultCalendar('CEST')).toThrow(CalendarError);
    expect(() => validateTimeZone('America/New_York')).not.toThrow();
  });

  it('refuses an unknown country or region', () => {
    expect(() => defaultCalendar('UTC', 'XX')).toThrow(
      'unknown country "XX" for public holidays: use an ISO 3166 code such as FR, US or DE',
    );
    expect(() => defaultCalendar('Europe/Berlin', 'DE', 'ZZ')).toThrow(
      /unknown region "ZZ" of DE for public holidays: use one of .*BY/,
    );
  });

  it('refuses working hours that end before they start, bad days and bad dates', () => {
    const base = defaultCalendar('UTC');
    expect(() =>
      validateCalendar({ ...base, hours: { days: [1], start: '18:00', end: '09:00' } }),
    ).toThrow(/end before they start/);
    expect(() =>
      validateCalendar({ ...base, hours: { days: [0, 8], start: '09:00', end: '18:00' } }),
    ).toThrow(/ISO weekdays/);
    expect(() =>
      validateCalendar({ ...base, hours: { days: [1], start: '9h', end: '18:00' } }),
    ).toThrow(/"HH:MM"/);
    expect(() => validateCalendar({ ...base, extraClosedDates: ['14/07/2026'] })).toThrow(
      /YYYY-MM-DD/,
    );
  });

  it('has Monday–Friday 09:00–18:00 by default', () => {
    expect(defaultCalendar('Europe/Paris', 'fr')).toEqual({
      timeZone: 'Europe/Paris',
      hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      country: 'FR',
    });
  });

  it('formats a local instant with weekday, time and zone', () => {
    expect(formatLocal(new Date('2026-07-13T09:30:00Z'), 'Europe/Paris')).toBe(
      'Monday 11:30 (Europe/Paris)',
    );
  });
});

describe('calendars read from storage', () => {
  it('refuse an unknown zone instead of computing NaN deadlines', () => {
    const stored = {
      timeZone: 'Europe/Atlantis',
      hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
    };
    expect(() => workingTimeBetween(stored, 0, 3_600_000)).toThrow(
      /unknown time zone "Europe\/Atlantis"/,
    );
  });
});
