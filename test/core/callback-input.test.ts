// Callback times as people type them (core/callbacks/callback-input.ts), in English and in French
// whatever the reader's language: "Tue 14:00" and "mardi 14h00", "tomorrow 09:30" and "demain 9h30",
// windows "Tue 14:00-17:00" and "mardi 14h-17h". Read in the customer's zone (Europe/Paris).
import { describe, expect, it } from 'vitest';
import {
  parseCallbackCommand,
  readWhen,
  readWindows,
} from '../../src/core/callbacks/callback-input.js';
import { CallbackError } from '../../src/core/callbacks/callback-error.js';

const NOW = new Date('2026-03-02T09:00:00Z'); // Monday 2 March 2026, 10:00 in Paris
const ZONE = 'Europe/Paris';
const when = (text: string) => readWhen(text, NOW, ZONE)?.toISOString() ?? null;
const windows = (text: string) =>
  readWindows(text, NOW, ZONE).map((w) => [w.start.toISOString(), w.end.toISOString()]);

const TUESDAY_14 = '2026-03-03T13:00:00.000Z';
const TUESDAY_0930 = '2026-03-03T08:30:00.000Z';

describe('a callback time', () => {
  it('reads the English forms as before', () => {
    expect(when('Tue 14:00')).toBe(TUESDAY_14);
    expect(when('tuesday 14:00')).toBe(TUESDAY_14);
    expect(when('tomorrow 09:30')).toBe(TUESDAY_0930);
    expect(when('today 15:00')).toBe('2026-03-02T14:00:00.000Z');
    expect(when('2026-03-03 14:00')).toBe(TUESDAY_14);
    expect(when('2026-03-03T13:00:00Z')).toBe(TUESDAY_14);
    // A weekday whose time has passed today is next week's; a bare clock its next occurrence.
    expect(when('Mon 09:00')).toBe('2026-03-09T08:00:00.000Z');
    expect(when('09:00')).toBe('2026-03-03T08:00:00.000Z');
  });

  it('reads French weekdays, abbreviations, "demain", "aujourd’hui" and the 14h form', () => {
    expect(when('mardi 14:00')).toBe(TUESDAY_14);
    expect(when('mar. 14h00')).toBe(TUESDAY_14);
    expect(when('Mardi 14h')).toBe(TUESDAY_14);
    expect(when('mardi à 14h')).toBe(TUESDAY_14);
    expect(when('demain 9h30')).toBe(TUESDAY_0930);
    expect(when('demain à 9 h 30')).toBe(TUESDAY_0930);
    expect(when('après-demain 10h')).toBe('2026-03-04T09:00:00.000Z');
    expect(when('aujourd’hui 15h')).toBe('2026-03-02T14:00:00.000Z');
    expect(when("aujourd'hui 15h30")).toBe('2026-03-02T14:30:00.000Z');
    // The command line drops quotes, so the apostrophe may be gone.
    expect(when('aujourdhui 15h')).toBe('2026-03-02T14:00:00.000Z');
    expect(when('lun. 9h')).toBe('2026-03-09T08:00:00.000Z');
    expect(when('mercredi 10h')).toBe('2026-03-04T09:00:00.000Z');
    expect(when('jeu 10h')).toBe('2026-03-05T09:00:00.000Z');
    expect(when('ven. 11h15')).toBe('2026-03-06T10:15:00.000Z');
    expect(when('sam 10h')).toBe('2026-03-07T09:00:00.000Z');
    expect(when('dim. 10h')).toBe('2026-03-08T09:00:00.000Z');
    expect(when('14h')).toBe('2026-03-02T13:00:00.000Z');
  });

  it('still refuses what it cannot read', () => {
    for (const text of ['someday', 'mardi prochain', 'mardi 25h', 'demain 9h75', 'marché 14h'])
      expect(when(text), text).toBeNull();
  });
});

describe('callback windows', () => {
  it('reads English and French windows alike', () => {
    const tuesday = [TUESDAY_14, '2026-03-03T16:00:00.000Z'];
    const wednesday = ['2026-03-04T08:00:00.000Z', '2026-03-04T11:00:00.000Z'];
    expect(windows('Tue 14:00-17:00, Wed 09:00-12:00')).toEqual([tuesday, wednesday]);
    expect(windows('mardi 14h-17h, mercredi 9h-12h')).toEqual([tuesday, wednesday]);
    expect(windows('mardi 14h-17h et mercredi 9h-12h')).toEqual([tuesday, wednesday]);
    expect(windows('mar. 14h00–17h00')).toEqual([tuesday]);
    expect(windows('mardi de 14h à 17h')).toEqual([tuesday]);
    expect(windows('demain 14h-17h')).toEqual([tuesday]);
  });

  it('refuses a window it cannot read, or one that ends before it starts', () => {
    expect(() => windows('mardi 14h')).toThrow(CallbackError);
    expect(() => windows('mardi 17h-14h')).toThrow(/ends before it starts/);
  });
});

describe('the callback command line', () => {
  it('takes a bare French time as a booking and bare windows as windows', () => {
    expect(parseCallbackCommand('mar. 14h00 contact=+33612345678')).toEqual({
      kind: 'book',
      when: 'mar. 14h00',
      contact: '+33612345678',
      timeZone: null,
    });
    expect(parseCallbackCommand('mardi 14h-17h contact=+33612345678')).toEqual({
      kind: 'windows',
      windows: 'mardi 14h-17h',
      contact: '+33612345678',
      timeZone: null,
    });
    // An ISO date is not a window, and English bare times are bookings as before.
    expect(parseCallbackCommand('2026-03-03 14:00')).toMatchObject({ kind: 'book' });
    expect(parseCallbackCommand('Tue 14:00')).toMatchObject({ kind: 'book', when: 'Tue 14:00' });
    expect(parseCallbackCommand('book demain 9h30')).toMatchObject({
      kind: 'book',
      when: 'demain 9h30',
    });
  });
});
