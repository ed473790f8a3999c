// Which adapters the app builds from the environment (created, not connected).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createPlatformAdapters } from '../../src/app/platforms.js';
import { runApp } from '../../src/app/run-app.js';
import { createMemoryLogger } from '../../src/logging/logger.js';

describe('createPlatformAdapters', () => {
  // Slack is built against the fake Slack in slack-platform.test.ts (it, too, connects only on
  // start); Discord connects only on start.
  it('builds Discord from its tokens, with its transport', async () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'abc.def.ghi',
      DISCORD_APPLICATION_ID: '123456789012345678',
    });
    const platforms = await createPlatformAdapters(config, createMemoryLogger());
    expect(platforms.map((p) => [p.name, p.transport.platform])).toEqual([['discord', 'discord']]);
    await Promise.all(platforms.map((p) => p.stop().catch(() => undefined)));
  });

  it('builds nothing without tokens, and reports a half-configured platform with its fix', async () => {
    expect(await createPlatformAdapters(loadConfig({}), createMemoryLogger())).toEqual([]);
    await expect(
      createPlatformAdapters(
        loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' }),
        createMemoryLogger(),
      ),
    ).rejects.toThrow(/SLACK_BOT_TOKEN must start with "xoxb-"/);
    await expect(
      createPlatformAdapters(
        loadConfig({ DISCORD_APPLICATION_ID: '123456789012345678' }),
        createMemoryLogger(),
      ),
    ).rejects.toThrow(/DISCORD_TOKEN/);
  });

  // Issue 5: missing or contradictory settings stop the start with a message saying how to fix
  // them. One Slack credential alone must not fall back to "no Slack" in auto mode.
  it.each([
    [{ SLACK_APP_TOKEN: 'xapp-1-A0-123-abc' }, /SLACK_BOT_TOKEN is missing: install the app/],
    [{ SLACK_SIGNING_SECRET: 'a-signing-secret' }, /SLACK_BOT_TOKEN is missing: install the app/],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_MODE: 'socket', SLACK_SIGNING_SECRET: 'secret' },
      /SLACK_MODE=socket needs SLACK_APP_TOKEN/,
    ],
    [{ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }, /Set SLACK_APP_TOKEN \(xapp-…, Socket Mode/],
  ])('auto mode with a partial Slack setup %j refuses with the fix', async (slackEnv, fix) => {
    const config = loadConfig(slackEnv);
    expect(config.adapter).toBe('auto');
    await expect(createPlatformAdapters(config, createMemoryLogger())).rejects.toThrow(fix);
  });

  it('runApp stops before opening the store or the shell when only a Slack app token is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casebot-app-partial-'));
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    try {
      const run = runApp({
        config: loadConfig({
          DATABASE_URL: `file:${join(dir, 'casebot.db')}`,
          KB_WATCH: 'off',
          SLACK_APP_TOKEN: 'xapp-1-A0-123-abc',
        }),
        logger: createMemoryLogger(),
        input: new PassThrough(),
        output,
        interactive: false,
      });
      await expect(run).rejects.toMatchObject({
        code: 'SLACK_CONFIG_INVALID',
        message: expect.stringMatching(/SLACK_BOT_TOKEN is missing.*xoxb-/) as unknown,
      });
      // No shell banner, no database file: the start stopped at the configuration.
      expect(printed).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
