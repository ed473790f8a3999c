// What a bounded chaos run must show, for the vitest entries (chaos*.bounded.ts): per scenario,
// nothing lost, doubled, unexpected or misplaced, with the whole report as the failure message.
import { expect } from 'vitest';
import { runChaos, type ChaosOptions, type ChaosReport } from './run.js';
import { countOf } from './tally.js';

export function expectNothingLostOrDoubled(report: ChaosReport, output: string): void {
  for (const scenario of report.scenarios) {
    const { title } = scenario.config;
    expect(countOf(scenario.tally.lost), `${title}: lost\n${output}`).toBe(0);
    expect(countOf(scenario.tally.duplicated), `${title}: duplicated\n${output}`).toBe(0);
    expect(countOf(scenario.tally.unexpected), `${title}: unexpected\n${output}`).toBe(0);
    expect(countOf(scenario.tally.misplaced), `${title}: misplaced\n${output}`).toBe(0);
  }
}

/** Runs a bounded chaos run, printing as it goes; returns the report and its text. */
export async function boundedRun(
  options: ChaosOptions,
): Promise<{ report: ChaosReport; output: string }> {
  const lines: string[] = [];
  const report = await runChaos({
    ...options,
    print: (text) => {
      lines.push(text);
      process.stdout.write(`${text}\n`);
    },
  });
  return { report, output: lines.join('\n') };
}
