// What `/away` and `/shift` accept, read in the engineer's time zone, and how each refusal reads.
import { describe, expect, it } from 'vitest';
import {
  AvailabilityInputError,
  parseAwayUntil,
  parseShift,
  startsWithAwayLead,
} from '../../src/core/routing/availability-input.js';
import { availabilityAt } from '../../src/core/routing/availability.js';
import { CalendarError } from '../../src/core/sla/index.js';

// Monday 2 March 2026, 15:00 in Paris.
const NOW = new Date('2026-03-02T14:00:00Z');
const until = (text: string, zone = 'Europe/Paris') =>
  parseAwayUntil(text, NOW, zone)?.toISOString() ?? null;
const untilFr = (text: string) => parseAwayUntil(text, NOW, 'Europe/Paris', 'fr');
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof AvailabilityInputError || error instanceof CalendarError)
      return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('/away', () => {
  it('reads times, days, dates and durations in the engineer’s zone', () => {
    expect(until('')).toBeNull();
    expect(until('until 17:30')).toBe('2026-03-02T16:30:00.000Z');
    // A time already past today is tomorrow's.
    expect(until('until 09:00')).toBe('2026-03-03T08:00:00.000Z');
    expect(until('until tomorrow')).toBe('2026-03-02T23:00:00.000Z');
    expect(until('until tomorrow 9:30')).toBe('2026-03-03T08:30:00.000Z');
    expect(until('until Monday 09:00')).toBe('2026-03-09T08:00:00.000Z');
    expect(until('until fri')).toBe('2026-03-05T23:00:00.000Z');
    expect(until('until 2026-03-30 09:00')).toBe('2026-03-30T07:00:00.000Z'); // after DST
    expect(until('until 2026-03-04T12:00')).toBe('2026-03-04T11:00:00.000Z');
    expect(until('for 3h')).toBe('2026-03-02T17:00:00.000Z');
    expect(until('for 1d 2h')).toBe('2026-03-03T16:00:00.000Z');
    expect(until('for 90min')).toBe('2026-03-02T15:30:00.000Z');
    expect(until('for 1h 30m')).toBe('2026-03-02T15:30:00.000Z');
    expect(until('until 17:30', 'Asia/Tokyo')).toBe('2026-03-03T08:30:00.000Z');
  });

  it('refuses a past time, an unreadable one and one more than a year ahead', () => {
    expect(refusal(() => until('until yesterday'))).toBe(
      'Sunday 1 March 2026 00:00 (Europe/Paris) is in the past: give a time to come back that is still ahead.',
    );
    expect(refusal(() => until('until today'))).toContain('is in the past');
    expect(refusal(() => until('until 2026-01-05'))).toContain('is in the past');
    expect(refusal(() => until('until next week'))).toContain('I cannot read the time "next week"');
    expect(refusal(() => until('until 25:00'))).toContain('I cannot read the time');
    expect(refusal(() => until('until 2026-02-30'))).toContain('I cannot read the time');
    expect(refusal(() => until('tomorrow'))).toContain('I cannot read "tomorrow"');
    expect(refusal(() => until('until 2028-01-01'))).toContain('more than a year ahead');
  });

  it('reads French days, times and lengths whatever the reader’s language', () => {
    const nextMonday9 = '2026-03-09T08:00:00.000Z';
    expect(until('jusqu’à lundi 9h')).toBe(nextMonday9);
    expect(until("jusqu'à lundi 9h")).toBe(nextMonday9);
    expect(until('until lundi 09:00')).toBe(nextMonday9);
    expect(until('Jusqu’à Lundi à 9 h')).toBe(nextMonday9);
    expect(until("jusqu'a demain")).toBe('2026-03-02T23:00:00.000Z');
    expect(until('jusqua demain 9h30')).toBe('2026-03-03T08:30:00.000Z');
    expect(until('jusqu’à demain à 9 h 30')).toBe('2026-03-03T08:30:00.000Z');
    expect(until('jusqu’à après-demain')).toBe('2026-03-03T23:00:00.000Z');
    expect(until('jusqu’au mer. 14h')).toBe('2026-03-04T13:00:00.000Z');
    expect(until('jusqu’à ven')).toBe('2026-03-05T23:00:00.000Z');
    expect(until('jusqu’à 17h30')).toBe('2026-03-02T16:30:00.000Z');
    expect(until('jusqu’à 2026-03-30 9h')).toBe('2026-03-30T07:00:00.000Z');
    expect(until('pour 3h')).toBe('2026-03-02T17:00:00.000Z');
    expect(until('pendant 2 h 30')).toBe('2026-03-02T16:30:00.000Z');
    expect(until('pendant 2h30')).toBe('2026-03-02T16:30:00.000Z');
    expect(until('Pour 2 heures')).toBe('2026-03-02T16:00:00.000Z');
    expect(until('pour 1 j')).toBe('2026-03-03T14:00:00.000Z');
    expect(until('pendant 90 min')).toBe('2026-03-02T15:30:00.000Z');
    // The same French line reads the same for a French reader.
    expect(untilFr('jusqu’à lundi 9h')?.toISOString()).toBe(nextMonday9);
  });

  it('refuses bad French input in the reader’s language', () => {
    expect(refusal(() => untilFr('jusqu’à hier'))).toBe(
      'dimanche 1 mars 2026 à 00:00 (Europe/Paris) est déjà passé : indiquez une heure de retour encore à venir.',
    );
    expect(refusal(() => until('jusqu’à hier'))).toBe(
      'Sunday 1 March 2026 00:00 (Europe/Paris) is in the past: give a time to come back that is still ahead.',
    );
    expect(refusal(() => untilFr('jusqu’à la semaine prochaine'))).toMatch(
      /^Je ne comprends pas l’heure « la semaine prochaine » : écrivez `\/away`/,
    );
    expect(refusal(() => untilFr('jusqu’à 25h'))).toContain('Je ne comprends pas l’heure « 25h »');
    expect(refusal(() => untilFr('jusqu’à mardi 9h75'))).toContain('Je ne comprends pas l’heure');
    expect(refusal(() => untilFr('pendant 2h75'))).toContain(
      'Je ne comprends pas l’heure « 2h75 »',
    );
    expect(refusal(() => untilFr('pour toujours'))).toContain('Je ne comprends pas l’heure');
    expect(refusal(() => untilFr('demain'))).toMatch(/^Je ne comprends pas « demain » : écrivez/);
    expect(refusal(() => untilFr('jusqu’à 2028-01-01'))).toContain('est à plus d’un an');
  });

  it('knows when a line already says until or for, in either language', () => {
    for (const text of ['until 14:00', 'For 3h', 'jusqu’à lundi 9h', "jusqu'a demain", 'pour 3h'])
      expect(startsWithAwayLead(text), text).toBe(true);
    for (const text of ['14:00', 'lundi 9h', 'demain', 'tomorrow', ''])
      expect(startsWithAwayLead(text), text).toBe(false);
  });

  it('an away with an end counts as available from that instant', () => {
    const person = { availability: 'away' as const, awayUntil: new Date('2026-03-02T16:00:00Z') };
    expect(availabilityAt(person, new Date('2026-03-02T15:59:59Z'))).toBe('away');
    expect(availabilityAt(person, new Date('2026-03-02T16:00:00Z'))).toBe('available');
    expect(availabilityAt({ availability: 'away', awayUntil: null }, NOW)).toBe('away');
  });
});

