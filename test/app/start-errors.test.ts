// `npm start` with a setting that cannot work: one clear line on standard error, no stack trace,
// and nothing done before the mistake is found (no database created for a missing KB folder).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const cwd = mkdtempSync(join(tmpdir(), 'casebot-start-errors-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  const run = spawnSync(TSX, [join(ROOT, 'src/main.ts')], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env },
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

const STACK_FRAME = /^\s+at /m;

describe('npm start with a setting that cannot work', () => {
  it('names a missing KB_DIR in one line with exit 2, before creating any database', () => {
    const run = start({ KB_DIR: join(cwd, 'nonexistent') });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^casebot: [^\n]*KB_DIR[^\n]*nonexistent[^\n]*\n$/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('says a PostgreSQL server cannot be reached in one line with exit 1, password hidden', () => {
    // Port 1 on the loopback refuses every connection at once.
    const run = start({
      KB_DIR: join(ROOT, 'kb'),
      DATABASE_URL: 'postgresql://casebot:s3cret@127.0.0.1:1/casebot',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^casebot: cannot open the database postgresql:\/\/casebot:\*\*\*@127\.0\.0\.1:1\/casebot[^\n]*ECONNREFUSED[^\n]*DATABASE_URL[^\n]*\n$/,
    );
    expect(run.stderr).not.toContain('s3cret');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('npm start in a pipeline whose reader stops early (npm start < story | head -5)', () => {
  it('plays its input to the end quietly, with exit 0 and no EPIPE trace', async () => {
    const child = spawn(TSX, [join(ROOT, 'src/main.ts')], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'silent',
        KB_DIR: join(ROOT, 'kb'),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Closed before the bot has even loaded: its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end('/whoami\n/help\n');
    const status = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
