// Runs a suite once per database provider: SQLite always, PostgreSQL when TEST_POSTGRES_URL is
// set. Without it the PostgreSQL half is registered but reported as skipped (never as passed),
// and a banner says so loudly.
import { describe } from 'vitest';
import { PROVIDERS, warnIfPostgresSkipped, type Provider } from './db.js';

export function describeOnEachProvider(
  title: string,
  body: (provider: Provider) => void,
  paths = 'test/cases',
): void {
  warnIfPostgresSkipped(title, paths);
  for (const { provider, enabled } of PROVIDERS)
    describe.skipIf(!enabled)(`${title} on ${provider}`, () => body(provider));
}
