// The bounded chaos run (npm run chaos -- --quick) as a test: nothing lost, nothing doubled, over
// at least 30 cases and 2 kills of a replica. Not part of `npm test` (its include is
// test/**/*.test.ts): it starts real processes and a PostgreSQL database for about 2 minutes.
// Run it with: npx vitest run --config bench/chaos/vitest.config.ts
// Needs PostgreSQL (CHAOS_POSTGRES_URL or TEST_POSTGRES_URL; default postgresql://postgres@127.0.0.1:5432/test).
import { describe, expect, it } from 'vitest';
import { boundedRun, expectNothingLostOrDoubled } from './expect-clean.js';
import { defaultOptions } from './run.js';

describe('chaos, bounded run (issue 15: nothing lost, nothing doubled)', () => {
  it('loses and doubles no message over 30+ cases and 2+ kills, on PostgreSQL and on SQLite', async () => {
    const { report, output } = await boundedRun(defaultOptions({ quick: true, platform: 'slack' }));
    const replicated = report.scenarios.find((s) => s.config.id === 'pg');
    expect(replicated?.tally.cases.accepted, output).toBeGreaterThanOrEqual(30);
    expect(replicated?.kills.length, output).toBeGreaterThanOrEqual(2);
    expect(
      report.scenarios.find((s) => s.config.id === 'sqlite')?.kills.length,
      output,
    ).toBeGreaterThanOrEqual(1);
    expectNothingLostOrDoubled(report, output);
  });
});
