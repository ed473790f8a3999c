import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'casebot-sla-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `casebot sla due …` through tsx, as a user would, and never throws on a non-zero exit. */
async function slaDue(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'sla', 'due', ...args],
      { cwd: ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('casebot sla due', () => {
  it('prints the due instant in UTC and in the zone, with the target', async () => {
    const result = await slaDue(
      '--tier',
      'gold',
      '--severity',
      '1',
      '--opened',
      '2026-07-13T15:00:00Z',
      '--tz',
      'Europe/Paris',
      '--country',
      'FR',
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      'First response due 2026-07-15T10:00:00.000Z = Wednesday 15 July 2026 12:00 (Europe/Paris): within 4 business hours (Gold, Urgent (1), cloud)\n',
    );
  });

  it('prints exactly one JSON line with --json', async () => {
    const result = await slaDue(
      '--tier',
      'gold',
      '--severity',
      '1',
      '--opened',
      '2026-07-02T17:00',
      '--tz',
      'America/New_York',
      '--country',
      'US',
      '--json',
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    // Opened Thursday 17:00 EDT (read in --tz); Friday 3 July is the observed Independence Day.
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      due: '2026-07-06T16:00:00.000Z',
      target: 'within 4 business hours',
      businessHours: true,
    });
    expect(Object.keys(JSON.parse(lines[0] ?? ''))).toEqual(['due', 'target', 'businessHours']);
  });

  it('uses the defaults: UTC, cloud, Elastic', async () => {
    const result = await slaDue(
      '--tier',
      'enterprise',
      '--severity',
      '1',
      '--opened',
      '2026-03-29T00:45:00+01:00',
      '--json',
    );
    expect(JSON.parse(result.stdout)).toEqual({
      due: '2026-03-29T00:15:00.000Z',
      target: 'within 30 minutes, 24/7',
      businessHours: false,
    });
    const selfManaged = await slaDue(
      '--tier',
      'enterprise',
      '--severity',
      '1',
      '--opened',
      '2026-03-29T00:45:00+01:00',
      '--deployment',
      'self-managed',
      '--json',
    );
    expect(JSON.parse(selfManaged.stdout)).toEqual({
      due: '2026-03-29T00:45:00.000Z',
      target: 'within 1 hour, 24/7',
      businessHours: false,
    });
  });

  it('accepts a region (DE-BY) and a policy file', async () => {
    const bavaria = await slaDue(
      '--tier',
      'gold',
      '--severity',
      '1',
      '--opened',
      '2026-06-03T17:00',
      '--tz',
      'Europe/Berlin',
      '--country',
      'DE-BY',
      '--json',
    );
    expect(JSON.parse(bavaria.stdout).due).toBe('2026-06-05T10:00:00.000Z');
    const file = join(dir, 'team.yml');
    writeFileSync(
      file,
      'name: team\ntitle: Team\nseverities:\n  - { value: 1, id: p1, label: P1, description: Down }\ntiers:\n  - { id: basic, label: Basic, severities: [1], firstResponse: { 1: 15 minutes } }\n',
    );
    const custom = await slaDue(
      '--tier',
      'basic',
      '--severity',
      '1',
      '--opened',
      '2026-06-03T17:00:00Z',
      '--policy',
      file,
      '--json',
    );
    expect(JSON.parse(custom.stdout)).toEqual({
      due: '2026-06-03T17:15:00.000Z',
      target: 'within 15 minutes, 24/7',
      businessHours: false,
    });
  });

  const errors: [string, string[], RegExp][] = [
    [
      'an unknown tier',
      ['--tier', 'diamond', '--severity', '1', '--opened', '2026-07-13T15:00:00Z'],
      /unknown tier "diamond"/,
    ],
    [
      'a severity the tier may not use',
      ['--tier', 'development', '--severity', '2', '--opened', '2026-07-13T15:00:00Z'],
      /Development subscription can open developer-support \(4\) cases only/,
    ],
    [
      'an unknown time zone',
      [
        '--tier',
        'gold',
        '--severity',
        '1',
        '--opened',
        '2026-07-13T15:00:00Z',
        '--tz',
        'Europe/Pari',
      ],
      /unknown time zone "Europe\/Pari"/,
    ],
    [
      'an unparsable date',
      ['--tier', 'gold', '--severity', '1', '--opened', 'next tuesday'],
      /cannot read --opened "next tuesday": use ISO-8601/,
    ],
    [
      'a tier with no target',
      ['--tier', 'silver', '--severity', '1', '--opened', '2026-07-13T15:00:00Z'],
      /Silver subscription has no first-response target for Urgent \(1\)/,
    ],
    [
      'an unknown country',
      ['--tier', 'gold', '--severity', '1', '--opened', '2026-07-13T15:00:00Z', '--country', 'XX'],
      /unknown country "XX"/,
    ],
    [
      'a missing option',
      ['--tier', 'gold', '--opened', '2026-07-13T15:00:00Z'],
      /--severity is required/,
    ],
    [
      'a bad deployment',
      [
        '--tier',
        'gold',
        '--severity',
        '1',
        '--opened',
        '2026-07-13T15:00:00Z',
        '--deployment',
        'onprem',
      ],
      /use cloud or self-managed/,
    ],
    [
      'a missing policy file',
      [
        '--tier',
        'gold',
        '--severity',
        '1',
        '--opened',
        '2026-07-13T15:00:00Z',
        '--policy',
        './nope.yml',
      ],
      /does not exist/,
    ],
  ];
  // Bad input exits 2, whichever option is wrong; 1 means the policy sets no target for the case.
  it.each(errors)(
    'fails on %s with one stderr line and the exit code of its kind',
    async (name, args, message) => {
      const result = await slaDue(...args, '--json');
      expect(result.code).toBe(name === 'a tier with no target' ? 1 : 2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^casebot sla due: [^\n]+\n$/);
      expect(result.stderr).toMatch(message);
    },
  );
});

