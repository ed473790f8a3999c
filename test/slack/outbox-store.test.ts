// Kept Slack posts on the real store (Prisma, SQLite file): the message journal is the outbox. A
// post that still fails after its call's retries is written down and sent by the next process; a
// post Slack refuses for good on a retry stays in the journal for an operator and is not retried.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('kept Slack posts on the real store', () => {
  let db: TestDb;
  const harnesses: SlackHarness[] = [];
  beforeEach(async () => {
    db = await createTestDb('sqlite');
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await db.cleanup();
  });

  const passLater = (h: SlackHarness, ms: number) =>
    worker(db, { slack: durable(db, h.adapter.transport, 'B', later(ms)) }, later(ms)).pass();

  it('resumes kept posts after a restart and keeps refused ones out of the retries', async () => {
    const first = await startHttpHarness({ desk: desk(), api: { maxAttempts: 1 } });
    harnesses.push(first);
    const chat = durable(db, first.adapter.transport, 'A');
    first.fake.fail('chat.postMessage', 500, 1);
    await chat.post(place, note('refused later'));
    // Slack refuses it for good (400) when the worker tries it again.
    first.fake.fail('chat.postMessage', 400, 1);
    await passLater(first, 10 * MINUTE);
    first.fake.fail('chat.postMessage', 500, 1);
    await chat.post(place, note('survives a restart'));
    expect(await db.store.journal.figures(new Date())).toMatchObject({ pending: 1, refused: 1 });
    await first.close();

    // A new process on the same database: only the post still worth sending is sent.
    const second = await startHttpHarness({ desk: desk() });
    harnesses.push(second);
    expect((await passLater(second, 20 * MINUTE)).messages).toBe(1);
    const delivered = await second.fake.waitFor('chat.postMessage');
    expect(visibleText(delivered)).toContain('survives a restart');
    expect(second.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // The refused post is still there for an operator to look at, and is not tried again.
    expect((await passLater(second, 60 * MINUTE)).messages).toBe(0);
    expect(await db.store.journal.figures(new Date())).toMatchObject({ pending: 0, refused: 1 });
  });
});
