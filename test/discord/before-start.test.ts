// The adapter shape (src/adapters/adapter.ts): the handlers are built at start(desk). discord.js
// delivers nothing before login, but an event its client emits earlier is refused with a log line
// instead of reaching a handler without a Desk.
import { Events, type Message, type OmitPartialGroupDMChannel } from 'discord.js';
import { expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/adapter.js';
import { discordDefaults } from '../../src/adapters/discord/config.js';
import { createMemoryLogger } from '../../src/logging/logger.js';

it('refuses an event emitted before start(desk) with a log line', async () => {
  const logger = createMemoryLogger();
  const adapter = createDiscordAdapter({
    config: {
      ...discordDefaults,
      token: 'never.used.token',
      applicationId: '123456789012345678',
      apiUrl: 'http://127.0.0.1:9/api',
      supportChannelIds: ['1'],
    },
    logger,
  });
  try {
    adapter.client.emit(Events.MessageCreate, {
      content: 'hello',
    } as OmitPartialGroupDMChannel<Message>);
    expect(logger.entries.filter((e) => e.message.includes('before the adapter started'))).toEqual([
      expect.objectContaining({ level: 'warn', fields: { event: 'message' } }),
    ]);
  } finally {
    await adapter.stop();
  }
});
