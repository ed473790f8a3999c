// The app with Slack variables, against the loopback fake Slack: building the adapter touches no
// network (auth.test runs at start), the setup's support channels and org shared channels are
// where questions are answered, undeliverable posts wait in the store's message journal, and a stop signal
// ends the run cleanly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformAdapters } from '../../src/app/platforms.js';
import { runApp } from '../../src/app/run-app.js';
import type { Desk } from '../../src/core/conversation/desk.js';
import { loadConfig } from '../../src/config/env.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/store/index.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { sendEvent, type BoltTarget } from '../fakes/slack/signed-requests.js';
import { buttons, visibleText } from '../slack/slack-calls.js';

const SECRET = 'app-test-signing-secret';
const QUESTION = 'The beacon agent is not reporting data from my servers anymore';

const SETUP = `policy: elastic
channels:
  support:
    - { platform: slack, channel: C0SUPPORT1 }
teams:
  - slug: core
    name: Core team
    products: [beacon]
    channels: { slack: C0CORE }
orgs:
  - slug: acme
    name: Acme Corp
    tier: platinum
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

/** Started with, but never asked: no event arrives in that test. */
const noEvents = new Proxy({} as Desk, {
  get: () => {
    throw new Error('not used: no event arrives');
  },
});

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the app with Slack', () => {
  let fake: FakeSlack;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeSlack.start();
    dir = mkdtempSync(join(tmpdir(), 'casebot-app-slack-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (apiUrl: string) => ({
    DATABASE_URL: `file:${join(dir, 'casebot.db')}`,
    KB_DIR: 'kb',
    KB_WATCH: 'off',
    CASEBOT_CONFIG: join(dir, 'casebot.yml'),
    CASEBOT_CLOCK_START: '2026-11-23T09:00:00Z',
    SLACK_BOT_TOKEN: 'xoxb-app-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    SLACK_PORT: '0',
  });

  it('builds the Slack adapter without calling Slack; auth.test runs at start', async () => {
    // Nothing listens on port 9: any call made while building would fail (and surface here).
    // SLACK_START_RETRY_SECONDS=0: the start fails at once instead of waiting for Slack.
    const offline = await createPlatformAdapters(
      loadConfig({ ...env('http://127.0.0.1:9/api/'), SLACK_START_RETRY_SECONDS: '0' }),
      createMemoryLogger(),
    );
    expect(offline.map((p) => [p.name, p.transport.platform])).toEqual([['slack', 'slack']]);
    await expect(offline[0]!.start(noEvents)).rejects.toThrow();
    await offline[0]!.stop();

    const platforms = await createPlatformAdapters(
      loadConfig(env(fake.apiUrl)),
      createMemoryLogger(),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.calls).toHaveLength(0);
    await platforms[0]!.start(noEvents);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    await platforms[0]!.stop();
  });

  it('answers in the setup’s support and shared channels, keeps failed posts in the store, and stops cleanly', async () => {
    writeFileSync(join(dir, 'casebot.yml'), SETUP);
    const config = loadConfig(env(fake.apiUrl));
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
    const crashed = run.then(() => 'ended early');
    const listening = await Promise.race([
      until(() => logger.entries.find((e) => e.message.includes('listening')), 'the adapter'),
      crashed.then((why) => {
        throw new Error(why);
      }),
    ]);
    await until(() => logger.entries.find((e) => e.message === 'casebot started'), 'the start');
    const target: BoltTarget = {
      url: `http://127.0.0.1:${String(listening.fields.port)}/slack/events`,
      signingSecret: SECRET,
    };
    const ask = async (channel: string, ts: string, user = 'U0DANA', team = 'T0UNMAPPED') => {
      const reply = await sendEvent(
        target,
        {
          type: 'message',
          channel,
          channel_type: 'channel',
          user,
          user_team: team,
          text: QUESTION,
          ts,
        },
        { teamId: 'T0HOME' },
      );
      expect(reply.status).toBe(200);
    };

    // The org's shared channel (from the setup's orgs): answered, and the asker is Acme's.
    await ask('C0ACMESHARED', '1700000000.000001');
    const shared = await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C0ACMESHARED');
    expect(shared.args.thread_ts).toBe('1700000000.000001');
    expect(buttons(shared).map((b) => b.action_id)).toContain('casebot_open_case');
    // The setup's support channel: answered too. A channel nobody declared: silence.
    await ask('C0RANDOM', '1700000000.000002', 'U0OTHER');
    await ask('C0SUPPORT1', '1700000000.000003', 'U0OTHER');
    await fake.waitFor('chat.postMessage', (c) => c.args.channel === 'C0SUPPORT1');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0RANDOM')).toEqual(
      [],
    );

    // Slack refuses every attempt: the reply waits in the store's message journal instead of
    // being lost.
    fake.fail('chat.postMessage', 429, 4, 0);
    await ask('C0SUPPORT1', '1700000000.000004', 'U0OTHER');
    await until(
      () => logger.entries.find((e) => e.message === 'message not sent; it will be retried'),
      'the journal',
    );

    // The load balancer's check reports delivery: what waits, and for how long.
    const health = await fetch(target.url.replace('/slack/events', '/healthz'));
    expect(health.status).toBe(200);
    const report = (await health.json()) as { status: string; delivery: { messages: object } };
    expect(report.status).toBe('ok');
    expect(report.delivery.messages).toMatchObject({ pending: 1, failing: 1, refused: 0 });

    stop();
    await run;
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    await expect(fetch(target.url, { method: 'POST' })).rejects.toThrow();
    const store = await openStore({ url: config.databaseUrl, logger: createMemoryLogger() });
    try {
      const [kept] = await store.journal.takeStale('test', new Date(Date.UTC(9999, 0, 1)), 1, 10);
      expect(kept?.platform).toBe('slack');
      expect(kept?.request).toContain('C0SUPPORT1');
    } finally {
      await store.close();
    }
    expect(visibleText(shared)).toContain('articles');
  });
});
