// The fake itself: what discord.js's REST client sends must be recorded faithfully, or the adapter
// tests would prove nothing.
import { REST, Routes } from 'discord.js';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';

let fake: FakeDiscord;
let rest: REST;
beforeEach(async () => {
  fake = await startFakeDiscord();
  rest = new REST(fake.restOptions).setToken(fake.token);
});
afterEach(async () => {
  await fake.close();
});

test('the gateway routes point discord.js at the fake ws:// URL', async () => {
  const bot = (await rest.get(Routes.gatewayBot())) as { url: string; shards: number };
  const plain = (await rest.get(Routes.gateway())) as { url: string };
  expect(bot).toMatchObject({ url: fake.gatewayUrl, shards: 1 });
  expect(plain.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/gateway$/);
});

test('multipart bodies (files) are recorded with their JSON payload and file names', async () => {
  const channelId = fake.world.channels.support.id;
  await rest.post(Routes.channelMessages(channelId), {
    body: { content: 'logs attached', allowed_mentions: { parse: [] } },
    files: [{ name: 'cluster-health.txt', data: Buffer.from('status: red') }],
  });
  const [recorded] = fake.rest.find('POST', new RegExp(`^/channels/${channelId}/messages$`));
  expect(recorded!.body).toMatchObject({ content: 'logs attached' });
  expect(recorded!.files).toEqual(['cluster-health.txt']);
});

test('webhook paths are URL-decoded, unknown channels and routes are refused as Discord does', async () => {
  await rest.patch(Routes.webhookMessage(fake.applicationId, 'tok', '@original'), {
    body: { content: 'edited' },
    auth: false,
  });
  expect(fake.rest.requests.at(-1)!.path).toBe(
    `/webhooks/${fake.applicationId}/tok/messages/@original`,
  );
  await expect(
    rest.post(Routes.channelMessages('123456789012345678'), { body: { content: 'x' } }),
  ).rejects.toMatchObject({ status: 404, code: 10003 });
  await expect(rest.get('/nothing/here')).rejects.toMatchObject({ status: 404 });
});
