// The policy options of follow-through (issue 12 items 3 and 5): the update cadence per severity,
// the escalation ladder and the reminder digest, with casebot's defaults, and every mistake
// refused with its line and the fix, including a cadence shorter than the SLA loop's tick.
import { describe, expect, it } from 'vitest';
import {
  checkCadenceAgainstTick,
  loadPolicy,
  parsePolicy,
  PolicyError,
} from '../../src/core/sla/index.js';

const BASE = `name: mine
title: Mine
severities:
  - { value: 1, id: urgent, label: Urgent, description: Down. }
  - { value: 2, id: high, label: High, description: Degraded. }
tiers:
  - id: gold
    label: Gold
    severities: [1, 2]
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

describe('updateCadence', () => {
  it('defaults to every hour on severity 1 and every business day on severity 2, in both presets', () => {
    for (const policy of [loadPolicy('elastic'), loadPolicy('premier'), parsePolicy(BASE, 'm')]) {
      expect(policy.updateCadence[1]?.text).toBe('1 hour, 24/7');
      expect(policy.updateCadence[2]?.text).toBe('1 business day');
      expect(policy.updateCadence[3]).toBeUndefined();
    }
  });

  it('may be set per severity, or turned off', () => {
    const set = parsePolicy(`${BASE}updateCadence:\n  2: 4 hours 24/7\n`, 'm');
    expect(set.updateCadence[1]).toBeUndefined();
    expect(set.tiers[0]?.targets['customer-update']?.[2]?.cloud?.text).toBe('4 hours, 24/7');
    const off = parsePolicy(`${BASE}updateCadence: {}\n`, 'm');
    expect(off.tiers[0]?.targets['customer-update']).toBeUndefined();
  });

  it('refuses a cadence for an unknown severity, or one that is not a duration, with its line', () => {
    expect(refusal(`${BASE}updateCadence:\n  7: 1 hour 24/7\n`)).toBe(
      'policy file mine.yml is invalid: line 13, updateCadence.7: severity 7 is not defined under severities',
    );
    expect(refusal(`${BASE}updateCadence:\n  1: hourly\n`)).toContain(
      'line 13, updateCadence.1: "hourly" is not a target',
    );
  });

  it('refuses at load a cadence shorter than the SLA tick, saying which and how to fix it', () => {
    const policy = parsePolicy(`${BASE}updateCadence:\n  1: 1 minutes 24/7\n`, 'mine.yml');
    expect(() => checkCadenceAgainstTick(policy, 30_000)).not.toThrow();
    expect(() => checkCadenceAgainstTick(policy, 120_000)).toThrow(
      'policy mine (mine.yml): updateCadence for severity 1 is 1 minute, 24/7, shorter than the SLA tick of 120 s (SLA_TICK_SECONDS): lengthen the cadence or shorten the tick',
    );
  });
});

describe('escalation', () => {
  it('defaults to owner at the first warning, team at 75 %, on-call at a severity 1 breach', () => {
    const policy = parsePolicy(BASE, 'm');
    expect(policy.escalation.map((rung) => [rung.notify, rung.at, rung.severities])).toEqual([
      ['owner', 'first-warning', null],
      ['team', 0.75, null],
      ['on-call', 'breach', [1]],
    ]);
    expect(loadPolicy('elastic').escalation).toEqual(policy.escalation);
  });

  it('reads a contact rung with its overrun', () => {
    const policy = parsePolicy(
      `${BASE}escalation:\n  - { notify: owner, at: 0.5 }\n  - { notify: contact, at: breach, overrun: 2 business hours, contact: lee }\n`,
      'm',
    );
    expect(policy.escalation[1]).toMatchObject({
      notify: 'contact',
      contact: 'lee',
      overrun: { amount: 2, unit: 'business-hours' },
    });
  });

  it('refuses a rung told twice, rungs out of order, a contact without a name, an overrun before the breach', () => {
    expect(
      refusal(
        `${BASE}escalation:\n  - { notify: owner, at: 0.5 }\n  - { notify: owner, at: 0.9 }\n`,
      ),
    ).toContain(
      'line 14, escalation[1].notify: owner is on the ladder twice: each rung is told once',
    );
    expect(
      refusal(
        `${BASE}escalation:\n  - { notify: on-call, at: breach }\n  - { notify: team, at: 0.5 }\n`,
      ),
    ).toContain('escalation[1].at: list the rungs in the order they fire');
    expect(refusal(`${BASE}escalation:\n  - { notify: contact, at: breach }\n`)).toContain(
      'escalation[0].contact: name the escalation contact: contact: <handle of a person in the setup file>',
    );
    expect(
      refusal(
        `${BASE}escalation:\n  - { notify: contact, at: 0.5, overrun: 1 hour 24/7, contact: lee }\n`,
      ),
    ).toContain('an overrun counts past the breach: use at: breach with it');
    expect(refusal(`${BASE}escalation:\n  - { notify: boss, at: breach }\n`)).toContain(
      'notify is owner, team, on-call or contact',
    );
    expect(refusal(`${BASE}escalation:\n  - { notify: team, at: 1.5 }\n`)).toContain(
      'at is first-warning, breach, or a fraction of the target between 0 and 1',
    );
  });
});

describe('reminderDigest', () => {
  it('defaults to a 30-minute window, may be set or turned off, and refuses business time', () => {
    expect(parsePolicy(BASE, 'm').reminderDigest).toEqual({ windowMs: 30 * 60_000 });
    expect(
      parsePolicy(`${BASE}reminderDigest:\n  window: 2 hours 24/7\n`, 'm').reminderDigest,
    ).toEqual({
      windowMs: 2 * 60 * 60_000,
    });
    expect(parsePolicy(`${BASE}reminderDigest: off\n`, 'm').reminderDigest).toBeNull();
    expect(refusal(`${BASE}reminderDigest:\n  window: 1 business day\n`)).toContain(
      'a digest window is elapsed time',
    );
  });
});
