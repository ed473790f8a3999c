// `npm start` with no tokens, as a newcomer runs it: a real process, stdin piped, a fresh folder.
// It migrates SQLite on first start, loads the KB, seeds the demo, prints how to play each role,
// runs the commands, and exits when input ends.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../shell/shell-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

describe('npm start without platform tokens', () => {
  const workspace = createWorkspace();
  const cwd = mkdtempSync(join(tmpdir(), 'casebot-start-'));
  afterAll(() => {
    workspace.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('starts the shell on a new SQLite file, plays a script from stdin and exits when it ends', () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KB_DIR: workspace.kbDir,
      CASEBOT_CLOCK_START: '2026-03-02T09:00:00Z',
    };
    const script = [
      'Checkout fails with ECONNRESET',
      '/open severity=1 seriousness="Checkout is down"',
      '/as engineer sam',
      '/claim CASE-1001',
      '',
    ].join('\n');
    const run = spawnSync(TSX, [join(ROOT, 'src/main.ts')], {
      cwd,
      env,
      input: script,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(existsSync(join(cwd, 'data', 'casebot.db'))).toBe(true);
    expect(run.stdout).toMatch(/casebot shell — 4 articles from .*database sqlite \(demo seeded\)/);
    expect(run.stdout).toContain('/as customer alice@acme');
    expect(run.stdout).toContain('[#team-platform] 🚨 SEVERITY 1 🚨 [NEW] CASE-1001');
    expect(run.stdout).toContain('✔ You own CASE-1001 now.');
    expect(run.stderr).toMatch(/database migrated/);
    // A second start reuses the database: no new migration, no second seed.
    const again = spawnSync(TSX, [join(ROOT, 'src/main.ts')], {
      cwd,
      env,
      input: '/as engineer kim\n/queue\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('(demo seeded)');
    expect(again.stdout).toContain('CASE-1001');
    expect(again.stderr).not.toMatch(/database migrated/);
  });

  it('refuses a bad setting with a one-line fix and a non-zero exit', () => {
    const run = spawnSync(TSX, [join(ROOT, 'src/main.ts')], {
      cwd,
      env: { PATH: process.env.PATH, SLA_WARNING_THRESHOLDS: 'soon' },
      input: '',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /SLA_WARNING_THRESHOLDS must be comma-separated fractions between 0 and 1/,
    );
  });
});
