// Only the bounded chaos runs, Slack's and Discord's (the project's vitest.config.ts includes
// test/**/*.test.ts, which these files are not): npx vitest run --config bench/chaos/vitest.config.ts
// One after the other: each measures real processes on a small machine, and two at once would
// stretch every restart past what the runs' SLA spans allow.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['bench/chaos/chaos.bounded.ts', 'bench/chaos/chaos-discord.bounded.ts'],
    fileParallelism: false,
    testTimeout: 420_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
