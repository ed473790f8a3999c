// The bounded Discord chaos run (npm run chaos -- --platform discord --quick) as a test: the real
// discord.js bot, one process on SQLite against the fake Discord, killed at intake, after a send
// and mid-tick, under REST faults and gateway replays; nothing lost, nothing doubled, over at
// least 30 cases and 2 kills. About 2 minutes; not part of `npm test`.
// Run it with: npx vitest run --config bench/chaos/vitest.config.ts
import { describe, expect, it } from 'vitest';
import { boundedRun, expectNothingLostOrDoubled } from './expect-clean.js';
import { defaultOptions } from './run.js';

describe('chaos on Discord, bounded run (issue 15: Discord gets the same through its fake)', () => {
  it('loses and doubles no message over 30+ cases and 2+ kills of the one process', async () => {
    const { report, output } = await boundedRun(
      defaultOptions({ quick: true, platform: 'discord' }),
    );
    const [scenario] = report.scenarios;
    expect(scenario?.tally.cases.accepted, output).toBeGreaterThanOrEqual(30);
    expect(scenario?.kills.length, output).toBeGreaterThanOrEqual(2);
    expectNothingLostOrDoubled(report, output);
  });
});
