// The ChatPort contract every adapter passes (Slack, Discord, shell): same cases, same views,
// asserted on what the platform recorded, in the neutral form of contract-harness.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import type { ContractHarness, PlatformRecord } from './contract-harness.js';
import { HOSTILE, everyKind, hostileViews, slaEventView } from './sample-views.js';

const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });

export function describeChatPortContract(
  name: string,
  makeHarness: () => Promise<ContractHarness>,
  /** Network platforms fail (429, 5xx); a terminal cannot, so it runs no delivery cases. */
  options: { network: boolean } = { network: true },
): void {
  describe(`ChatPort contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.close();
    });

    const withText = (marker: string, op?: PlatformRecord['op']): PlatformRecord[] =>
      h.records().filter((r) => r.text.includes(marker) && (!op || r.op === op));

    const kinds = everyKind('x').map((view) => view.kind);
    it.each(kinds)('posts a %s view and update() replaces that same message', async (kind) => {
      const index = kinds.indexOf(kind);
      const first = everyKind(`first-${kind}`)[index]!;
      const second = everyKind(`second-${kind}`)[index]!;
      const before = h.records().length;
      const posted = await h.port.post(h.channel, first);
      await h.settle();
      const posts = h.records().slice(before);
      expect(posts.map((r) => [r.op, r.channel])).toEqual([['post', h.channel.channelId]]);
      const afterPost = h.records().length;
      await h.port.update(posted, second);
      await h.settle();
      const edits = h.records().slice(afterPost);
      expect(edits.map((r) => [r.op, r.channel])).toEqual([['edit', h.channel.channelId]]);
      if (h.editsInPlace) {
        expect(posts[0]!.messageId).toBe(posted.messageId);
        expect(edits[0]!.messageId).toBe(posted.messageId);
      }
      // The edit carries the new content wherever the view shows its marker.
      if (posts[0]!.text.includes(`first-${kind}`))
        expect(edits[0]!.text).toContain(`second-${kind}`);
    });

    it('posts into a thread when the place has one', async () => {
      const parent = await h.port.post(h.channel, notice('thread parent'));
      const thread: Place = { ...h.channel, threadId: parent.messageId };
      await h.port.post(thread, notice('in the thread'));
      await h.settle();
      const [reply] = withText('in the thread', 'post');
      expect(reply).toMatchObject({ channel: h.channel.channelId, thread: parent.messageId });
      expect(withText('thread parent', 'post')[0]!.thread).toBeNull();
    });

    it('whispers to one user only', async () => {
      await h.port.whisper(h.channel, h.engineerUserId, notice('only for the engineer'));
      await h.settle();
      const seen = withText('only for the engineer');
      expect(seen.length).toBeGreaterThan(0);
      for (const record of seen) expect(record.onlyFor).toBe(h.engineerUserId);
    });

    it('sends a direct message in a DM it opens', async () => {
      const posted = await h.port.sendDirect(h.customerUserId, notice('direct to you'));
      await h.settle();
      const [record] = withText('direct to you', 'post');
      expect(record).toMatchObject({ onlyFor: h.customerUserId, channel: posted.place.channelId });
      expect(h.membersOf(posted.place)).toEqual([h.customerUserId]);
    });

    it('opens a private space the customer can reach and nobody else is in', async () => {
      const space = await h.port.openPrivateSpace({
        customerUserId: h.customerUserId,
        near: h.channel,
        title: 'Private help',
      });
      expect(h.membersOf(space)).toEqual([h.customerUserId]);
      await h.port.post(space, notice('in the private space'));
      await h.settle();
      const [record] = withText('in the private space', 'post');
      expect(record).toBeDefined();
      expect([record!.channel, record!.thread]).toEqual([space.channelId, space.threadId ?? null]);
    });

    describe('user text cannot ping or inject', () => {
      it.each(hostileViews())('in the $field', async ({ view, mustShow }) => {
        await h.port.post(h.channel, view);
        await h.settle();
        const records = h.records();
        expect(records.length).toBeGreaterThan(0);
        const record = records.at(-1)!;
        expect(record.pings).toEqual([]);
        expect(record.maskedLinks.filter((url) => url.includes('evil'))).toEqual([]);
        // The field was rendered (else this case would prove nothing): its words are visible.
        if (mustShow) expect(record.text).toContain('HOSTILE');
      });
    });

    it('pings exactly the mentions an SLA event asks for, never its title’s', async () => {
      const view = slaEventView(
        [
          { kind: 'user', id: h.engineerUserId },
          { kind: 'role', id: h.onCallRoleId },
        ],
        HOSTILE,
      );
      await h.port.post(h.channel, view);
      await h.settle();
      const record = h.records().at(-1)!;
      expect(record.text).toContain(h.engineerUserId);
      expect(record.text).toContain(h.onCallRoleId);
      const expected = h.pings ? [`role:${h.onCallRoleId}`, `user:${h.engineerUserId}`] : [];
      expect([...record.pings].sort()).toEqual(expected);
    });

    it('pings exactly the mentions a notice asks for (a raise to Urgent), never its text’s', async () => {
      const view: NoticeView = {
        kind: 'notice',
        tone: 'info',
        text: `Alice raised CASE-1001 to Urgent (1): ${HOSTILE}`,
        mentions: [{ kind: 'role', id: h.onCallRoleId }],
      };
      await h.port.post(h.channel, view);
      await h.settle();
      const record = h.records().at(-1)!;
      expect(record.text).toContain(h.onCallRoleId);
      expect(record.text).toContain('HOSTILE');
      expect(record.pings).toEqual(h.pings ? [`role:${h.onCallRoleId}`] : []);
      expect(record.maskedLinks.filter((url) => url.includes('evil'))).toEqual([]);
    });

    if (!options.network) return;
    describe('delivery under failures', () => {
      it('loses no post in a 429 storm and posts each exactly once', async () => {
        h.failPosts(429, 6);
        await Promise.all(
          [1, 2, 3, 4, 5].map((i) => h.port.post(h.channel, notice(`storm ${i}.`))),
        );
        await h.settle();
        for (const i of [1, 2, 3, 4, 5]) expect(withText(`storm ${i}.`, 'post')).toHaveLength(1);
      });

      it('delivers a post once after 5xx answers', async () => {
        h.failPosts(503, 2);
        await h.port.post(h.channel, notice('after an outage'));
        await h.settle();
        expect(withText('after an outage', 'post')).toHaveLength(1);
      });
    });
  });
}
