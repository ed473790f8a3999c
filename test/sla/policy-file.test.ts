import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  computeDueAt,
  defaultCalendar,
  loadPolicy,
  PolicyError,
  presetPath,
} from '../../src/core/sla/index.js';

const dir = mkdtempSync(join(tmpdir(), 'casebot-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MINIMAL = `name: mine
title: My team's policy
severities:
  - value: 1
    id: urgent
    label: Urgent
    description: Down.
  - value: 2
    id: normal
    label: Normal
    description: Anything else.
tiers:
  - id: gold
    label: Gold
    severities: [1, 2]
    firstResponse:
      1: 2 hours 24/7
      2: 1 business day
    resolution:
      1: 3 business days
`;

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function loadError(text: string): string {
  const path = write(`bad-${Math.random().toString(36).slice(2)}.yml`, text);
  try {
    loadPolicy(path);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toContain(path);
    return (error as Error).message;
  }
  throw new Error('expected the policy to be refused');
}

describe('policy files', () => {
  it('loads a team file, with default warning thresholds and optional milestones', () => {
    const policy = loadPolicy(write('mine.yml', MINIMAL));
    expect(policy.name).toBe('mine');
    expect(policy.warningThresholds).toEqual([0.5, 0.75, 0.9]);
    const calendar = defaultCalendar('UTC');
    const openedAt = new Date('2026-07-06T09:00:00Z');
    const resolution = computeDueAt({
      policy,
      tier: 'gold',
      severity: 1,
      deployment: 'cloud',
      openedAt,
      calendar,
      milestone: 'resolution',
    });
    expect(resolution?.dueAt.toISOString()).toBe('2026-07-08T18:00:00.000Z');
    expect(resolution?.targetText).toBe('within 3 business days');
    expect(
      computeDueAt({
        policy,
        tier: 'gold',
        severity: 2,
        deployment: 'cloud',
        openedAt,
        calendar,
        milestone: 'resolution',
      }),
    ).toBeNull();
  });

  it('loads the Premier preset with five criticality levels', () => {
    const premier = loadPolicy('premier');
    expect(premier.severities.map((level) => level.id)).toEqual([
      'highly-critical',
      'critical',
      'important',
      'minor',
      'proactive',
    ]);
    expect(readFileSync(presetPath('premier'), 'utf8')).toMatch(/not from the sources/);
    const openedAt = new Date('2026-07-06T08:00:00Z');
    const calendar = defaultCalendar('Europe/Paris');
    const first = computeDueAt({
      policy: premier,
      tier: 'premier',
      severity: 1,
      deployment: 'self-managed',
      openedAt,
      calendar,
    });
    expect(first).toMatchObject({ businessHours: false, targetMinutes: 60 });
    const next = computeDueAt({
      policy: premier,
      tier: 'premier',
      severity: 1,
      deployment: 'cloud',
      openedAt,
      calendar,
      milestone: 'next-response',
    });
    expect(next?.dueAt.toISOString()).toBe('2026-07-06T09:00:00.000Z');
    const proactive = computeDueAt({
      policy: premier,
      tier: 'premier',
      severity: 5,
      deployment: 'cloud',
      openedAt,
      calendar,
    });
    expect(proactive).toMatchObject({
      businessHours: true,
      targetMinutes: 5 * 540,
      targetText: 'within 5 business days',
    });
  });

  it('refuses an unknown preset and a missing file with the fix', () => {
    expect(() => loadPolicy('nope')).toThrow(
      'unknown policy "nope": use a preset (elastic, premier) or the path of a YAML policy file',
    );
    expect(() => loadPolicy(join(dir, 'missing.yml'))).toThrow(/does not exist: check the path/);
  });

  it('reports bad YAML with its line', () => {
    const message = loadError('name: x\ntitle: y\ntiers: [\n  - id: gold\n');
    expect(message).toMatch(/line \d+: not valid YAML .*fix the syntax/);
  });

  it('reports a field of the wrong type with its line and path', () => {
    const message = loadError(
      MINIMAL.replace('title: My team', 'warningThresholds: high\ntitle: My team'),
    );
    expect(message).toMatch(/line 2, warningThresholds: expected array, received string/);
  });

  it('reports an unknown field (a typo) and tells to check the spelling', () => {
    const message = loadError(MINIMAL.replace('    severities: [1, 2]', '    sevrities: [1, 2]'));
    expect(message).toMatch(
      /line 15, tiers\[0\]\.sevrities: unknown field "sevrities": check its spelling or remove it/,
    );
    expect(message).toMatch(/tiers\[0\]\.severities: is missing: add it/);
  });

  it('reports a severity used by a tier but not defined, with its line', () => {
    const message = loadError(MINIMAL.replace('severities: [1, 2]', 'severities: [1, 2, 5]'));
    expect(message).toMatch(
      /line 15, tiers\[0\]\.severities\[2\]: severity 5 is not defined under severities: add it there or remove it here/,
    );
  });

  it('reports a missing severity description', () => {
    const message = loadError(MINIMAL.replace('    description: Down.\n', ''));
    expect(message).toMatch(/severities\[0\]\.description: is missing: add it/);
  });

  it('reports a target for a severity the tier may not open', () => {
    const message = loadError(MINIMAL.replace('severities: [1, 2]', 'severities: [1]'));
    expect(message).toMatch(
      /line 18, tiers\[0\]\.firstResponse\.2: tier "gold" has a target for severity 2 but may not open it/,
    );
  });

  it('reports an unreadable target with examples of the format', () => {
    const message = loadError(MINIMAL.replace('1: 2 hours 24/7', '1: 2 bussiness hours'));
    expect(message).toMatch(
      /line 17, tiers\[0\]\.firstResponse\.1: "2 bussiness hours" is not a target: write it like "30 minutes 24\/7"/,
    );
    const mixed = loadError(MINIMAL.replace('1: 2 hours 24/7', '1: 2 business hours 24/7'));
    expect(mixed).toMatch(/mixes business time and 24\/7/);
  });

  it('reports thresholds out of order', () => {
    const message = loadError(`warningThresholds: [0.9, 0.5]\n${MINIMAL}`);
    expect(message).toMatch(/line 1, warningThresholds: list thresholds in ascending order/);
  });

  it('refuses duplicate tiers', () => {
    const duplicated = MINIMAL + MINIMAL.slice(MINIMAL.indexOf('  - id: gold'));
    expect(loadError(duplicated)).toMatch(/tier "gold" is defined twice/);
  });
});
