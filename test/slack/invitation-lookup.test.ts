// A call's .ics invitation on Slack, where an earlier try may have shared it (or not): the file is
// looked for by its name, which is the call's and its time's, through every page of a busy
// channel; and a post still waiting in the message journal that the core updates carries the new
// content's invitation (or none), so a failed upload never writes the old content back. Real
// adapter (Bolt's WebClient) against the fake Slack, the journal on SQLite.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Callback } from '../../src/core/callbacks/callback.js';
import { callInvitation } from '../../src/core/callbacks/invitation.js';
import { withMessageKey, withWork } from '../../src/core/delivery/work-scope.js';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { durable, later, MINUTE, worker } from '../delivery/durable-helpers.js';
import { parseIcs } from '../helpers/ics.js';
import { unstartedSlackAdapter } from './unstarted-adapter.js';

const team: Place = { platform: 'slack', channelId: 'CTEAM', threadId: null };
const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
/** A loaded machine can take seconds over a post. */
const SLOW = { timeout: 15_000 };

/** The confirmation of CASE-1001's call at `startsAt`, with its invitation made by the core. */
function confirmation(startsAt: string): NoticeView {
  const at = new Date(startsAt);
  const callback = {
    id: 'cb-1',
    caseId: 'case-1',
    requesterId: 'alice',
    ownerId: 'sam',
    status: 'confirmed',
    startsAt: at,
    endsAt: new Date(at.getTime() + 30 * 60_000),
    windows: null,
    contact: '+33612345678',
    timeZone: 'Europe/Paris',
    immediate: false,
    requestedAt: at,
    confirmedAt: at,
    remindAt: null,
    remindedAt: null,
    endedAt: null,
    updatedAt: at,
  } as Callback;
  const attachment = callInvitation(
    {
      callback,
      caseReference: 'CASE-1001',
      caseTitle: 'Login fails',
      ownerName: 'Sam',
      callMinutes: 30,
    },
    'en',
  );
  if (!attachment) throw new Error('no invitation made');
  return { ...notice(`Call confirmed on CASE-1001 at ${startsAt}`), attachment };
}

