// The app with Discord variables, against the loopback fake Discord: runApp builds the adapter,
// opens the store, builds the Desk on the durable port and starts the adapter with it; a question
// in a support channel is then answered from the real knowledge base, and a stop signal ends the
// run cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runApp } from '../../src/app/run-app.js';
import { loadConfig } from '../../src/config/env.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { startFakeDiscord, waitFor, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { message } from '../fakes/discord/payloads.js';

let fake: FakeDiscord;
let dir: string;
beforeEach(async () => {
  fake = await startFakeDiscord();
  dir = mkdtempSync(join(tmpdir(), 'casebot-app-discord-'));
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

it('starts Discord with the Desk, answers in a support channel, and stops cleanly', async () => {
  const { world } = fake;
  const logger = createMemoryLogger();
  let stop: () => void = () => undefined;
  const run = runApp({
    config: loadConfig({
      DATABASE_URL: `file:${join(dir, 'casebot.db')}`,
      KB_DIR: 'kb',
      KB_WATCH: 'off',
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SUPPORT_CHANNELS: world.channels.support.id,
      DISCORD_AUTO_SUGGEST: 'true',
    }),
    logger,
    input: process.stdin,
    output: process.stdout,
    interactive: false,
    stopSignal: new Promise<void>((resolve) => (stop = resolve)),
  });
  const ended = run.then(() => 'ended early');
  await Promise.race([
    waitFor(() => logger.entries.find((e) => e.message === 'casebot started'), 15_000),
    ended.then((why) => {
      throw new Error(why);
    }),
  ]);
  expect(logger.entries.find((e) => e.message === 'casebot started')?.fields).toMatchObject({
    platforms: ['discord'],
  });

  const question = message({
    world,
    author: world.people.alice,
    channelId: world.channels.support.id,
    content: 'The beacon agent is not reporting data from my servers anymore',
  });
  fake.dispatch('MESSAGE_CREATE', question);
  const reply = await waitFor(
    () =>
      fake.rest
        .find('POST', new RegExp(`^/channels/${world.channels.support.id}/messages$`))
        .find(
          (r) =>
            (r.body as { message_reference?: { message_id?: string } }).message_reference
              ?.message_id === question.id,
        ),
    15_000,
  );
  expect(reply.status).toBe(200);

  stop();
  await expect(run).resolves.toBeUndefined();
  expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
});
