import { describe, expect, test } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/adapter.js';
import { DiscordConfigError } from '../../src/adapters/discord/config.js';
import { startFakeDiscord } from '../fakes/discord/fake-discord.js';
import { slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { recordingDeskFor } from './helpers.js';
import { fakeDiscordConfig } from './fake-config.js';

const h = harnessForEachTest({ makeDesk: recordingDeskFor, config: { deferAfterMs: 100 } });

const ask = (question: string) =>
  slashCommand({
    world: h.fake.world,
    applicationId: h.fake.applicationId,
    who: h.fake.world.people.alice,
    channelId: h.fake.world.channels.support.id,
    name: 'ask',
    options: [{ name: 'question', type: 3, value: question }],
  });

test('the gateway connection is uncompressed JSON because the optional zlib-sync is not installed', async () => {
  // If zlib-sync ever gets installed, discord.js switches to zlib-stream, which this fake does not speak.
  await expect(import('zlib-sync' as string)).rejects.toThrow();
  expect(h.fake.gateway.connectionUrls[0]).toBe('/gateway?v=10&encoding=json');
  const identify = h.fake.gateway.received.find((p) => p.op === 2)!.d as {
    compress: boolean;
    intents: number;
  };
  expect(identify.compress).toBe(false);
  // Guilds (1) + GuildMessages (512) + MessageContent (32768): relay and auto-suggest are on here.
  expect(identify.intents).toBe(1 | 512 | 32768);
});

test('a dropped connection is RESUMEd: the acknowledged interaction and those sent meanwhile are all answered', async () => {
  h.desk.delayMs = 600;
  const first = ask('first, deferred before the drop');
  h.fake.dispatch('INTERACTION_CREATE', first);
  const deferred = await h.fake.waitForRequest(
    (r) => r.path === `/interactions/${first.id}/${first.token}/callback`,
  );
  expect((deferred.body as { type: number }).type).toBe(5);

  h.fake.gateway.drop(4000);
  await waitFor(() => !h.fake.gateway.isConnected || undefined, 1000);
  h.desk.delayMs = 0;
  const missed = [ask('second, sent while disconnected'), ask('third, sent while disconnected')];
  for (const payload of missed) h.fake.dispatch('INTERACTION_CREATE', payload);

  // The deferred answer goes out over REST whatever the gateway is doing.
  await h.fake.waitForRequest(
    (r) =>
      r.method === 'PATCH' &&
      r.path === `/webhooks/${h.fake.applicationId}/${first.token}/messages/@original`,
    5000,
  );
  for (const payload of missed)
    await h.fake.waitForRequest(
      (r) => r.path === `/interactions/${payload.id}/${payload.token}/callback`,
      5000,
    );
  expect(h.fake.gateway.resumes).toBe(1);
  expect(h.fake.gateway.identifies).toBe(1);
  const resume = h.fake.gateway.received.find((p) => p.op === 6)!.d as {
    session_id: string;
    seq: number;
  };
  expect(resume.session_id).toBe(h.fake.gateway.sessionId);

  // Discord delivers at least once: a duplicate of an answered interaction is not run again.
  h.fake.dispatch('INTERACTION_CREATE', missed[0]);
  const probe = ask('fourth, after the duplicate');
  h.fake.dispatch('INTERACTION_CREATE', probe);
  await h.fake.waitForRequest(
    (r) => r.path === `/interactions/${probe.id}/${probe.token}/callback`,
  );
  expect(h.fake.rest.find('POST', new RegExp(`^/interactions/${missed[0]!.id}/`))).toHaveLength(1);
  expect(h.desk.calls.filter((c) => c.method === 'ask')).toHaveLength(4);
});

describe('login failures say how to fix them', () => {
  const configFor = fakeDiscordConfig;
  const silent = { debug() {}, info() {}, warn() {}, error() {} };

  test('Message Content not switched on in the portal', async () => {
    const fake = await startFakeDiscord({ allowedIntents: 1 | 512 });
    try {
      const adapter = createDiscordAdapter({
        config: configFor(fake),
        logger: silent,
      });
      await expect(adapter.start(h.desk)).rejects.toThrow(DiscordConfigError);
      await expect(
        createDiscordAdapter({
          config: configFor(fake),
          logger: silent,
        }).start(h.desk),
      ).rejects.toThrow('Message Content Intent');
      // Without relay and auto-suggest, Guilds alone is enough and the same portal settings work.
      const minimal = createDiscordAdapter({
        config: configFor(fake, { relayThreadMessages: false }),
        logger: silent,
      });
      await minimal.start(h.desk);
      await minimal.stop();
    } finally {
      await fake.close();
    }
  });

  test('a wrong token', async () => {
    const fake = await startFakeDiscord();
    try {
      const adapter = createDiscordAdapter({
        config: configFor(fake, { token: 'not.the.token' }),
        logger: silent,
      });
      await expect(adapter.start(h.desk)).rejects.toThrow('Reset Token');
    } finally {
      await fake.close();
    }
  });
});
