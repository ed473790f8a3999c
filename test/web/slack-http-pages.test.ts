// In Slack HTTP mode the web pages ride on Slack's own server (Bolt's customRoutes): the app runs
// against the loopback fake Slack, the KB pages and the dashboard answer on the Slack port next to
// /slack/events and /healthz, and CASEBOT_HTTP_PORT opens no second server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApp } from '../../src/app/run-app.js';
import { loadConfig } from '../../src/config/env.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { signStaffToken } from '../../src/web/index.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';

const WEB_SECRET = 'slack-pages-test-secret-0123456789abcdef';

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('web pages on the Slack HTTP port', () => {
  let fake: FakeSlack;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeSlack.start();
    dir = mkdtempSync(join(tmpdir(), 'casebot-slack-pages-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the KB and the dashboard next to /slack/events', async () => {
    const config = loadConfig({
      DATABASE_URL: `file:${join(dir, 'casebot.db')}`,
      KB_DIR: 'kb',
      KB_WATCH: 'off',
      SLACK_BOT_TOKEN: 'xoxb-app-test',
      SLACK_SIGNING_SECRET: 'a-signing-secret',
      SLACK_API_URL: fake.apiUrl,
      SLACK_PORT: '0',
      CASEBOT_HTTP_PORT: '0',
      CASEBOT_WEB_SECRET: WEB_SECRET,
    });
    const logger = createMemoryLogger();
    let stop: () => void = () => undefined;
    const stopSignal = new Promise<void>((resolve) => (stop = resolve));
    const run = runApp({
      config,
      logger,
      input: process.stdin,
      output: process.stdout,
      interactive: false,
      stopSignal,
    });
    const listening = await until(
      () => logger.entries.find((entry) => entry.message.includes('slack adapter listening')),
      'the Slack server',
    );
    await until(() => logger.entries.find((e) => e.message === 'casebot started'), 'the start');
    const base = `http://127.0.0.1:${String(listening.fields.port)}`;
    try {
      const article = await fetch(`${base}/kb/support/attaching-logs-safely`);
      expect(article.status).toBe(200);
      expect(await article.text()).toContain('id="where-the-logs-are"');
      expect((await fetch(`${base}/kb`)).status).toBe(200);
      expect((await fetch(`${base}/assets/chart.umd.min.js`)).status).toBe(200);
      expect((await fetch(`${base}/dashboard`)).status).toBe(403);
      const token = signStaffToken(WEB_SECRET, {
        subject: 'kim',
        expiresAt: Math.floor(Date.now() / 1000) + 600,
      });
      const dashboard = await fetch(`${base}/dashboard?t=${token}`);
      expect(dashboard.status).toBe(200);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(logger.entries.some((entry) => entry.message === 'web pages listening')).toBe(false);
    } finally {
      stop();
      await run;
    }
    expect(logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
