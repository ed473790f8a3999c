// CSAT in Discord on the real core and real discord.js against the fake Discord: the resolution
// notice carries five score buttons, a press records the rating (the requester only, once), and
// *Add a comment* opens a modal whose submission adds the comment.
import { expect, test } from 'vitest';
import { encodeCustomId, ratingCommentFieldId } from '../../src/adapters/discord/custom-ids.js';
import type { Actor } from '../../src/core/conversation/desk.js';
import { buttonPress, modalSubmit } from '../fakes/discord/payloads.js';
import { harnessForEachTest } from './harness.js';
import { as, botMessage } from './helpers.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

test('the requester rates a resolution once, with a comment through the modal', async () => {
  const { people, channels } = h.fake.world;
  const actor = (who: 'alice' | 'sam'): Actor => ({
    platform: 'discord',
    userId: people[who].id,
    displayName: people[who].username,
    guildId: h.fake.world.guildId,
    roleIds: who === 'alice' ? [h.fake.world.roles.acme.id] : [h.fake.world.roles.engineer.id],
  });
  const opened = await h.desk.submitCase(
    actor('alice'),
    { platform: 'discord', channelId: channels.support.id, threadId: null, messageId: null },
    {
      title: 'Cluster red after upgrade',
      situation: 'All shards unassigned',
      severity: '2',
      seriousness: 'Blocked',
      product: 'beacon',
      type: 'bug',
    },
  );
  if (opened.kind !== 'case-confirmation') throw new Error(JSON.stringify(opened));
  const reference = opened.caseReference;
  expect((await h.desk.act(actor('sam'), reference, 'claim')).tone).toBe('success');
  expect((await h.desk.act(actor('sam'), reference, 'resolve')).tone).toBe('success');

  // The resolution notice Alice got: Reopen, then the five scores.
  const posts = h.fake.rest.find('POST', /^\/channels\/\d+\/messages$/);
  const notice = posts
    .map((request) => request.body as Record<string, unknown>)
    .find((body) => JSON.stringify(body).includes('cb:rate:'));
  expect(notice, 'a resolution notice with rating buttons').toBeDefined();
  expect(String(notice!['content'])).toContain('How did we do?');
  const ids = JSON.stringify(notice!['components']).match(/cb:rate:[^"]+/g) ?? [];
  expect(ids).toHaveLength(5);
  const supportCase = await h.desk.store.cases.byReference(reference);
  const caseId = supportCase!.id;
  expect(ids[3]).toBe(encodeCustomId({ kind: 'rate', caseId, resolution: '1', score: '4' }));
  const message = botMessage(h.fake, channels.support.id, notice!);

  const press = (who: 'alice' | 'sam', customId: string) =>
    h.interact(buttonPress({ ...as(h.fake, who), customId, message }));

  const bySam = await press('sam', ids[4]!);
  expect(bySam.ephemeral).toBe(true);
  expect(JSON.stringify(bySam.data)).toContain(
    `Only the person who opened ${reference} can rate it`,
  );

  const thanks = await press('alice', ids[3]!);
  expect(thanks.ephemeral).toBe(true);
  expect(JSON.stringify(thanks.data)).toContain(`Thank you: you rated ${reference} 4/5.`);
  const commentId = encodeCustomId({ kind: 'rate-comment', caseId, resolution: '1' });
  expect(JSON.stringify(thanks.data)).toContain(commentId);

  const again = await press('alice', ids[0]!);
  expect(JSON.stringify(again.data)).toContain(`You already rated ${reference} 4/5`);

  const modal = await press('alice', commentId);
  expect(modal.callbackType).toBe(9);
  expect(modal.data['custom_id']).toBe(commentId);

  const commented = await h.interact(
    modalSubmit({
      ...as(h.fake, 'alice'),
      customId: commentId,
      fields: { [ratingCommentFieldId]: 'Quick @everyone fix' },
    }),
  );
  expect(JSON.stringify(commented.data)).toContain(`your comment on ${reference} was passed on`);
  expect(await h.desk.store.ratings.forResolution(caseId, 1)).toMatchObject({
    score: 4,
    comment: 'Quick @everyone fix',
  });
  // The team thread saw both, and nothing in them may ping.
  const toTeam = h.fake.rest
    .find('POST', /^\/channels\/\d+\/messages$/)
    .map((request) => request.body as Record<string, unknown>)
    .filter((body) => String(body['content']).includes('(customer)'));
  expect(toTeam.map((body) => String(body['content']))).toEqual([
    expect.stringContaining(`rated ${reference} 4/5`),
    expect.stringContaining('commented on their 4/5 rating'),
  ]);
  for (const body of toTeam) expect(body['allowed_mentions']).toMatchObject({ parse: [] });
});
