// The bounded chaos run (npm run chaos -- --quick) as a test: nothing lost, nothing doubled, over
// at least 30 cases and 2 kills of a replica. Not part of `npm test` (its include is
// test/**/*.test.ts): it starts real processes and a PostgreSQL database for about 2 minutes.
// Run it with: npx vitest run --config bench/chaos/vitest.config.ts
// Needs PostgreSQL (CHAOS_POSTGRES_URL or TEST_POSTGRES_URL; default postgresql://postgres@127.0.0.1:5432/test).
import { describe, expect, it } from 'vitest';
import { countOf } from './tally.js';
import { defaultOptions, runChaos } from './run.js';

describe('chaos, bounded run (issue 15: nothing lost, nothing doubled)', () => {
  it('loses and doubles no message over 30+ cases and 2+ kills, on PostgreSQL and on SQLite', async () => {
    const lines: string[] = [];
    const report = await runChaos(
      defaultOptions({
        quick: true,
        print: (text) => {
          lines.push(text);
          process.stdout.write(`${text}\n`);
        },
      }),
    );
    const output = lines.join('\n');
    const replicated = report.scenarios.find((s) => s.config.id === 'pg');
    expect(replicated?.tally.cases.accepted, output).toBeGreaterThanOrEqual(30);
    expect(replicated?.kills.length, output).toBeGreaterThanOrEqual(2);
    expect(
      report.scenarios.find((s) => s.config.id === 'sqlite')?.kills.length,
      output,
    ).toBeGreaterThanOrEqual(1);
    for (const scenario of report.scenarios) {
      expect(countOf(scenario.tally.lost), `${scenario.config.title}: lost\n${output}`).toBe(0);
      expect(
        countOf(scenario.tally.duplicated),
        `${scenario.config.title}: duplicated\n${output}`,
      ).toBe(0);
      expect(
        countOf(scenario.tally.unexpected),
        `${scenario.config.title}: unexpected\n${output}`,
      ).toBe(0);
      expect(
        countOf(scenario.tally.misplaced),
        `${scenario.config.title}: misplaced\n${output}`,
      ).toBe(0);
    }
  });
});
