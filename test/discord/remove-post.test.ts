// Removing a flagged public post through the real discord.js REST client against the fake:
// removed when the bot may (Manage Messages), refused with what to do when it may not.
import { expect, test } from 'vitest';
import { harnessForEachTest } from './harness.js';
import { recordingDeskFor } from './helpers.js';

const h = harnessForEachTest({ makeDesk: recordingDeskFor });

test('a post the bot may remove is deleted', async () => {
  const channelId = h.fake.world.channels.community.id;
  const outcome = await h.adapter.transport.removeMessage!({
    platform: 'discord',
    channelId,
    messageId: '1234567890123456789',
  });
  expect(outcome).toEqual({ removed: true });
  expect(
    h.fake.rest.find('DELETE', new RegExp(`^/channels/${channelId}/messages/1234567890123456789$`)),
  ).toHaveLength(1);
});

test('without Manage Messages the removal is refused, saying which permission is missing', async () => {
  const channelId = h.fake.world.channels.community.id;
  h.fake.rest.failNext({ method: 'DELETE', path: /\/messages\//, status: 403, times: 1 });
  const outcome = await h.adapter.transport.removeMessage!({
    platform: 'discord',
    channelId,
    messageId: '1234567890123456789',
  });
  expect(outcome).toMatchObject({
    removed: false,
    reason: expect.stringMatching(/Manage Messages/),
  });
});
