// In Slack HTTP mode the web pages ride on Slack's own server (Bolt's customRoutes): the app runs
// against the loopback fake Slack, the KB pages and the dashboard answer on the Slack port next to
// /slack/events and /healthz, and CASEBOT_HTTP_PORT opens no second server. `/support dashboard`
// answers an engineer with a private link the server accepts, and anyone else with a refusal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApp } from '../../src/app/run-app.js';
import { loadConfig } from '../../src/config/env.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { signStaffToken } from '../../src/web/index.js';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { sendCommand } from '../fakes/slack/signed-requests.js';
import { visibleText } from '../slack/slack-calls.js';

const WEB_SECRET = 'slack-pages-test-secret-0123456789abcdef';
const SIGNING_SECRET = 'a-signing-secret';
const SETUP = `policy: elastic
teams:
  - slug: core
    name: Core team
    products: [beacon]
    channels: { slack: C0CORE }
orgs:
  - slug: acme
    name: Acme Corp
    tier: gold
    deployment: cloud
    timeZone: Europe/Paris
    country: FR
    slack: { channels: [C0ACMESHARED] }
people:
  - handle: lea
    name: Lea Vogel
    roles: [engineer]
    team: core
    timeZone: Europe/Berlin
    slack: U0LEA
`;

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

  it('serves the KB and the dashboard next to /slack/events; /support dashboard for staff', async () => {
    writeFileSync(join(dir, 'casebot.yml'), SETUP);
    const config = loadConfig({
      CASEBOT_CONFIG: join(dir, 'casebot.yml'),
      DATABASE_URL: `file:${join(dir, 'casebot.db')}`,
      KB_DIR: 'kb',
      KB_WATCH: 'off',
      SLACK_BOT_TOKEN: 'xoxb-app-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_PORT: '0',
      CASEBOT_HTTP_PORT: '0',
      CASEBOT_WEB_SECRET: WEB_SECRET,
      CASEBOT_PUBLIC_URL: 'https://casebot.example.com',
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

      const support = async (user: string, text: string) => {
        const url = fake.responseUrl(`dash-${user}`);
        const ack = await sendCommand(
          { url: `${base}/slack/events`, signingSecret: SIGNING_SECRET },
          { command: SLASH_COMMAND, text, user_id: user, channel_id: 'C0CORE', response_url: url },
        );
        expect(ack.status).toBe(200);
        const answer = await until(
          () => fake.responses.find((response) => url.endsWith(response.path)),
          `the answer to ${user}`,
        );
        expect(answer.body.response_type).toBe('ephemeral');
        return visibleText(answer.body);
      };
      const staff = await support('U0LEA', 'dashboard');
      const link = /(https:\/\/casebot\.example\.com\/dashboard\?t=[\w.-]+)/.exec(staff)?.[1];
      expect(staff, staff).toContain('Your dashboard link, for you only (valid until');
      if (!link) throw new Error(`no link in: ${staff}`);
      // The link names the public address; the same path and token open it on this server.
      const { pathname, search } = new URL(link);
      expect((await fetch(`${base}${pathname}${search}`)).status).toBe(200);
      expect(await support('U0STRANGER', 'dashboard')).toContain(
        'The dashboard is for staff (engineers and admins).',
      );
    } finally {
      stop();
      await run;
    }
    expect(logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
  });
});
