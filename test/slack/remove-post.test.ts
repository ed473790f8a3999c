// Removing a flagged public post through the Slack adapter against the fake Slack: Slack lets an
// app delete only what it may (chat.delete), and a refusal says what the moderator can do instead.
import { afterEach, expect, it } from 'vitest';
import { withWork } from '../../src/core/delivery/work-scope.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { StoryDesk } from './story-desk.js';

let h: SlackHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const desk = () =>
  new StoryDesk({ customers: {}, engineers: {}, moderators: [], teamChannel: 'CTEAM' });
const post = {
  platform: 'slack' as const,
  channelId: 'CCOMMUNITY',
  messageId: '1700000000.000100',
};

it('deletes a post Slack lets the app delete', async () => {
  h = await startHttpHarness({ desk: desk() });
  expect(await h.adapter.transport.removeMessage!(post)).toEqual({ removed: true });
  expect(h.fake.callsTo('chat.delete').map((c) => c.args)).toEqual([
    { channel: 'CCOMMUNITY', ts: '1700000000.000100' },
  ]);
});

it('says plainly when Slack refuses to delete a member’s post, and what to do instead', async () => {
  h = await startHttpHarness({ desk: desk() });
  h.fake.respond('chat.delete', () => ({ ok: false, error: 'cant_delete_message' }));
  const outcome = await h.adapter.transport.removeMessage!(post);
  expect(outcome).toMatchObject({ removed: false, reason: expect.stringMatching(/delete it/i) });
});

it('reads a post already gone as removed when the flag is redone after a crash (its first run deleted it)', async () => {
  h = await startHttpHarness({ desk: desk() });
  h.fake.respond('chat.delete', () => ({ ok: false, error: 'message_not_found' }));
  const transport = h.adapter.transport;
  const redone = await withWork('slack:view:V1', () => transport.removeMessage!(post), {
    redo: true,
  });
  expect(redone).toEqual({ removed: true });
  // A first run that finds no such post is not told it removed it.
  expect(await transport.removeMessage!(post)).toMatchObject({ removed: false });
});
