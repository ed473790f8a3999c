// The setup file: validated with the line and the fix for each problem, synced idempotently,
// and checked by `casebot setup check` without starting the bot.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSetup, parseSetup } from '../../src/config/setup-loader.js';
import { SetupError } from '../../src/config/setup-errors.js';
import { syncSetup } from '../../src/config/setup-sync.js';
import { createTestDb } from '../helpers/db.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'casebot-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID = `policy: elastic
teams:
  - slug: search
    name: Search
    products: [Elasticsearch]
    channels: { slack: C1 }
orgs:
  - slug: acme
    name: Acme
    tier: gold
    timeZone: Europe/Paris
    country: FR
    slack: { teams: [T1] }
people:
  - handle: sam
    name: Sam
    roles: [engineer]
    team: search
    timeZone: Asia/Tokyo
    shift: { start: "09:00", end: "18:00" }
    slack: U1
`;

function errorOf(text: string): SetupError {
  try {
    parseSetup(text, 'casebot.yml');
  } catch (error) {
    if (error instanceof SetupError) return error;
    throw error;
  }
  throw new Error('expected the setup to be refused');
}

describe('setup validation', () => {
  it('accepts the shipped example', () => {
    const setup = loadSetup('casebot.example.yml');
    expect(setup.teams.map((team) => team.slug)).toEqual(['search', 'ingest']);
    expect(setup.orgs[0]?.identities).toContainEqual({
      platform: 'slack',
      kind: 'team',
      value: 'T0ACME',
    });
    expect(setup.orgs[0]?.calendar).toEqual({
      timeZone: 'Europe/Paris',
      hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
      country: 'FR',
      extraClosedDates: ['2026-12-24'],
    });
    expect(setup.channels.community).toEqual([
      { platform: 'discord', channelId: '1100000000000000002' },
    ]);
  });

  it('rejects an unknown time zone on its line, with the fix', () => {
    const error = errorOf(VALID.replace('timeZone: Europe/Paris', 'timeZone: Europe/Pariss'));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ line: 11, path: ['orgs', 0, 'timeZone'] });
    expect(error.message).toMatch(/casebot\.yml, line 11, orgs\[0\]\.timeZone: .*Europe\/Pariss/);
  });

  it('reads languages ("fr-FR" as fr) and refuses one without a catalogue, naming those there are', () => {
    const french = parseSetup(
      VALID.replace('    tier: gold\n', '    tier: gold\n    language: fr-FR\n').replace(
        '    name: Search\n',
        '    name: Search\n    language: fr\n',
      ),
      'casebot.yml',
    );
    expect(french.orgs[0]?.language).toBe('fr');
    expect(french.teams[0]?.language).toBe('fr');
    const error = errorOf(
      VALID.replace('    roles: [engineer]\n', '    roles: [engineer]\n    language: de\n'),
    );
    expect(error.issues[0]).toMatchObject({ path: ['people', 0, 'language'] });
    expect(error.message).toContain('no catalogue for language "de"');
    expect(error.message).toContain('available: en, fr');
  });

  it('refuses an unquoted Discord id (YAML would read it inexactly) on its line, with the fix', () => {
    const error = errorOf(
      VALID.replace(
        'channels: { slack: C1 }',
        'channels: { slack: C1, discord: 1100000000000000011 }',
      ),
    );
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ line: 6, path: ['teams', 0, 'channels', 'discord'] });
    expect(error.message).toMatch(/quote long ids/);
    expect(() =>
      parseSetup(
        VALID.replace(
          'channels: { slack: C1 }',
          "channels: { slack: C1, discord: '1100000000000000011' }",
        ),
        'casebot.yml',
      ),
    ).not.toThrow();
  });

  it('points at a misspelt field and at a missing one', () => {
    const error = errorOf(
      VALID.replace('    products: [Elasticsearch]\n', '    prodcts: [Elasticsearch]\n'),
    );
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          line: 5,
          message: expect.stringContaining('unknown field "prodcts"'),
        }),
        expect.objectContaining({
          path: ['teams', 0, 'products'],
          message: expect.stringContaining('"products" is missing'),
        }),
      ]),
    );
  });

  it('checks references, tiers, duplicates and engineers, reporting every problem at once', () => {
    const text =
      VALID.replace('tier: gold', 'tier: diamond').replace('team: search', 'team: serch') +
      `  - handle: sam
    name: Sam again
    slack: U2
`;
    const error = errorOf(text);
    const byLine = error.issues.map((issue) => [issue.line, issue.message]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [
          10,
          expect.stringContaining(
            'unknown tier "diamond" in policy elastic: use one of enterprise, platinum, gold',
          ),
        ],
        [18, 'no team "serch" is declared: use one of search'],
        [22, 'person "sam" is declared twice: merge the two entries'],
      ]),
    );
  });

  it('refuses a product owned by two teams and a shift without a time zone', () => {
    const text = VALID.replace('    timeZone: Asia/Tokyo\n', '').replace(
      'orgs:',
      `  - slug: other
    name: Other
    products: [elasticsearch]
orgs:`,
    );
    const messages = errorOf(text).issues.map((issue) => issue.message);
    expect(messages).toContain(
      'product "elasticsearch" is already owned by team "search": each product routes to one team',
    );
    expect(messages).toContain(
      "a shift needs the engineer's time zone: add timeZone, e.g. Europe/Paris",
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const error = errorOf('teams:\n  - slug: a\n   name: broken\n');
    expect(error.issues[0]?.line).toBe(3);
    expect(error.message).toMatch(/not valid YAML/);
  });

  it('names the file and how to create it when it is missing', () => {
    expect(() => loadSetup(join(dir, 'nope.yml'))).toThrow(
      /file not found: copy casebot.example.yml to casebot.yml/,
    );
  });
});