describe('a call invitation on Slack', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await FakeSlack.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  /** One process's Slack adapter (not started: only its transport is used). */
  const adapter = () =>
    unstartedSlackAdapter(fake, {
      api: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 1 },
    });

  /** Someone else's message in the channel (or thread), straight to the fake's Web API. */
  async function chatter(channel: string, text: string, thread?: string): Promise<void> {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, text, ...(thread ? { thread_ts: thread } : {}) }),
    });
    expect(response.ok).toBe(true);
  }

  /** The post a dead sender made under `key` before it could upload the file: the message only. */
  async function postedWithoutFile(view: NoticeView, place: Place, key: string): Promise<void> {
    fake.failInOrder('files.getUploadURLExternal', [{ status: 500 }]);
    fake.failInOrder('chat.update', [{ status: 500 }]);
    await withMessageKey(key, () => adapter().transport.post(place, view));
  }

  const uploaded = () => fake.sharedFiles('CTEAM').map((file) => file.filename);

  it('names each invitation by its call and time, so a rescheduled call’s file is not taken for the first', async () => {
    const { transport } = adapter();
    const parent = await transport.post(team, notice('CASE-1001 opened'));
    const thread = { ...team, threadId: parent.messageId };
    const first = confirmation('2026-03-03T13:00:00.000Z');
    await transport.post(thread, first);
    expect(uploaded()).toEqual(['case-1001-call-20260303-1300.ics']);

    // Rescheduled: the new confirmation landed, and its sender died before sharing the file.
    const since = new Date();
    const moved = confirmation('2026-03-04T09:30:00.000Z');
    await postedWithoutFile(moved, thread, 'slack:event:Ev9#1');
    expect(uploaded()).toHaveLength(1);

    // The journal's lookup finds the post, and the file it announced is shared now.
    const found = await adapter().transport.findSent!({
      call: 'post',
      args: [thread, moved],
      key: 'slack:event:Ev9#1',
      since,
    });
    expect(found?.messageId).toBe(String(fake.callsTo('chat.postMessage').at(-1)?.response.ts));
    expect(uploaded()).toEqual([
      'case-1001-call-20260303-1300.ics',
      'case-1001-call-20260304-0930.ics',
    ]);
    const files = fake.sharedFiles('CTEAM');
    expect(files[1]).toMatchObject({ threadTs: parent.messageId });
    expect(parseIcs(files[1]!.bytes).events[0]?.['DTSTART']).toBe('20260304T093000Z');
  });

  it('finds a file shared pages back in a busy channel, and does not share it twice', async () => {
    const since = new Date();
    const view = confirmation('2026-03-03T13:00:00.000Z');
    await withMessageKey('slack:event:Ev10#1', () => adapter().transport.post(team, view));
    expect(uploaded()).toHaveLength(1);
    // 450 messages after it: the post and its file are on the third page of history (200 a page).
    for (let i = 0; i < 450; i++) await chatter('CTEAM', `message ${i}`);

    // The sender died before the journal marked it sent: the next one looks.
    const found = await adapter().transport.findSent!({
      call: 'post',
      args: [team, view],
      key: 'slack:event:Ev10#1',
      since,
    });
    expect(found).not.toBeNull();
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(uploaded()).toHaveLength(1);
    // The file was looked for past the first page.
    const cursors = fake
      .callsTo('conversations.history')
      .filter((call) => call.args.include_all_metadata === undefined)
      .map((call) => call.args.cursor ?? null);
    expect(cursors.length).toBeGreaterThanOrEqual(3);
    expect(cursors[0]).toBeNull();
    expect(cursors.slice(1).every((cursor) => typeof cursor === 'string')).toBe(true);
  });

  it('shares the file again when more history came after it than is searched (a duplicate, not a loss)', async () => {
    const since = new Date();
    const view = confirmation('2026-03-03T13:00:00.000Z');
    await withMessageKey('slack:event:Ev11#1', () => adapter().transport.post(team, view));
    fake.respond('conversations.history', (args) => {
      // Endless pages without the file; the keyed post itself is found on the first.
      const post = fake.callsTo('chat.postMessage').at(-1)!;
      const messages =
        args.include_all_metadata !== undefined
          ? [{ type: 'message', ts: post.response.ts, metadata: post.args.metadata }]
          : [{ type: 'message', ts: '1.000001', text: 'chatter' }];
      return { ok: true, messages, response_metadata: { next_cursor: 'more' } };
    });
    await adapter().transport.findSent!({
      call: 'post',
      args: [team, view],
      key: 'slack:event:Ev11#1',
      since,
    });
    expect(uploaded()).toHaveLength(2);
  });

  it('an ephemeral answer redone after a crash finds the file its first run put in the DM', async () => {
    const view = confirmation('2026-03-03T13:00:00.000Z');
    const transport = adapter().transport;
    const answer = () => transport.whisper(team, 'USAM', view);
    await withWork('slack:command:T1', answer);
    await withWork('slack:command:T1', answer, { redo: true });
    const dm = fake.sharedFiles().filter((file) => file.channel !== 'CTEAM');
    expect(dm).toHaveLength(1);
    // Both ephemerals point to the file in the DM.
    const ephemerals = fake.callsTo('chat.postEphemeral').map((call) => JSON.stringify(call.args));
    expect(ephemerals).toHaveLength(2);
    expect(ephemerals[1]).toBe(ephemerals[0]);
  });

  describe('a post still waiting in the journal, updated', () => {
    let db: TestDb;
    beforeEach(async () => {
      db = await createTestDb('sqlite');
    });
    afterEach(async () => {
      await db.cleanup();
    });

    /** A process's durable port over its own Slack adapter, its clock `ms` on. */
    const chatOf = (ms = 0) => durable(db, adapter().transport, 'A', later(ms));
    /** One pass of the delivery worker of a process `ms` later. */
    const passLater = (ms: number) => worker(db, { slack: chatOf(ms) }, later(ms)).pass();

    /** The confirmation is kept (Slack failed it), then the core updates it to `next`. */
    async function keptThenUpdated(next: NoticeView) {
      const chat = chatOf();
      fake.fail('chat.postMessage', 500, 1);
      const kept = await chat.post(team, confirmation('2026-03-03T13:00:00.000Z'));
      expect(kept.messageId).toMatch(/^key:/);
      await chat.update(kept, next);
    }

    it('carries the new view’s invitation: its file is shared, and a failed upload puts back the new content', async () => {
      await keptThenUpdated(confirmation('2026-03-04T09:30:00.000Z'));
      fake.failInOrder('files.getUploadURLExternal', [{ error: 'not_allowed_token_type' }]);
      await passLater(10 * MINUTE);

      const [post] = fake.callsTo('chat.postMessage');
      expect(JSON.stringify(post!.args)).toContain('case-1001-call-20260304-0930.ics');
      expect(JSON.stringify(post!.args)).not.toContain('20260303');
      expect(JSON.stringify(post!.args)).not.toContain('casebot_invitation');
      // The upload failed: the message gets the invitation inline, the new one.
      const [inline] = fake.callsTo('chat.update');
      expect(inline!.args.ts).toBe(post!.response.ts);
      const text = JSON.stringify(inline!.args);
      expect(text).toContain('DTSTART:20260304T093000Z');
      expect(text).toContain('2026-03-04T09:30:00.000Z');
      expect(text).not.toContain('20260303');
      expect(fake.callsTo('chat.update')).toHaveLength(1);
    });

    it('with the new file shared when the upload works', async () => {
      await keptThenUpdated(confirmation('2026-03-04T09:30:00.000Z'));
      await passLater(10 * MINUTE);
      expect(uploaded()).toEqual(['case-1001-call-20260304-0930.ics']);
      expect(fake.callsTo('chat.update')).toHaveLength(0);
    });

    it('drops the invitation when the new view has none', async () => {
      await keptThenUpdated(notice('The call on CASE-1001 was cancelled'));
      fake.failInOrder('files.getUploadURLExternal', [{ error: 'not_allowed_token_type' }]);
      await passLater(10 * MINUTE);

      const posts = fake.callsTo('chat.postMessage');
      expect(posts).toHaveLength(1);
      expect(JSON.stringify(posts[0]!.args)).toContain('was cancelled');
      expect(JSON.stringify(posts[0]!.args)).not.toContain('.ics');
      expect(fake.calls.filter((call) => call.method.startsWith('files.'))).toHaveLength(0);
      expect(fake.callsTo('chat.update')).toHaveLength(0);
    });

    it('updates the delivered message when the update came while the post was being sent', async () => {
      const chat = chatOf();
      fake.fail('chat.postMessage', 500, 1);
      const kept = await chat.post(team, notice('CASE-1001 opened'));
      let updating: Promise<void> | null = null;
      const stop = fake.onCall((call) => {
        // Slack has the post, its answer is not back yet: the core updates it now.
        if (call.method === 'chat.postMessage' && call.status === 200 && !updating)
          updating = chat.update(kept, notice('CASE-1001 claimed by Sam'));
      });
      await passLater(10 * MINUTE);
      stop();
      expect(updating).not.toBeNull();
      await updating;
      // The update waited behind the post being sent; the next pass sends it to the message.
      await passLater(20 * MINUTE);

      const [post] = fake.callsTo('chat.postMessage');
      await expect.poll(() => fake.callsTo('chat.update').length, SLOW).toBe(1);
      const [update] = fake.callsTo('chat.update');
      expect(update!.args).toMatchObject({ channel: 'CTEAM', ts: post!.response.ts });
      expect(JSON.stringify(update!.args)).toContain('claimed by Sam');
      expect((await db.store.journal.figures(later(60 * MINUTE)())).pending).toBe(0);
    });
  });
});
