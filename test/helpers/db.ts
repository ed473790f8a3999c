// A fresh, migrated database for any test: a SQLite file in a temp folder always, and a fresh
// PostgreSQL schema (casebot_test_<random>, dropped afterwards) when TEST_POSTGRES_URL is set.
// Also seed factories (an org, a team, engineers, customers) and a movable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Clock, Logger } from '../../src/core/ports/platform.js';
import type { Org, Person, Shift, Team } from '../../src/core/model.js';
import type { OrgInput, PersonInput, TeamInput } from '../../src/core/ports/storage.js';
import { openStore, type Store } from '../../src/store/index.js';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? '';
export const hasPostgres = TEST_POSTGRES_URL !== '';

let warned = false;
/** Says loudly, once per test file, that the PostgreSQL half of a suite did not run. */
export function warnIfPostgresSkipped(suite: string, paths = 'test/store'): void {
  if (hasPostgres || warned) return;
  warned = true;
  const line = '!'.repeat(78);
  console.warn(
    `\n${line}\n!! PostgreSQL suite SKIPPED (${suite}): TEST_POSTGRES_URL is not set.\n` +
      `!! Run: TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test npx vitest run ${paths}\n${line}\n`,
  );
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface TestDb {
  provider: 'sqlite' | 'postgresql';
  url: string;
  store: Store;
  /** Another store on the same database (a second bot replica). */
  openAnother(): Promise<Store>;
  cleanup(): Promise<void>;
}

export type Provider = 'sqlite' | 'postgresql';

/** The providers to run a suite on: SQLite always, PostgreSQL when configured. */
export const PROVIDERS: { provider: Provider; enabled: boolean }[] = [
  { provider: 'sqlite', enabled: true },
  { provider: 'postgresql', enabled: hasPostgres },
];

export async function createTestDb(provider: Provider = 'sqlite'): Promise<TestDb> {
  return provider === 'sqlite' ? createSqliteDb() : createPostgresDb();
}

async function createSqliteDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-test-'));
  const url = `file:${join(dir, 'data', 'casebot.db')}`;
  return wrap('sqlite', url, async () => rmSync(dir, { recursive: true, force: true }));
}

export function randomSchemaName(): string {
  return `casebot_test_${randomBytes(6).toString('hex')}`;
}

async function createPostgresDb(): Promise<TestDb> {
  if (!hasPostgres) throw new Error('TEST_POSTGRES_URL is not set');
  const schema = randomSchemaName();
  const url = withSchema(TEST_POSTGRES_URL, schema);
  return wrap('postgresql', url, () => dropSchema(schema));
}

export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function wrap(provider: Provider, url: string, remove: () => Promise<void>): Promise<TestDb> {
  const opened: Store[] = [];
  const open = async () => {
    const store = await openStore({ url, logger: silentLogger });
    opened.push(store);
    return store;
  };
  const store = await open();
  return {
    provider,
    url,
    store,
    openAnother: open,
    async cleanup() {
      await Promise.all(opened.map((each) => each.close()));
      await remove();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Clock and seed factories

export interface TestClock extends Clock {
  set(instant: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string = '2026-03-02T10:00:00Z'): TestClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (instant) => {
      now = new Date(instant);
    },
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

let sequence = 0;
function nextId(prefix: string): string {
  sequence += 1;
  return `${prefix}${sequence}`;
}

export async function seedOrg(store: Store, overrides: Partial<OrgInput> = {}): Promise<Org> {
  const slug = overrides.slug ?? nextId('org-');
  return store.directory.upsertOrg({
    slug,
    name: overrides.name ?? `Org ${slug}`,
    tier: overrides.tier ?? 'enterprise',
    deployment: overrides.deployment ?? 'cloud',
    calendar: overrides.calendar ?? {
      timeZone: 'Europe/Paris',
      hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
    },
    identities: overrides.identities ?? [{ platform: 'slack', kind: 'team', value: `T-${slug}` }],
  });
}

export async function seedTeam(store: Store, overrides: Partial<TeamInput> = {}): Promise<Team> {
  const slug = overrides.slug ?? nextId('team-');
  return store.directory.upsertTeam({
    slug,
    name: overrides.name ?? `Team ${slug}`,
    products: overrides.products ?? [`product-${slug}`],
    channels: overrides.channels ?? [{ platform: 'slack', channelId: `C-${slug}` }],
    onCall: overrides.onCall ?? [],
  });
}

export async function seedPerson(
  store: Store,
  overrides: Partial<PersonInput> = {},
): Promise<Person> {
  const handle = overrides.handle ?? nextId('person-');
  return store.directory.upsertPerson({
    handle,
    displayName: overrides.displayName ?? handle,
    orgId: overrides.orgId ?? null,
    roles: overrides.roles ?? ['customer'],
    identities: overrides.identities ?? [{ platform: 'slack', userId: `U-${handle}` }],
    teamId: overrides.teamId ?? null,
    timeZone: overrides.timeZone ?? null,
    shift: overrides.shift ?? null,
    ...(overrides.capacity !== undefined ? { capacity: overrides.capacity } : {}),
    ...(overrides.availability !== undefined ? { availability: overrides.availability } : {}),
  });
}

export function seedEngineer(
  store: Store,
  team: Team,
  overrides: Partial<PersonInput> = {},
): Promise<Person> {
  return seedPerson(store, { roles: ['engineer'], teamId: team.id, timeZone: 'UTC', ...overrides });
}

export function seedCustomer(
  store: Store,
  org: Org,
  overrides: Partial<PersonInput> = {},
): Promise<Person> {
  return seedPerson(store, { roles: ['customer'], orgId: org.id, ...overrides });
}

export const ALWAYS: Shift = { start: '00:00', end: '00:00', days: [1, 2, 3, 4, 5, 6, 7] };
