// Which adapters the app builds from the environment (created, not connected).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createPlatforms } from '../../src/app/platforms.js';
import { createMemoryLogger } from '../../src/logging/logger.js';

const noDesk = () => {
  throw new Error('not used: nothing is started');
};

describe('createPlatforms', () => {
  // Slack is built against the fake Slack in slack-platform.test.ts (it, too, connects only on
  // start); Discord connects only on start.
  it('builds Discord from its tokens, with its ChatPort', async () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'abc.def.ghi',
      DISCORD_APPLICATION_ID: '123456789012345678',
    });
    const platforms = await createPlatforms(config, createMemoryLogger(), noDesk);
    expect(platforms.map((p) => [p.name, p.chat.platform])).toEqual([['discord', 'discord']]);
    await Promise.all(platforms.map((p) => p.stop().catch(() => undefined)));
  });

  it('builds nothing without tokens, and reports a half-configured platform with its fix', async () => {
    expect(await createPlatforms(loadConfig({}), createMemoryLogger(), noDesk)).toEqual([]);
    await expect(
      createPlatforms(
        loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' }),
        createMemoryLogger(),
        noDesk,
      ),
    ).rejects.toThrow(/SLACK_BOT_TOKEN must start with "xoxb-"/);
    await expect(
      createPlatforms(
        loadConfig({ DISCORD_APPLICATION_ID: '123456789012345678' }),
        createMemoryLogger(),
        noDesk,
      ),
    ).rejects.toThrow(/DISCORD_TOKEN/);
  });
});
