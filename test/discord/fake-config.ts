// The Discord adapter's settings against the fake Discord: its token, application and API URL,
// REST calls not retried (tests decide what fails), and the test's own overrides.
import { discordDefaults, type DiscordConfig } from '../../src/adapters/discord/config.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';

export function fakeDiscordConfig(
  fake: FakeDiscord,
  overrides: Partial<DiscordConfig> = {},
): DiscordConfig {
  return {
    ...discordDefaults,
    token: fake.token,
    applicationId: fake.applicationId,
    apiUrl: fake.apiUrl,
    rest: { retries: 0, timeout: 2000 },
    ...overrides,
  };
}
