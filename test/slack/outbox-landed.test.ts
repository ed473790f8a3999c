// A kept post (Slack kept failing, so the message journal holds it) whose sender died after Slack
// took it and before the journal marked it sent: the process that takes the row over finds the
// post in Slack (its journal key travels as message metadata) and records it instead of posting
// it twice. Real adapter (Bolt's WebClient) against the fake Slack, real store on SQLite. (A post
// that never left, and a lookup Slack cannot answer, are in test/delivery/sent-lookup.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withWork } from '../../src/core/delivery/work-scope.js';
import { keyOfRef } from '../../src/core/delivery/message-ref.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { Place } from '../../src/core/model.js';
import type { NoticeView, PostedMessage } from '../../src/core/views.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { durable, later, MINUTE, worker } from '../delivery/durable-helpers.js';
import { unstartedSlackAdapter } from './unstarted-adapter.js';

const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const team: Place = { platform: 'slack', channelId: 'CTEAM', threadId: null };
/** A loaded machine can take seconds over a post. */
const SLOW = { timeout: 15_000 };

/** The journal of a process that dies once Slack has answered a send: nothing after is written. */
function diesAfterSend(real: MessageJournal): MessageJournal {
  return { ...real, sent: () => new Promise<void>(() => undefined) };
}

describe('a kept Slack post whose sender died after Slack took it', () => {
  let db: TestDb;
  let fake: FakeSlack;
  let transport: ChatPort;
  beforeEach(async () => {
    db = await createTestDb('sqlite');
    fake = await FakeSlack.start();
    // Never started: only the transport, wrapped as the app wraps it, is used.
    transport = unstartedSlackAdapter(fake, {
      api: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 1 },
    }).transport;
  });
  afterEach(async () => {
    await fake.close();
    await db.cleanup();
  });

  const posts = () => fake.callsTo('chat.postMessage');

  /** The worker of a process `ms` later, on `journal`. */
  const passLater = (ms: number, journal = db.store.journal) =>
    worker(db, { slack: durable(db, transport, 'B', later(ms), journal) }, later(ms), journal);

  /**
   * Process A keeps `send`'s post (its first try fails), sends it from the journal and dies before
   * marking it sent.
   */
  async function keptThenKilled(
    send: (chat: ChatPort) => Promise<PostedMessage>,
    failing = 'chat.postMessage',
  ) {
    const dying = diesAfterSend(db.store.journal);
    fake.fail(failing, 500, 1);
    const kept = await send(durable(db, transport, 'A', undefined, dying));
    expect(kept.messageId).toMatch(/^key:/);
    void passLater(10 * MINUTE, dying).pass();
    await expect.poll(() => posts().length, SLOW).toBe(1);
    return { kept, landed: posts()[0]! };
  }

  /** The next process, once the dead one's lease ran out: it takes the row over. */
  async function takenOver() {
    return passLater(20 * MINUTE).pass();
  }

  it('is found by the process that takes it over, recorded as sent, and not posted again', async () => {
    const { kept, landed } = await keptThenKilled((chat) =>
      withWork('slack:event:Ev1', () => chat.post(team, notice('CASE-1001 opened'))),
    );
    // The post carries the journal key it was sent under: the one its reference names.
    const key = keyOfRef(kept.messageId);
    expect(landed.args.metadata).toMatchObject({ event_payload: { key } });
    const looked = fake.callsTo('conversations.history').length;
    expect((await takenOver()).messages).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(looked + 1);
    // The row names the message that landed: calls naming the reference now go to it.
    const outcome = await db.store.journal.outcome(key);
    expect(outcome?.state === 'sent' && outcome.result).toContain(String(landed.response.ts));
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
    const parent = await transport.post(team, notice('alert'));
    fake.calls.length = 0; // only the reply's calls are counted from here
    const thread = { ...team, threadId: parent.messageId };
    await keptThenKilled((chat) =>
      withWork('slack:event:Ev5', () => chat.post(thread, invitation)),
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

    await takenOver();
    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(fake.sharedFiles('CTEAM')).toHaveLength(1);
    expect((await db.store.journal.figures(later(30 * MINUTE)())).pending).toBe(0);
  });

  it('is found when it was a direct message', async () => {
    await keptThenKilled((chat) =>
      withWork('sla:warn', () =>
        chat.sendDirect('UENGA', notice('50 % of the response time used')),
      ),
    );
    await takenOver();
    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('conversations.history').at(-1)?.args.channel).toBe('DENGA');
    expect((await db.store.journal.figures(later(30 * MINUTE)())).pending).toBe(0);
  });

  it('is named by a key of its own outside any work, and found by it', async () => {
    const { kept, landed } = await keptThenKilled((chat) => chat.post(team, notice('hello')));
    expect(kept.messageId).toMatch(/^key:once:/);
    expect(landed.args.metadata).toMatchObject({
      event_payload: { key: keyOfRef(kept.messageId) },
    });
    await takenOver();
    expect(posts()).toHaveLength(1);
  });
});