describe('syncSetup', () => {
  it('writes teams, orgs and people, and a second run changes nothing', async () => {
    const db = await createTestDb('sqlite');
    try {
      const setup = loadSetup('casebot.example.yml');
      const snapshot = async () => ({
        teams: await db.store.directory.listTeams(),
        orgs: await db.store.directory.listOrgs(),
        people: await Promise.all(
          setup.people.map((person) => db.store.directory.personByHandle(person.handle)),
        ),
      });
      expect(await syncSetup(db.store, setup)).toEqual({ teams: 2, orgs: 2, people: 4 });
      const first = await snapshot();
      await syncSetup(db.store, setup);
      expect(await snapshot()).toEqual(first);

      const sam = first.people[0]!;
      expect(sam).toMatchObject({
        roles: ['engineer'],
        timeZone: 'Europe/Paris',
        capacity: 15,
        availability: 'available',
      });
      expect(sam.teamId).toBe(first.teams.find((team) => team.slug === 'search')?.id);
      const acme = await db.store.directory.orgForIdentities([
        { platform: 'discord', kind: 'role', value: '1100000000000000020' },
      ]);
      expect(acme?.slug).toBe('acme');
      expect((await db.store.directory.teamForProduct('beats'))?.slug).toBe('ingest');
      expect((await db.store.directory.personByHandle('alice'))?.orgId).toBe(acme?.id);

      // Availability set at run time survives a re-sync of a file that does not mention it.
      await db.store.directory.setAvailability(sam.id, 'away');
      await syncSetup(db.store, setup);
      expect((await db.store.directory.personById(sam.id))?.availability).toBe('away');
    } finally {
      await db.cleanup();
    }
  });
});

describe('casebot setup check', () => {
  it('exits 0 on a valid file and 1 with the problems on an invalid one', async () => {
    const good = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'setup',
      'check',
      '--config',
      'casebot.example.yml',
    ]);
    expect(good.stdout).toMatch(/casebot\.example\.yml is valid: 2 teams, 2 orgs, 4 people/);
    const badFile = join(dir, 'bad.yml');
    writeFileSync(badFile, VALID.replace('timeZone: Europe/Paris', 'timeZone: Mars/Olympus'));
    const bad = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'setup',
      'check',
      '--config',
      badFile,
    ]).catch((error: { code: number; stderr: string }) => error);
    expect('code' in bad ? bad.code : 0).toBe(1);
    expect('stderr' in bad ? bad.stderr : '').toMatch(
      /line 11, orgs\[0\]\.timeZone: .*Mars\/Olympus/,
    );
  });
});
