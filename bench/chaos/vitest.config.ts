// Only the bounded chaos run (the project's vitest.config.ts includes test/**/*.test.ts, which
// this file is not): npx vitest run --config bench/chaos/vitest.config.ts
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['bench/chaos/chaos.bounded.ts'],
    testTimeout: 420_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
