import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';

const run = promisify(execFile);
let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake.close();
});

async function casebot(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'discord', ...args],
      { env: { ...process.env, ...env }, cwd: process.cwd() },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('register bulk-overwrites the commands in a guild, the same body every time (idempotent)', async () => {
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  };
  const guildId = fake.world.guildId;
  const first = await casebot(['register', '--guild', guildId], env);
  const second = await casebot(['register', `--guild=${guildId}`], env);
  expect(first.stdout).toContain(`registered 4 commands in server ${guildId}`);
  expect(second.code).toBe(0);
  const puts = fake.rest.find('PUT', /\/commands$/);
  expect(puts.map((p) => p.path)).toEqual([
    `/applications/${fake.applicationId}/guilds/${guildId}/commands`,
    `/applications/${fake.applicationId}/guilds/${guildId}/commands`,
  ]);
  expect(puts[0]!.body).toEqual(puts[1]!.body);
  expect(puts[0]!.body).toEqual(JSON.parse(JSON.stringify(commandDefinitions)));
  expect((puts[0]!.body as { name: string }[]).map((c) => c.name)).toEqual([
    'ask',
    'case',
    'queue',
    'Flag for private support',
  ]);

  const global = await casebot(['register'], env);
  expect(global.stdout).toContain('globally');
  expect(fake.rest.find('PUT', /\/commands$/).at(-1)!.path).toBe(
    `/applications/${fake.applicationId}/commands`,
  );
}, 60_000);

test('register without a token says how to get one; invite prints the exact permissions', async () => {
  const missing = await casebot(['register'], {
    DISCORD_TOKEN: '',
    DISCORD_APPLICATION_ID: fake.applicationId,
  });
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('Reset Token');
  const invite = await casebot(['invite'], {
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
  });
  expect(invite.stdout.trim()).toBe(
    `https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=395137117184`,
  );
}, 60_000);
