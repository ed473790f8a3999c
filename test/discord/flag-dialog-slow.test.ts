// The flag dialog when the core answers after Discord's deadline for a modal: the moderator gets
// a button that opens the same dialog, and the flag runs with what they chose in it.
import { expect, test } from 'vitest';
import { buttonPress, message, messageContextMenu } from '../fakes/discord/payloads.js';
import { submitFlagDialog } from './flag-dialog.js';
import { harnessForEachTest } from './harness.js';
import { as, botMessage, buttonIds, recordingDeskFor } from './helpers.js';

const h = harnessForEachTest({ makeDesk: recordingDeskFor });

test('a slow core: the dialog is offered behind a button, and its choices reach the flag', async () => {
  const { world } = h.fake;
  const community = world.channels.community.id;
  const post = message({ world, author: world.people.bob, channelId: community, content: 'down' });
  // Slower than the harness's deferral (300 ms): too late for a modal.
  h.desk.delayMs = 500;
  const command = await h.interact(
    messageContextMenu({
      ...as(h.fake, 'mod', community),
      name: 'Flag for private support',
      target: post,
    }),
  );
  expect(command.callbackType).toBe(5);
  expect(command.ephemeral).toBe(true);
  expect(buttonIds(command.data)).toEqual([`cb:flag-form:${post.id}`]);
  const modal = await h.interact(
    buttonPress({
      ...as(h.fake, 'mod', community),
      customId: `cb:flag-form:${post.id}`,
      message: botMessage(h.fake, community, command.data),
    }),
  );
  expect(modal.callbackType).toBe(9);
  await submitFlagDialog(h, 'mod', community, modal, { remove: true });
  const flagged = h.desk.calls.filter((c) => c.method === 'flag');
  expect(flagged.map((c) => (c.args[0] as { removeOriginal: boolean }).removeOriginal)).toEqual([
    true,
  ]);
});

test('the button of someone else’s flag dialog does not open it for another moderator', async () => {
  const { world } = h.fake;
  const community = world.channels.community.id;
  const post = message({ world, author: world.people.bob, channelId: community, content: 'down' });
  const answer = await h.interact(
    buttonPress({
      ...as(h.fake, 'lee', community, '8192'),
      customId: `cb:flag-form:${post.id}`,
      message: botMessage(h.fake, community, { content: 'x' }),
    }),
  );
  expect(answer.callbackType).not.toBe(9);
  expect(String(answer.data['content'])).toMatch(/expired/);
  expect(h.desk.calls.filter((c) => c.method === 'flag')).toHaveLength(0);
});
