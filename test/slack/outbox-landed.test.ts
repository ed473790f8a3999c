// A kept post (Slack kept failing, so the adapter's outbox holds it) whose sender died after Slack
// took it and before the outbox wrote down that it was delivered: the process that takes the row
// over finds the post in Slack (its key travels as message metadata) and records it instead of
// posting it twice. Real adapter (Bolt's WebClient) against the fake Slack, real store on SQLite.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveredPost } from '../../src/adapters/delivered-post.js';
import type { OutboxRepository } from '../../src/core/ports/storage.js';
import { withMessageKey } from '../../src/core/delivery/work-scope.js';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { unstartedSlackAdapter } from './unstarted-adapter.js';

const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const team: Place = { platform: 'slack', channelId: 'CTEAM', threadId: null };
/** A loaded machine can take seconds over a post. */
const SLOW = { timeout: 15_000 };

/** The store of a process that dies once Slack has answered a kept post: nothing after is written. */
function diesAfterSend(real: OutboxRepository): OutboxRepository {
  return { ...real, recordLanded: () => new Promise<void>(() => undefined) };
}

describe('a kept Slack post whose sender died after Slack took it', () => {
  let db: TestDb;
  let fake: FakeSlack;
  beforeEach(async () => {
    db = await createTestDb('sqlite');
    fake = await FakeSlack.start();
  });
  afterEach(async () => {
    await fake.close();
    await db.cleanup();
  });

  /** One process's Slack adapter (not started: its outbox is flushed by hand). */
  function process(repository: OutboxRepository) {
    // Never started: only the transport is used.
    const adapter = unstartedSlackAdapter(fake, {
      api: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 1 },
      outbox: { repository, retryDelayMs: 20, maxDelayMs: 100 },
    });
    const delivered: DeliveredPost[] = [];
    adapter.outbox.onDelivered((post) => {
      delivered.push(post);
      return true;
    });
    return { outbox: adapter.outbox, chat: adapter.transport, delivered };
  }

  const posts = () => fake.callsTo('chat.postMessage');

  /** Process A keeps `send`'s post (its first try fails), sends it from its outbox, and dies. */
  async function keptThenKilled(
    send: (chat: ReturnType<typeof process>['chat']) => Promise<unknown>,
  ) {
    const dead = process(diesAfterSend(db.store.outbox));
    fake.fail('chat.postMessage', 500, 1);
    const kept = (await send(dead.chat)) as { messageId: string };
    expect(kept.messageId).toMatch(/^outbox:/);
    void dead.outbox.flush(true);
    await expect.poll(() => posts().length, SLOW).toBe(1);
    return { kept, landed: posts()[0]! };
  }

  it('is found by the process that takes it over, recorded as delivered, and not posted again', async () => {
    const { kept, landed } = await keptThenKilled((chat) =>
      withMessageKey('slack:event:Ev1#1', () => chat.post(team, notice('CASE-1001 opened'))),
    );
    // The post carries the journal key it was sent under.
    expect(landed.args.metadata).toMatchObject({ event_payload: { key: 'slack:event:Ev1#1' } });

    const next = process(db.store.outbox);
    await next.outbox.load();
    expect(next.outbox.pending()).toHaveLength(1);
    const looked = fake.callsTo('conversations.history').length;
    await next.outbox.flush(true);

    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(looked + 1);
    expect(next.outbox.pending()).toHaveLength(0);
    expect(next.outbox.foundLanded).toBe(1);
    expect(await db.store.outbox.count('slack')).toBe(0);
    // Whoever stored the provisional id follows it to the message that landed, on any replica.
    const ts = String(landed.response.ts);
    expect(await db.store.outbox.landedAs(kept.messageId)).toEqual({
      channelId: 'CTEAM',
      messageId: ts,
    });
    expect(next.delivered).toMatchObject([{ provisionalId: kept.messageId, messageId: ts }]);
  });

  it('with a call invitation: its file is shared once, not again by the process that takes over', async () => {
    const invitation: NoticeView = {
      ...notice('Call confirmed on CASE-1001'),
      attachment: {
        filename: 'case-1001-call-20260303-1300.ics',
        contentType: 'text/calendar',
        content:
          'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260303T130000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      },
    };
    const parent = await process(db.store.outbox).chat.post(team, notice('alert'));
    const thread = { ...team, threadId: parent.messageId };
    await keptThenKilled((chat) =>
      withMessageKey('slack:event:Ev5#1', () => chat.post(thread, invitation)),
    );
    // The dead process shared the file in the thread before it died.
    await expect.poll(() => fake.sharedFiles('CTEAM').length, SLOW).toBe(1);
    expect(fake.sharedFiles('CTEAM')[0]).toMatchObject({
      filename: 'case-1001-call-20260303-1300.ics',
      threadTs: parent.messageId,
    });
    // The kept post said the file follows; the snippet is not in it.
    expect(JSON.stringify(posts().at(-1)?.args)).not.toContain('BEGIN:VCALENDAR');
    expect(JSON.stringify(posts().at(-1)?.args)).not.toContain('casebot_invitation');

    const next = process(db.store.outbox);
    await next.outbox.load();
    await next.outbox.flush(true);
    expect(next.outbox.foundLanded).toBe(1);
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(fake.sharedFiles('CTEAM')).toHaveLength(1);
    expect(await db.store.outbox.count('slack')).toBe(0);
  });

  it('is found in its thread when it was a reply', async () => {
    const parent = await process(db.store.outbox).chat.post(team, notice('alert'));
    const thread = { ...team, threadId: parent.messageId };
    fake.calls.length = 0; // only the reply's calls are counted from here
    await keptThenKilled((chat) =>
      withMessageKey('slack:event:Ev2#1', () => chat.post(thread, notice('Case opened'))),
    );

    const next = process(db.store.outbox);
    await next.outbox.load();
    const looked = fake.callsTo('conversations.replies').length;
    await next.outbox.flush(true);
    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('conversations.replies')).toHaveLength(looked + 1);
    expect(fake.callsTo('conversations.replies').at(-1)?.args.ts).toBe(parent.messageId);
    expect(await db.store.outbox.count('slack')).toBe(0);
  });

  it('is found when it was a direct message', async () => {
    const dead = process(diesAfterSend(db.store.outbox));
    fake.fail('conversations.open', 500, 1);
    const kept = await withMessageKey('sla:warn#1', () =>
      dead.chat.sendDirect('UENGA', notice('50 % of the response time used')),
    );
    expect(kept.messageId).toMatch(/^outbox:/);
    void dead.outbox.flush(true);
    await expect.poll(() => posts().length, SLOW).toBe(1);

    const next = process(db.store.outbox);
    await next.outbox.load();
    await next.outbox.flush(true);
    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('conversations.history').at(-1)?.args.channel).toBe('DENGA');
    expect(next.outbox.foundLanded).toBe(1);
    expect(await db.store.outbox.count('slack')).toBe(0);
  });

  it('is named by its entry id when no journal key was in force, and found by it', async () => {
    const { kept, landed } = await keptThenKilled((chat) => chat.post(team, notice('hello')));
    const entryId = kept.messageId.slice('outbox:'.length);
    expect(landed.args.metadata).toMatchObject({ event_payload: { key: `kept:${entryId}` } });

    const next = process(db.store.outbox);
    await next.outbox.load();
    await next.outbox.flush(true);
    expect(posts()).toHaveLength(1);
    expect(next.outbox.foundLanded).toBe(1);
  });

  it('is posted once when its sender died before the request left', async () => {
    const dead = process(db.store.outbox);
    fake.fail('chat.postMessage', 500, 1);
    await withMessageKey('slack:event:Ev3#1', () => dead.chat.post(team, notice('Case opened')));
    // Dead before its outbox ever tried: the row is all that is left.

    const next = process(db.store.outbox);
    await next.outbox.load();
    await next.outbox.flush(true);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect(next.outbox.foundLanded).toBe(0);
    expect(await db.store.outbox.count('slack')).toBe(0);
  });

  it('waits rather than doubling it while Slack cannot answer the lookup', async () => {
    await keptThenKilled((chat) =>
      withMessageKey('slack:event:Ev4#1', () => chat.post(team, notice('CASE-1002 opened'))),
    );
    const next = process(db.store.outbox);
    await next.outbox.load();
    fake.fail('conversations.history', 503, 1);
    await next.outbox.flush(true);
    expect(posts()).toHaveLength(1);
    expect(next.outbox.pending()).toHaveLength(1);
    expect(next.outbox.pending()[0]!.attempts).toBe(1);

    await next.outbox.flush(true);
    expect(posts()).toHaveLength(1);
    expect(next.outbox.pending()).toHaveLength(0);
    expect(await db.store.outbox.count('slack')).toBe(0);
  });

  it('is posted again when Slack says for good it cannot look (a duplicate rather than a loss)', async () => {
    await keptThenKilled((chat) =>
      withMessageKey('slack:event:Ev5#1', () => chat.post(team, notice('CASE-1003 opened'))),
    );
    const next = process(db.store.outbox);
    await next.outbox.load();
    fake.failInOrder('conversations.history', [{ error: 'missing_scope' }]);
    await next.outbox.flush(true);
    expect(posts()).toHaveLength(2);
    expect(next.outbox.pending()).toHaveLength(0);
  });
});
