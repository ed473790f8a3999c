// `npm start` in a checkout that was not built (cloned with --ignore-scripts, or dist/ removed):
// the command to run, not a MODULE_NOT_FOUND stack trace.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const checkout = mkdtempSync(join(tmpdir(), 'casebot-unbuilt-'));
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

// What a fresh clone holds of what `npm start` runs: package.json and scripts/ (no dist/).
cpSync(join(ROOT, 'package.json'), join(checkout, 'package.json'));
cpSync(join(ROOT, 'scripts'), join(checkout, 'scripts'), { recursive: true });

function npmStart() {
  const run = spawnSync('npm', ['start', '--silent'], {
    cwd: checkout,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false' },
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stderr: run.stderr };
}

describe('npm start before a build', () => {
  it('says to run npm run build when dist/ is missing', () => {
    const run = npmStart();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^casebot: [^\n]*not built[^\n]*npm run build/m);
    expect(run.stderr).not.toMatch(/MODULE_NOT_FOUND|^\s+at /m);
  });

  it('says the same when the build is incomplete', () => {
    mkdirSync(join(checkout, 'dist'), { recursive: true });
    writeFileSync(join(checkout, 'dist/main.js'), "import './app/run-app.js';\n");
    const run = npmStart();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^casebot: [^\n]*npm run build/m);
    expect(run.stderr).not.toMatch(/MODULE_NOT_FOUND|^\s+at /m);
  });
});
