// What the journal does between sending a kept post and marking it sent: a reply naming the post
// meanwhile waits and then goes to its real thread, and a store error after the send neither loses
// the reply waiting behind it, nor fails the worker's pass, nor sends the post twice (real store
// on SQLite, fake Slack).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import type { NoticeView } from '../../src/core/views.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { durable, later, MINUTE, worker } from '../delivery/durable-helpers.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { StoryDesk } from './story-desk.js';

const note = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const place = { platform: 'slack' as const, channelId: 'CTEAM' };
const desk = () =>
  new StoryDesk({ customers: {}, engineers: {}, moderators: [], teamChannel: 'CTEAM' });

describe('a kept Slack post after its send', () => {
  let db: TestDb;
  let h: SlackHarness;
  beforeEach(async () => {
    db = await createTestDb('sqlite');
    h = await startHttpHarness({ desk: desk(), api: { maxAttempts: 1 } });
  });
  afterEach(async () => {
    await h.close();
    await db.cleanup();
  });

  const pass = (ms: number, journal: MessageJournal = db.store.journal) =>
    worker(
      db,
      { slack: durable(db, h.adapter.transport, 'B', later(ms), journal) },
      later(ms),
      journal,
    ).pass();
  const callWith = (text: string) =>
    h.fake.callsTo('chat.postMessage').find((c) => visibleText(c).includes(text));

  it('lets a reply posted while the parent is being marked sent go to its real thread', async () => {
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const marking = new Promise<void>((resolve) => (entered = resolve));
    const real = db.store.journal;
    const holding: MessageJournal = {
      ...real,
      sent: async (...args) => {
        // The send is answered and being recorded: the moment the test needs, by event not by time.
        entered();
        await new Promise<void>((resolve) => (release = resolve));
        return real.sent(...args);
      },
    };
    h.fake.fail('chat.postMessage', 500, 1);
    const chat = durable(db, h.adapter.transport, 'A');
    const parent = await chat.post(place, note('the alert'));
    const passing = pass(10 * MINUTE, holding);
    await marking;
    // The alert is out; its row is still being marked. A reply in its thread now waits.
    const waiting = await chat.post({ ...place, threadId: parent.messageId }, note('a reply'));
    expect(waiting.messageId).toMatch(/^key:/);
    expect(callWith('a reply')).toBeUndefined();
    release();
    await passing;
    await pass(20 * MINUTE);
    expect(callWith('a reply')?.args.thread_ts).toBe(callWith('the alert')?.response.ts);
  });

  it('keeps the reply waiting behind a parent whose mark failed, and sends neither twice', async () => {
    let failNextMark = true;
    const real = db.store.journal;
    const flaky: MessageJournal = {
      ...real,
      sent: async (...args) => {
        if (!failNextMark) return real.sent(...args);
        failNextMark = false;
        throw new Error('database is locked');
      },
    };
    h.fake.fail('chat.postMessage', 500, 1);
    const chat = durable(db, h.adapter.transport, 'A');
    const parent = await chat.post(place, note('the alert'));
    // Kept behind its parent, without trying Slack.
    await chat.post({ ...place, threadId: parent.messageId }, note('a reply'));
    expect((await db.store.journal.figures(new Date())).pending).toBe(2);
    await expect(pass(10 * MINUTE, flaky)).resolves.toMatchObject({ messages: 2 });
    expect(callWith('a reply')).toBeUndefined();
    // Once the lease of the unmarked send ran out: the alert is found in Slack, the reply follows.
    await pass(30 * MINUTE);
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts.filter((c) => visibleText(c).includes('the alert'))).toHaveLength(1);
    expect(callWith('a reply')?.args.thread_ts).toBe(callWith('the alert')?.response.ts);
    expect((await db.store.journal.figures(later(60 * MINUTE)())).pending).toBe(0);
  });
});
