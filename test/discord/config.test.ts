import { describe, expect, test } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import { DiscordConfigError, parseDiscordEnv } from '../../src/adapters/discord/config.js';
import { decodeCustomId, encodeCustomId } from '../../src/adapters/discord/custom-ids.js';
import { computeIntents } from '../../src/adapters/discord/intents.js';
import { BOT_PERMISSIONS, inviteUrl } from '../../src/adapters/discord/invite.js';
import { neutralizeLinks, neutralizeMentions } from '../../src/adapters/discord/text.js';

const APP = '123456789012345678';

describe('parseDiscordEnv', () => {
  test('Discord is off without a token and an application id', () => {
    expect(parseDiscordEnv({})).toBeNull();
  });

  test('token and application id enable it; lists and flags are read', () => {
    const config = parseDiscordEnv({
      DISCORD_TOKEN: 'abc.def.ghi',
      DISCORD_APPLICATION_ID: APP,
      DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
      DISCORD_SUPPORT_CHANNELS: '111111111111111111, 222222222222222222',
      DISCORD_MODERATOR_ROLES: '333333333333333333',
      DISCORD_AUTO_SUGGEST: 'yes',
    })!;
    expect(config).toMatchObject({
      token: 'abc.def.ghi',
      applicationId: APP,
      apiUrl: 'http://127.0.0.1:9999/api',
      supportChannelIds: ['111111111111111111', '222222222222222222'],
      moderatorRoleIds: ['333333333333333333'],
      autoSuggest: true,
      relayThreadMessages: true,
    });
  });

  test.each([
    [{ DISCORD_TOKEN: 'x' }, 'DISCORD_APPLICATION_ID'],
    [{ DISCORD_APPLICATION_ID: APP }, 'Reset Token'],
    [{ DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: 'my-bot' }, 'General Information'],
    [{ DISCORD_TOKEN: 'Bot x', DISCORD_APPLICATION_ID: APP }, 'without the "Bot " prefix'],
    [
      {
        DISCORD_TOKEN: 'x',
        DISCORD_APPLICATION_ID: APP,
        DISCORD_API_URL: 'https://discord.com/api/v10',
      },
      'drop it',
    ],
    [
      { DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: APP, DISCORD_SUPPORT_CHANNELS: '#support' },
      'Copy ID',
    ],
    [
      { DISCORD_TOKEN: 'x', DISCORD_APPLICATION_ID: APP, DISCORD_AUTO_SUGGEST: 'maybe' },
      'true or false',
    ],
  ])('%o is refused with a fix-it message', (env, hint) => {
    expect(() => parseDiscordEnv(env)).toThrow(DiscordConfigError);
    expect(() => parseDiscordEnv(env)).toThrow(hint);
  });
});

describe('intents', () => {
  test('Guilds only when nothing reads messages; message intents when relay or auto-suggest is on', () => {
    expect(computeIntents({ autoSuggest: false, relayThreadMessages: false })).toBe(1);
    expect(computeIntents({ autoSuggest: true, relayThreadMessages: false })).toBe(1 | 512 | 32768);
    expect(computeIntents({ autoSuggest: false, relayThreadMessages: true })).toBe(1 | 512 | 32768);
  });
});

test('the invite asks for exactly the documented permissions integer', () => {
  expect(BOT_PERMISSIONS).toBe(395137117184n);
  // Manage Threads: lock a flagged public thread, remove an abandoned case-form thread.
  expect(BOT_PERMISSIONS & PermissionFlagsBits.ManageThreads).toBe(17179869184n);
  // Manage Messages: remove a flagged public post when the moderator asks.
  expect(BOT_PERMISSIONS & PermissionFlagsBits.ManageMessages).toBe(8192n);
  expect(inviteUrl(APP)).toContain('permissions=395137117184');
});

describe('custom ids', () => {
  test('round-trip and stay within 100 characters', () => {
    const action = {
      kind: 'open-case' as const,
      deflectionId: 'cmabcdefghijklmnopqrstuvw',
      askerId: '123456789012345678',
    };
    const id = encodeCustomId(action);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeCustomId(id)).toEqual(action);
    expect(decodeCustomId(encodeCustomId({ kind: 'case-form', deflectionId: null }))).toEqual({
      kind: 'case-form',
      deflectionId: null,
    });
    expect(decodeCustomId('someone-else:thing')).toBeNull();
    expect(() => encodeCustomId({ kind: 'claim', caseId: 'x'.repeat(100) })).toThrow('100');
  });
});

describe('user text', () => {
  test('mass mentions and raw mention syntax are shown, not pinged', () => {
    expect(neutralizeMentions('hi @everyone and @here <@&123456789012345678>')).not.toMatch(
      /@everyone|@here|<@&\d/,
    );
  });

  test('masked links lose their brackets', () => {
    expect(neutralizeLinks('[docs](https://evil)')).toBe('\\[docs\\](https://evil)');
  });
});
