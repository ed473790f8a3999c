// Follow the sun: shifts are read in each engineer's own time zone.
import { describe, expect, it } from 'vitest';
import { chooseAssignee, isOnShift } from '../../src/core/routing/index.js';
import type { Person } from '../../src/core/model.js';

function engineer(handle: string, overrides: Partial<Person> = {}): Person {
  return {
    id: handle,
    handle,
    displayName: handle,
    orgId: null,
    roles: ['engineer'],
    identities: [],
    teamId: 't',
    timeZone: 'UTC',
    shift: null,
    capacity: 15,
    availability: 'available',
    ...overrides,
  };
}

describe('isOnShift', () => {
  const tokyo = {
    timeZone: 'Asia/Tokyo',
    shift: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  };
  it('reads the shift in the engineer time zone', () => {
    expect(isOnShift(tokyo, new Date('2026-03-02T00:00:00Z'))).toBe(true); // Monday 09:00 Tokyo
    expect(isOnShift(tokyo, new Date('2026-03-01T23:59:00Z'))).toBe(false); // Monday 08:59 Tokyo
    expect(isOnShift(tokyo, new Date('2026-03-07T01:00:00Z'))).toBe(false); // Saturday in Tokyo
  });
  it('handles overnight shifts on the day they start, and DST', () => {
    const night = {
      timeZone: 'America/New_York',
      shift: { start: '22:00', end: '06:00', days: [5] },
    };
    expect(isOnShift(night, new Date('2026-03-07T03:00:00Z'))).toBe(true); // Friday 22:00 NY
    expect(isOnShift(night, new Date('2026-03-07T10:30:00Z'))).toBe(true); // Saturday 05:30 NY
    expect(isOnShift(night, new Date('2026-03-07T11:30:00Z'))).toBe(false); // Saturday 06:30 NY
    // After the US switch to EDT (8 March), 09:00 New York is 13:00Z.
    const day = {
      timeZone: 'America/New_York',
      shift: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    };
    expect(isOnShift(day, new Date('2026-03-09T13:00:00Z'))).toBe(true);
    expect(isOnShift(day, new Date('2026-03-02T13:00:00Z'))).toBe(false); // EST: 08:00
  });
});

describe('chooseAssignee', () => {
  const now = new Date('2026-03-02T10:00:00Z');
  it('picks the least-loaded available engineer below capacity, ties by handle', () => {
    const chosen = chooseAssignee(
      [
        { person: engineer('b'), openCases: 3 },
        { person: engineer('a'), openCases: 3 },
        { person: engineer('c', { availability: 'away' }), openCases: 0 },
        { person: engineer('d', { capacity: 2 }), openCases: 2 },
        {
          person: engineer('e', {
            timeZone: 'Asia/Tokyo',
            shift: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
          }),
          openCases: 0,
        },
      ],
      now,
    );
    expect(chosen?.person.handle).toBe('a');
  });
  it('returns nobody when nobody can take it', () => {
    expect(
      chooseAssignee([{ person: engineer('x', { availability: 'training' }), openCases: 0 }], now),
    ).toBeNull();
  });
});
