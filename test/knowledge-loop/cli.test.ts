// `casebot kb learned` and `casebot kb drafts` as a user runs them (the CLI through tsx, on a real
// SQLite file and a real KB folder): listing, removing, and the clear messages for bad input.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/store/index.js';
import { REPO } from '../kb/helpers.js';

const TSX = path.join(REPO, 'node_modules/tsx/dist/cli.mjs');
const MAIN = path.join(REPO, 'src/cli/main.ts');

let dir: string;
let dbUrl: string;

function casebot(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, MAIN, ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: dbUrl, KB_DIR: path.join(dir, 'kb'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('');
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'casebot-loop-cli-'));
  dbUrl = `file:${path.join(dir, 'data', 'casebot.db')}`;
  await mkdir(path.join(dir, 'kb', 'drafts'), { recursive: true });
  await writeFile(path.join(dir, 'kb', 'refunds.md'), '# Refunds\n\nRefunds take five days.\n');
  await writeFile(
    path.join(dir, 'kb', 'drafts', 'pool-resets.md'),
    '---\ntitle: Pool resets\naudience: internal\ndraft: true\nsource: CASE-1001\n---\n# Pool resets\n',
  );
  const store = await openStore({ url: dbUrl, logger: createMemoryLogger() });
  const at = new Date('2026-03-02T10:00:00Z');
  await store.learned.learn({
    articleId: 'refunds',
    question: 'where is my money',
    lang: 'en',
    source: 'solved',
    teacherId: 'p1',
    at,
  });
  await store.learned.learn({
    articleId: 'refunds',
    question: 'money back after return',
    lang: 'en',
    source: 'engineer',
    teacherId: 'p2',
    at,
  });
  await store.close();
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('casebot kb learned', () => {
  it('lists, removes one (listed no more), and refuses an unknown or malformed id', async () => {
    const listed = await casebot(['kb', 'learned']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('#1  refunds  ×1  solved  2026-03-02  "where is my money"');
    expect(listed.stdout).toContain('#2  refunds  ×1  engineer');

    const removed = await casebot(['kb', 'learned', 'remove', '1']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('removed #1: "where is my money" no longer points to refunds');
    expect((await casebot(['kb', 'learned'])).stdout).not.toContain('#1 ');
    expect((await casebot(['kb', 'learned', '--all'])).stdout).toMatch(/#1 .*\[removed 20\d\d-/);

    const unknown = await casebot(['kb', 'learned', 'remove', '99']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no learned phrasing #99 (casebot kb learned lists them)');
    const malformed = await casebot(['kb', 'learned', 'remove', 'abc']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('remove takes one phrasing number');
    expect((await casebot(['kb', 'learned', '--article', 'nope'])).stdout).toContain(
      'no learned phrasings for nope',
    );
  }, 60_000);

  it('says so when there is no database, without creating one', async () => {
    const missing = path.join(dir, 'nothing', 'casebot.db');
    const run = await casebot(['kb', 'learned'], { DATABASE_URL: `file:${missing}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no database at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  }, 30_000);
});

describe('casebot kb drafts', () => {
  it('lists the drafts with the case they came from', async () => {
    const run = await casebot(['kb', 'drafts', '--no-cache']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('drafts/pool-resets.md  "Pool resets"  en  from CASE-1001');
    expect(run.stdout).toContain('1 draft(s)');
  }, 30_000);
});
