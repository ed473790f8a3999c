// A policy whose update cadence is shorter than the SLA loop's tick is refused when the app loads
// it (issue 12, bad input): the message names the policy, the severity, both durations and the
// two ways out, and nothing starts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policyFrom } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config/env.js';

const POLICY = `name: quick
title: Quick updates
updateCadence:
  1: 1 minutes 24/7
severities:
  - { value: 1, id: p1, label: P1, description: Down }
tiers:
  - { id: gold, label: Gold, severities: [1], firstResponse: { 1: 1 hour 24/7 } }
`;

describe('a cadence shorter than the SLA tick', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'casebot-cadence-'));
    file = join(dir, 'quick.yml');
    writeFileSync(file, POLICY);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused at load with the fix, and accepted with a shorter tick', () => {
    const slow = loadConfig({ SLA_POLICY: file, SLA_TICK_SECONDS: '120' });
    expect(() => policyFrom(slow)).toThrow(
      `policy quick (${file}): updateCadence for severity 1 is 1 minute, 24/7, shorter than the SLA tick of 120 s (SLA_TICK_SECONDS): lengthen the cadence or shorten the tick`,
    );
    const fast = loadConfig({ SLA_POLICY: file, SLA_TICK_SECONDS: '30' });
    expect(policyFrom(fast).updateCadence[1]?.text).toBe('1 minute, 24/7');
  });

  it('the shipped presets load with the default tick', () => {
    for (const preset of ['elastic', 'premier'])
      expect(() => policyFrom(loadConfig({ SLA_POLICY: preset }))).not.toThrow();
  });
});