describe('/shift', () => {
  const none = { shift: null, timeZone: null };

  it('reads a range, a zone and days; keeps the zone and days it is not given', () => {
    expect(parseShift('08:00-17:00 Europe/Paris', none)).toEqual({
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
      timeZone: 'Europe/Paris',
      isOvernight: false,
    });
    expect(
      parseShift('8:30–16:00', {
        shift: { start: '09:00', end: '18:00', days: [2, 3] },
        timeZone: 'Asia/Tokyo',
      }),
    ).toEqual({
      shift: { start: '08:30', end: '16:00', days: [2, 3] },
      timeZone: 'Asia/Tokyo',
      isOvernight: false,
    });
    expect(parseShift('22:00-06:00 America/New_York sat,sun', none)).toMatchObject({
      shift: { start: '22:00', end: '06:00', days: [6, 7] },
      isOvernight: true,
    });
    expect(parseShift('00:00-24:00 UTC daily', none).shift.days).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseShift('09:00-17:00 Europe/Paris fri-mon', none).shift.days).toEqual([1, 5, 6, 7]);
  });

  it('reads French hours (8h, 8h30) and French days, full names and abbreviations', () => {
    expect(parseShift('08:00-17:00 Europe/Paris lun-ven', none)).toEqual({
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
      timeZone: 'Europe/Paris',
      isOvernight: false,
    });
    expect(parseShift('8h-17h Europe/Paris', none)).toEqual({
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
      timeZone: 'Europe/Paris',
      isOvernight: false,
    });
    expect(parseShift('8h30-16h UTC sam,dim', none).shift).toEqual({
      start: '08:30',
      end: '16:00',
      days: [6, 7],
    });
    expect(parseShift('22h-6h Asia/Tokyo lundi-vendredi', none)).toMatchObject({
      shift: { start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5] },
      isOvernight: true,
    });
    expect(parseShift('9h-17h Europe/Paris lun.-ven.', none).shift.days).toEqual([1, 2, 3, 4, 5]);
    expect(parseShift('9h-17h Europe/Paris mar,jeu', none).shift.days).toEqual([2, 4]);
    expect(parseShift('9h-17h Europe/Paris mer-mar', none).shift.days).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(parseShift('0h-24h UTC dimanche', none).shift).toEqual({
      start: '00:00',
      end: '24:00',
      days: [7],
    });
    // Days right after the hours keep the person's own zone.
    expect(parseShift('8h-17h lun-ven', { shift: null, timeZone: 'Europe/Paris' })).toMatchObject({
      timeZone: 'Europe/Paris',
      shift: { days: [1, 2, 3, 4, 5] },
    });
  });

  it('refuses bad French shifts in the reader’s language', () => {
    const fr = (text: string) => refusal(() => parseShift(text, none, 'fr'));
    expect(fr('8h-25h UTC')).toBe(
      '« 8h-25h » n’est pas une plage horaire : écrivez début-fin au format HH:MM-HH:MM ou 8h-17h, par exemple `/shift 8h-17h Europe/Paris`, `/shift 22h-6h Asia/Tokyo lun-ven`.',
    );
    expect(fr('8h5-17h UTC')).toContain('« 8h5-17h » n’est pas une plage horaire');
    expect(fr('8h-17h')).toContain('Ajoutez votre fuseau horaire');
    expect(fr('9h-9h UTC')).toContain('n’a pas de durée');
    expect(fr('08:00-17:00 UTC semaine')).toBe(
      'Je ne comprends pas les jours « semaine » : écrivez-les sous la forme lun-ven, sam,dim ou lun-dim.',
    );
    expect(fr('08:00-17:00 UTC lun-ven extra')).toContain('Je ne comprends pas « lun-ven extra »');
    expect(fr('08:00-17:00 Europe/Pariss')).toContain('fuseau horaire « Europe/Pariss » inconnu');
  });

  it('refuses an unknown zone, a malformed range, an empty shift, unreadable days, no zone at all', () => {
    expect(refusal(() => parseShift('08:00-17:00 Europe/Pariss', none))).toContain(
      'unknown time zone "Europe/Pariss": use an IANA name such as "Europe/Paris"',
    );
    expect(refusal(() => parseShift('08:00 to 17:00', none))).toContain(
      '"08:00" is not a range of hours',
    );
    expect(refusal(() => parseShift('08:00-25:00 UTC', none))).toContain('is not a range of hours');
    expect(refusal(() => parseShift('24:00-08:00 UTC', none))).toContain('is not a range of hours');
    expect(refusal(() => parseShift('', none))).toContain('Give the hours and time zone');
    expect(refusal(() => parseShift('10:00-10:00 UTC', none))).toContain('has no length');
    expect(refusal(() => parseShift('08:00-17:00 UTC mon-fri extra', none))).toContain(
      'I cannot read "mon-fri extra"',
    );
    expect(refusal(() => parseShift('08:00-17:00', none))).toContain('Add your time zone');
  });
});
