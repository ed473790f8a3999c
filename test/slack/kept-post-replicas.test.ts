// A post one replica kept (Slack kept failing) is known to the core by its journal key; another
// replica that posts under it (an SLA warning in the alert's thread) must neither lose its message
// nor guess: its reply waits in the journal behind the post, and goes to the post's real thread
// once the post is sent. Real Bolt against two fake Slacks, one store.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { durable, later, MINUTE, worker } from '../delivery/durable-helpers.js';
import { newDesk } from './bolt-setup.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';

const note = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const team: Place = { platform: 'slack', channelId: 'CTEAM', threadId: null };

let db: TestDb;
const running: SlackHarness[] = [];
beforeEach(async () => {
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  for (const h of running.splice(0)) await h.close();
  await db.cleanup();
});

async function replica(): Promise<SlackHarness> {
  const h = await startHttpHarness({ desk: newDesk(), api: { baseDelayMs: 1, maxAttempts: 2 } });
  running.push(h);
  return h;
}

it('a reply under another replica’s kept post waits for it, then lands in its thread', async () => {
  const a = await replica();
  const b = await replica();
  a.fake.fail('chat.postMessage', 500, 10);
  const kept = await durable(db, a.adapter.transport, 'A').post(team, note('alert'));
  expect(kept.messageId).toMatch(/^key:/);
  const underIt: Place = { ...team, threadId: kept.messageId };
  const chatB = durable(db, b.adapter.transport, 'B');
  const waiting = await chatB.post(underIt, note('warning'));
  expect(waiting.messageId).toMatch(/^key:/);
  expect(b.fake.callsTo('chat.postMessage')).toHaveLength(0);

  // Replica A's worker sends the alert, then the reply waiting behind it, in its thread.
  a.fake.fail('chat.postMessage', 500, 0);
  const passA = durable(db, a.adapter.transport, 'A', later(10 * MINUTE));
  await worker(db, { slack: passA }, later(10 * MINUTE)).pass();
  const [landed, reply] = a.fake.callsTo('chat.postMessage');
  expect(visibleText(landed!)).toContain('alert');
  expect(visibleText(reply!)).toContain('warning');
  expect(reply!.args.thread_ts).toBe(landed!.response.ts);

  // Replica B names the post by its key again: straight to the real thread.
  await chatB.post(underIt, note('second warning'));
  const [second] = b.fake.callsTo('chat.postMessage');
  expect(second!.args).toMatchObject({ channel: 'CTEAM', thread_ts: landed!.response.ts });
});
