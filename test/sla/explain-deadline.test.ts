import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../src/core/model.js';
import {
  computeDueAt,
  countingStart,
  defaultCalendar,
  explainClock,
  explainDueAt,
  explanationLines,
  loadPolicy,
  resumedClock,
} from '../../src/core/sla/index.js';

const elastic = loadPolicy('elastic');
const premier = loadPolicy('premier');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function explain(
  tier: string,
  severity: number,
  openedAt: string,
  calendar: BusinessCalendar,
  policy = elastic,
) {
  const result = explainDueAt({
    policy,
    tier,
    severity,
    deployment: 'cloud',
    openedAt: new Date(openedAt),
    calendar,
  });
  if (!result) throw new Error(`no target for ${tier}/${severity}`);
  return result;
}

const sum = (minutes: number[]) => minutes.reduce((total, value) => total + value, 0);

describe('an explained deadline lists what the deadline computation counted', () => {
  it('a Gold urgent case opened on the eve of 1 May counts Thursday evening and Monday morning', () => {
    const paris = defaultCalendar('Europe/Paris', 'FR');
    // Thursday 30 April 2026 16:30 in Paris; Friday 1 May is Labour Day.
    const result = explain('gold', 1, '2026-04-30T14:30:00Z', paris);
    expect(result.dueAt.toISOString()).toBe('2026-05-04T09:30:00.000Z');
    expect(result.windows.map((window) => window.text)).toEqual([
      'Thu 30 Apr 16:30–18:00 1h30',
      'Mon 4 May 09:00–11:30 2h30',
    ]);
    expect(result.skipped.map((day) => [day.date, day.reason, day.holiday])).toEqual([
      ['2026-05-01', 'public-holiday', 'Labour Day'],
      ['2026-05-02', 'weekend', undefined],
      ['2026-05-03', 'weekend', undefined],
    ]);
    expect(result.countedMinutes).toBe(240);
    expect(result.rule).toMatchObject({
      tier: 'gold',
      severity: 1,
      severityLabel: 'Urgent (1)',
      businessHours: true,
      timeZone: 'Europe/Paris',
      target: 'within 4 business hours',
    });
    expect(result.rule.calendar).toBe('Mon–Fri 09:00–18:00 Europe/Paris, public holidays of FR');
    const lines = explanationLines(result).join('\n');
    expect(lines).toContain(
      'Skipped: Fri 1 May: public holiday (Labour Day); Sat 2 May: not a working day',
    );
    expect(lines).toContain('Counted 4h: Thu 30 Apr 16:30–18:00 1h30, Mon 4 May 09:00–11:30 2h30');
    expect(lines).toContain('Paused: never');
  });

  it("names the org's own closed day apart from weekends and holidays", () => {
    const calendar = { ...defaultCalendar('Europe/Paris', 'FR'), extraClosedDates: ['2026-05-04'] };
    const result = explain('gold', 1, '2026-04-30T14:30:00Z', calendar);
    expect(result.skipped.map((day) => day.reason)).toEqual([
      'public-holiday',
      'weekend',
      'weekend',
      'closed-day',
    ]);
    expect(result.skipped[3]?.text).toBe("Mon 4 May: the organisation's closed day");
    expect(result.windows.at(-1)?.text).toBe('Tue 5 May 09:00–11:30 2h30');
  });

  it('an opening outside working hours says counting began at the next opening', () => {
    const paris = defaultCalendar('Europe/Paris');
    // Saturday 2 May 2026 10:00 in Paris.
    const result = explain('gold', 1, '2026-05-02T08:00:00Z', paris);
    expect(result.windows.map((window) => window.text)).toEqual(['Mon 4 May 09:00–13:00 4h']);
    expect(explanationLines(result).join('\n')).toContain('outside working time');
  });

  it('a 24/7 target counts real time across the spring-forward night, day by day', () => {
    const paris = defaultCalendar('Europe/Paris', 'FR');
    // Saturday 28 March 2026 23:30 in Paris; clocks jump from 02:00 to 03:00 on Sunday.
    const result = explain('enterprise', 2, '2026-03-28T22:30:00Z', paris);
    expect(result.rule.businessHours).toBe(false);
    expect(result.windows.map((window) => window.text)).toEqual([
      'Sat 28 Mar 23:30–24:00 30min',
      'Sun 29 Mar 00:00–04:30 3h30',
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.countedMinutes).toBe(240);
  });

  it('a business target across the autumn DST change still counts nine hours a day', () => {
    const newYork = defaultCalendar('America/New_York', 'US');
    // Friday 30 October 2026 17:00 New York; clocks go back on Sunday 1 November.
    const result = explain('gold', 3, '2026-10-30T21:00:00Z', newYork);
    expect(result.windows.map((window) => window.text)).toEqual([
      'Fri 30 Oct 17:00–18:00 1h',
      'Mon 2 Nov 09:00–18:00 9h',
      'Tue 3 Nov 09:00–17:00 8h',
    ]);
    expect(result.countedMinutes).toBe(18 * 60);
  });
});

describe('the windows always add up to the target (the invariant)', () => {
  const calendars: [string, BusinessCalendar][] = [
    ['Paris with French holidays', defaultCalendar('Europe/Paris', 'FR')],
    ['New York with US holidays', defaultCalendar('America/New_York', 'US')],
    [
      'Sydney, Tue–Sat, closed dates',
      {
        timeZone: 'Australia/Sydney',
        hours: { days: [2, 3, 4, 5, 6], start: '08:30', end: '17:15' },
        country: 'AU',
        extraClosedDates: ['2026-04-07', '2026-10-06'],
      },
    ],
  ];
  const targets: [string, typeof elastic, string, number][] = [
    ['elastic gold 1 (4 business hours)', elastic, 'gold', 1],
    ['elastic gold 3 (2 business days)', elastic, 'gold', 3],
    ['elastic platinum 1 (1 hour 24/7)', elastic, 'platinum', 1],
    ['elastic enterprise 2 (4 hours 24/7)', elastic, 'enterprise', 2],
    ['premier (its first tier, every level)', premier, premier.tiers[0]?.id ?? '', 1],
  ];
  // Every 11 h 17 min from late March to mid-November: both DST changes of both hemispheres,
  // Easter, 1 May, Christmas-free weeks, weekends, openings inside and outside working hours.
  const openings: Date[] = [];
  for (
    let ms = Date.parse('2026-03-20T00:00:00Z');
    ms < Date.parse('2026-11-15T00:00:00Z');
    ms += 11 * HOUR + 17 * MINUTE
  )
    openings.push(new Date(ms));

  for (const [calendarName, calendar] of calendars)
    for (const [targetName, policy, tier, severity] of targets)
      it(`${targetName}, ${calendarName}`, () => {
        let checked = 0;
        for (const openedAt of openings) {
          const due = computeDueAt({
            policy,
            tier,
            severity,
            deployment: 'cloud',
            openedAt,
            calendar,
          });
          if (!due) continue;
          const result = explainDueAt({
            policy,
            tier,
            severity,
            deployment: 'cloud',
            openedAt,
            calendar,
          });
          expect(result?.dueAt.getTime()).toBe(due.dueAt.getTime());
          const counted = sum(result?.windows.map((window) => window.minutes) ?? []);
          if (Math.abs(counted - due.targetMinutes) > 1e-9)
            throw new Error(
              `${openedAt.toISOString()}: counted ${counted}, target ${due.targetMinutes}`,
            );
          // No window on a skipped day, and windows in order without overlap.
          const skippedDates = new Set(result?.skipped.map((day) => day.date));
          for (const window of result?.windows ?? []) {
            const date = window.start.toLocaleDateString('en-CA', { timeZone: calendar.timeZone });
            expect(skippedDates.has(date)).toBe(false);
          }
          checked += 1;
        }
        expect(checked).toBeGreaterThan(450);
      });
});

describe('pauses', () => {
  const paris = defaultCalendar('Europe/Paris', 'FR');

  it('a business target paused on Friday and resumed on Tuesday lists the pause and still adds up', () => {
    // A 4-business-hour clock started Thursday 7 May 2026 16:00 (Friday 8 May is V-E Day).
    const startedAt = new Date('2026-05-07T14:00:00Z'); // Thu 16:00 Paris
    const lengthMs = 4 * HOUR;
    const due = computeDueAt({
      policy: elastic,
      tier: 'gold',
      severity: 1,
      deployment: 'cloud',
      openedAt: startedAt,
      calendar: paris,
    });
    if (!due) throw new Error('no target');
    const pausedAt = new Date('2026-05-07T15:00:00Z'); // Thu 17:00, 3 h left
    const resumedAt = new Date('2026-05-12T08:00:00Z'); // Tue 10:00
    const resumed = resumedClock({
      startedAt,
      dueAt: due.dueAt,
      pausedAt,
      businessHours: true,
      calendar: paris,
      at: resumedAt,
    });
    expect(resumed.dueAt.toISOString()).toBe('2026-05-12T11:00:00.000Z'); // Tue 13:00
    const pauses = [{ from: pausedAt, to: resumedAt }];
    const countFrom = countingStart({
      calendar: paris,
      businessHours: true,
      dueAt: resumed.dueAt,
      lengthMs,
      pauses,
    });
    expect(countFrom.toISOString()).toBe(startedAt.toISOString());
    const result = explainClock({
      calendar: paris,
      businessHours: true,
      countFrom,
      dueAt: resumed.dueAt,
      pauses,
    });
    expect(result.windows.map((window) => window.text)).toEqual([
      'Thu 7 May 16:00–17:00 1h',
      'Tue 12 May 10:00–13:00 3h',
    ]);
    expect(result.countedMinutes).toBe(240);
    expect(result.pauses).toHaveLength(1);
    expect(result.pauses[0]?.text).toBe(
      'waiting on the customer Thu 7 May 17:00 → Tue 12 May 10:00: 11h not counted',
    );
    // The closed days inside the pause are still named (Friday is V-E Day in France).
    expect(result.skipped.map((day) => day.holiday ?? day.reason)).toEqual([
      'Victory Day',
      'weekend',
      'weekend',
    ]);
  });

  it('a 24/7 clock still paused says so and counts only up to the pause', () => {
    const countFrom = new Date('2026-05-07T14:00:00Z');
    const result = explainClock({
      calendar: paris,
      businessHours: false,
      countFrom,
      dueAt: new Date('2026-05-07T18:00:00Z'),
      pauses: [{ from: new Date('2026-05-07T15:00:00Z'), to: null }],
    });
    expect(result.countedMinutes).toBe(60);
    expect(result.pauses[0]?.to).toBeNull();
    expect(result.pauses[0]?.text).toContain('→ the customer replies');
  });
});
