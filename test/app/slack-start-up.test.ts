// `npm start` with Slack, as a replica starts (issue 15 item 5): a real process against the fake
// Slack. While Slack answers its start-up call with 429 then 503, the process waits and starts
// (it used to exit with code 1); a refused token ends it at once with one line and exit 2.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/slack/fake-slack.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run {
  stderr: () => string;
  exited: Promise<number | null>;
  stop(): void;
}

function startCasebot(cwd: string, env: Record<string, string>): Run {
  const child = spawn(TSX, [join(ROOT, 'src/main.ts')], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KB_DIR: join(ROOT, 'kb'),
      KB_WATCH: 'off',
      SLACK_PORT: '0',
      SLACK_SIGNING_SECRET: 'process-test-secret',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  return { stderr: () => stderr, exited, stop: () => child.kill('SIGTERM') };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start with Slack while Slack is unavailable', () => {
  let fake: FakeSlack;
  let cwd: string;
  beforeEach(async () => {
    fake = await FakeSlack.start();
    cwd = mkdtempSync(join(tmpdir(), 'casebot-slack-start-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('waits out 429 then 503 on auth.test, logging each retry, and starts', async () => {
    fake.failInOrder('auth.test', [{ status: 429, retryAfter: 1 }, { status: 503 }]);
    const run = startCasebot(cwd, { SLACK_BOT_TOKEN: 'xoxb-process', SLACK_API_URL: fake.apiUrl });
    await until(() => run.stderr().includes('casebot started'), 30_000);
    run.stop();
    expect(await run.exited).toBe(0);
    expect(fake.calls.filter((c) => c.method === 'auth.test').map((c) => c.status)).toEqual([
      429, 503, 200,
    ]);
    expect(run.stderr().match(/slack start-up call failed, will retry/g)).toHaveLength(2);
  });

  it('stops at once when Slack refuses the bot token: one line, exit 2', async () => {
    fake.failInOrder('auth.test', [{ error: 'invalid_auth' }]);
    const run = startCasebot(cwd, {
      SLACK_BOT_TOKEN: 'xoxb-revoked',
      SLACK_API_URL: fake.apiUrl,
      LOG_LEVEL: 'silent',
    });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(
      /^casebot: Slack refused SLACK_BOT_TOKEN \(invalid_auth\): copy the Bot User OAuth Token[^\n]*\n$/,
    );
  });

  it('gives up after SLACK_START_RETRY_SECONDS in one line, exit 1', async () => {
    fake.fail('auth.test', 503, 1000);
    const run = startCasebot(cwd, {
      SLACK_BOT_TOKEN: 'xoxb-process',
      SLACK_API_URL: fake.apiUrl,
      SLACK_START_RETRY_SECONDS: '1',
      LOG_LEVEL: 'silent',
    });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(
      /^casebot: Slack kept failing auth\.test at start-up [^\n]*SLACK_START_RETRY_SECONDS\n$/,
    );
  });
});