describe('casebot sla due --explain', () => {
  const opening = ['--tier', 'gold', '--severity', '1', '--opened', '2026-04-30T16:30'];
  const paris = ['--tz', 'Europe/Paris', '--country', 'FR'];

  it('lists the windows counted, the holiday and the weekend skipped, and the rule', async () => {
    const result = await slaDue(...opening, ...paris, '--explain');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Monday 4 May 2026 11:30 (Europe/Paris)');
    expect(result.stdout).toContain(
      'Counted 4h: Thu 30 Apr 16:30–18:00 1h30, Mon 4 May 09:00–11:30 2h30',
    );
    expect(result.stdout).toContain('Fri 1 May: public holiday (Labour Day)');
    expect(result.stdout).toContain('Sat 2 May: not a working day');
    expect(result.stdout).toContain(
      'Rule: Gold × Urgent (1), cloud: first response within 4 business hours',
    );
  });

  it('--json carries the same structure, whose windows add up to the target', async () => {
    const result = await slaDue(...opening, ...paris, '--explain', '--json');
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      due: string;
      explanation: {
        dueAt: string;
        rule: { targetMinutes: number; timeZone: string; businessHours: boolean };
        windows: { start: string; end: string; minutes: number; text: string }[];
        skipped: { date: string; reason: string; holiday?: string }[];
        pauses: unknown[];
      };
    };
    expect(answer.explanation.dueAt).toBe(answer.due);
    expect(answer.explanation.rule).toMatchObject({ targetMinutes: 240, timeZone: 'Europe/Paris' });
    const counted = answer.explanation.windows.reduce((sum, window) => sum + window.minutes, 0);
    expect(counted).toBe(answer.explanation.rule.targetMinutes);
    expect(answer.explanation.skipped[0]).toEqual({
      date: '2026-05-01',
      reason: 'public-holiday',
      holiday: 'Labour Day',
      text: 'Fri 1 May: public holiday (Labour Day)',
    });
    expect(answer.explanation.pauses).toEqual([]);
  });

  it('without --explain the JSON stays as it was', async () => {
    const result = await slaDue(...opening, ...paris, '--json');
    expect(Object.keys(JSON.parse(result.stdout) as object)).toEqual([
      'due',
      'target',
      'businessHours',
    ]);
  });
});
