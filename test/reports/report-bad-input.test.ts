// `casebot report` on bad input: each refusal is one clear line on standard error, exit 2, no
// report, and the database is left byte for byte as it was (a report never writes, not even a
// missing SQLite file). A period with no data is not an error: an empty, friendly report.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo-seed.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { casebotReport } from './run-report.js';

let db: TestDb;
let file: string;
let before: string;

/**
 * The bytes of the database and of its write-ahead log. (Reading a WAL-mode database creates an
 * empty -wal and a -shm index beside it, SQLite's own bookkeeping: no data is in them.)
 */
function fingerprint(path: string): string {
  const hash = createHash('sha256');
  for (const part of [path, `${path}-wal`]) if (existsSync(part)) hash.update(readFileSync(part));
  return hash.digest('hex');
}

beforeAll(async () => {
  db = await createTestDb('sqlite');
  await seedDemo(db.store.directory);
  await db.store.close();
  file = db.url.replace(/^file:/, '');
  before = fingerprint(file);
});
afterAll(async () => {
  expect(fingerprint(file)).toBe(before);
  await db.cleanup();
});

async function refused(args: string[], message: RegExp) {
  const run = await casebotReport(db.url, args);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^casebot report: /);
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
}

describe('casebot report on bad input', () => {
  it('gives an empty, friendly report for a period with no data', async () => {
    const text = await casebotReport(db.url, ['--from', '2026-01-01', '--to', '2026-01-31']);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(
      'Nothing happened in this period: no questions, no cases opened, no case activity.',
    );
    expect(text.stdout).toContain('CSAT: no resolution in the period, so nobody was asked');
    const json = await casebotReport(db.url, [
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
      '--json',
    ]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      empty: true,
      casesOpened: 0,
      deflection: { questions: 0, deflectionRatePercent: null },
      sla: { rows: [] },
      timeToFirstResponse: { count: 0, wallClock: { medianMinutes: null, p90Minutes: null } },
      backlog: { total: 0, oldest: null },
      reopen: { resolutions: 0, reopenRatePercent: null },
      csat: { asked: 0, ratings: 0, responseRatePercent: null, average: null, comments: [] },
      knowledgeGaps: { questions: 0, groups: [] },
    });
    // The demo's engineers are listed, idle.
    expect(
      report.engineers.map((e: { engineer: string; open: number }) => [e.engineer, e.open]),
    ).toEqual([
      ['kim', 0],
      ['sam', 0],
    ]);
  });

  it('refuses --from after --to', async () => {
    await refused(
      ['--from', '2026-03-10', '--to', '2026-03-01'],
      /--from 2026-03-10 is after --to 2026-03-01/,
    );
  });

  it('refuses an unknown org, naming the known ones', async () => {
    await refused(['--org', 'initech'], /unknown org "initech": the orgs are acme, globex/);
  });

  it('refuses an unknown team, naming the known ones', async () => {
    await refused(['--team', 'storage'], /unknown team "storage": the teams are platform/);
  });

  it('refuses malformed and impossible dates, saying the expected forms', async () => {
    await refused(
      ['--from', 'last monday'],
      /--from "last monday" is not a date: write YYYY-MM-DD/,
    );
    await refused(['--to', '2026-02-30'], /--to "2026-02-30" is not a real date/);
    await refused(
      ['--from', '2026-03-02T25:00Z'],
      /--from "2026-03-02T25:00Z" is not a real instant/,
    );
    await refused(['--to', '02/03/2026'], /--to "02\/03\/2026" is not a date/);
  });

  it('refuses unknown options, two output formats and a bad recontact window', async () => {
    await refused(['--since', '2026-03-01'], /Unknown option '--since'.*--help/);
    await refused(['--json', '--csv'], /choose one of --json and --csv/);
    await refused(['--recontact-days', 'a week'], /--recontact-days "a week" is not a number/);
  });

  it('refuses a database that does not exist, without creating it', async () => {
    const missing = join(dirname(file), 'nowhere', 'casebot.db');
    const run = await casebotReport(`file:${missing}`, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no database at .*nowhere.*casebot\.db: set DATABASE_URL/);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(dirname(missing))).toBe(false);
  });

  it('prints its usage with --help', async () => {
    const run = await casebotReport(db.url, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: casebot report \[--from D\] \[--to D\]/);
  });
});
