// Socket Mode on the real conversation core: the real Bolt SocketModeReceiver connects to the fake
// (apps.connections.open, then hello over the WebSocket), one question is pushed as an envelope,
// and the threaded answer carries the suggestions of the repo's real knowledge base.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  ACTION_IDS,
  createSlackAdapter,
  parseSlackEnv,
  type SlackAdapter,
} from '../../src/adapters/slack/index.js';
import { buildApp, stopApp, type AppParts } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config/env.js';
import type { Platform } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import {
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  FAKE_TEAM_ID,
  FakeSlack,
} from '../fakes/slack/fake-slack.js';
import { recordingLogger } from './harness.js';
import { buttons, visibleText } from './slack-calls.js';

const QUESTION = 'The beacon agent is not reporting data from my servers anymore';

let fake: FakeSlack | null = null;
let adapter: SlackAdapter | null = null;
let parts: AppParts | null = null;
let dir: string | null = null;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  if (parts) await stopApp(parts);
  if (dir) rmSync(dir, { recursive: true, force: true });
  adapter = null;
  fake = null;
  parts = null;
  dir = null;
});

it('answers a question pushed over Socket Mode with suggestions from the real kb', async () => {
  dir = mkdtempSync(join(tmpdir(), 'casebot-socket-'));
  fake = await FakeSlack.start();
  const ports: Partial<Record<Platform, ChatPort>> = {};
  parts = await buildApp({
    config: loadConfig({
      DATABASE_URL: `file:${join(dir, 'casebot.db')}`,
      KB_DIR: 'kb',
      KB_WATCH: 'off',
      KB_BASE_URL: 'https://help.example.com/kb',
      CASEBOT_DEMO_SEED: 'off',
      CASEBOT_CLOCK_START: '2026-11-23T09:00:00Z',
    }),
    logger: recordingLogger(),
    ports,
    mode: 'platforms',
    setup: null,
  });
  // A Slack Connect customer, recognised by their own workspace (so *Open a case* is offered).
  await parts.store.directory.upsertOrg({
    slug: 'acme',
    name: 'Acme Corp',
    tier: 'platinum',
    deployment: 'cloud',
    calendar: {
      timeZone: 'Europe/Paris',
      country: 'FR',
      hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
    },
    identities: [{ platform: 'slack', kind: 'team', value: 'T0ACME' }],
  });
  const config = parseSlackEnv(
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: fake.apiUrl },
    { supportChannelIds: ['CSUPPORT'] },
  );
  expect(config.transport.mode).toBe('socket');
  const desk = parts.desk;
  adapter = createSlackAdapter({
    config: { ...config, botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
    logger: recordingLogger(),
  });
  ports.slack = adapter.transport;
  await adapter.start(desk);
  expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
  expect(fake.socketCount).toBe(1);

  const ack = await fake.push({
    type: 'events_api',
    payload: {
      type: 'event_callback',
      team_id: FAKE_TEAM_ID,
      api_app_id: 'A0FAKE',
      event_id: 'Ev0SOCKETREAL',
      event_time: 1,
      event: {
        type: 'message',
        channel: 'CSUPPORT',
        channel_type: 'channel',
        user: 'UASKER',
        user_team: 'T0ACME',
        text: QUESTION,
        ts: '9.1',
      },
    },
  });
  expect(ack.envelope_id).toMatch(/^env-/);
  const posted = await fake.waitFor('chat.postMessage', (c) => c.args.thread_ts === '9.1');
  expect(posted.args.channel).toBe('CSUPPORT');

  // What the real kb ranks first for the question is what the thread suggests.
  const expected = parts.kb.search(QUESTION).results;
  expect(expected.length).toBeGreaterThan(0);
  const text = visibleText(posted);
  expect(text).toContain(expected[0]!.title);
  // The title links to the article under KB_BASE_URL.
  expect(expected[0]!.url).toMatch(/^https:\/\/help\.example\.com\/kb\//);
  expect(JSON.stringify(posted.args.blocks)).toContain(`<${expected[0]!.url}|`);
  expect(buttons(posted).map((b) => b.action_id)).toEqual(
    expect.arrayContaining([ACTION_IDS.solved, ACTION_IDS.openCase]),
  );
  // The core recorded the question as a pending deflection.
  const report = await parts.store.deflections.report();
  expect(report.total).toBe(1);
  expect(report.byOutcome.pending).toBe(1);
});
