// A replica that starts while Discord answers 429/5xx waits for it (issue 15 item 5): real
// discord.js, with its production REST settings, logs in to the fake Discord whose gateway lookup
// (GET /gateway/bot) fails first. A refused token still stops the start at once, in one line.
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/adapter.js';
import {
  DiscordConfigError,
  discordDefaults,
  type DiscordConfig,
} from '../../src/adapters/discord/config.js';
import { PlatformUnavailableError } from '../../src/adapters/start-retry.js';
import type { Desk } from '../../src/core/conversation/desk.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { slashCommand } from '../fakes/discord/payloads.js';
import { recordingDeskFor } from './helpers.js';

let fake: FakeDiscord | null = null;
let adapter: DiscordAdapter | null = null;
let desk: Desk | null = null;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = null;
  fake = null;
});

const GATEWAY = /^\/gateway\/bot$/;
const RETRY_LOG = 'discord start-up call failed, will retry';

function build(discord: FakeDiscord, overrides: Partial<DiscordConfig> = {}) {
  const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void logs.push({ level, message, ...(fields ? { fields } : {}) });
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  // discordDefaults: the REST retries and timeout a production start uses.
  const config: DiscordConfig = {
    ...discordDefaults,
    token: discord.token,
    applicationId: discord.applicationId,
    apiUrl: discord.apiUrl,
    supportChannelIds: [discord.world.channels.support.id],
    ...overrides,
  };
  const built = createDiscordAdapter({ config, logger });
  const desk = recordingDeskFor({ chat: built.transport, fake: discord });
  return { adapter: built, desk, logs };
}

describe('starting while Discord is unavailable', () => {
  it('waits out a 429 and a run of 503s on the gateway lookup, then logs in and serves', async () => {
    fake = await startFakeDiscord();
    fake.rest.failNext({ method: 'GET', path: GATEWAY, status: 429, times: 1, retryAfter: 1 });
    // More 503s than @discordjs/rest retries on its own (3): login alone gave up on these.
    fake.rest.failNext({ method: 'GET', path: GATEWAY, status: 503, times: 6 });
    const built = build(fake);
    adapter = built.adapter;
    await adapter.start(built.desk);

    expect(fake.rest.find('GET', GATEWAY).map((r) => r.status)).toEqual([
      429, 503, 503, 503, 503, 503, 503, 200, 200,
    ]);
    expect(fake.gateway.identifies).toBe(1);
    const retries = built.logs.filter((line) => line.message === RETRY_LOG);
    expect(retries.map((line) => [line.level, line.fields?.reason])).toEqual([
      ['warn', 'HTTP 503'],
    ]);

    const ask = slashCommand({
      world: fake.world,
      applicationId: fake.applicationId,
      who: fake.world.people.alice,
      channelId: fake.world.channels.support.id,
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'Ingest is stuck since the upgrade' }],
    });
    fake.dispatch('INTERACTION_CREATE', ask);
    await fake.waitForRequest((r) => r.path === `/interactions/${ask.id}/${ask.token}/callback`);
  });

  it('gives up after DISCORD_START_RETRY_SECONDS with one line that says what failed', async () => {
    fake = await startFakeDiscord();
    fake.rest.failNext({ method: 'GET', path: GATEWAY, status: 502, times: 1000 });
    ({ adapter, desk } = build(fake, { startRetryMs: 1500 }));
    const error = await adapter.start(desk!).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformUnavailableError);
    expect((error as Error).message).toMatch(
      /^Discord kept failing GET \/gateway\/bot at start-up \(2 attempts in 1 s, last: HTTP 502\): [^\n]*DISCORD_START_RETRY_SECONDS$/,
    );
    expect(fake.gateway.identifies).toBe(0);
  });
});

describe('starting with a token Discord refuses', () => {
  it('stops at once, naming DISCORD_TOKEN and the fix in one line', async () => {
    fake = await startFakeDiscord();
    ({ adapter, desk } = build(fake, { token: 'revoked.token.value' }));
    const started = Date.now();
    const error = await adapter.start(desk!).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(DiscordConfigError);
    expect((error as Error).message).toMatch(/^Discord refused DISCORD_TOKEN: [^\n]*$/);
    expect(fake.rest.find('GET', GATEWAY)).toHaveLength(1);
    expect(fake.gateway.identifies).toBe(0);
  });
});
