// A post one replica kept (Slack kept failing) is known to the core by a provisional id; another
// replica that posts under it (an SLA warning in the alert's thread) must neither lose its message
// nor guess: it waits (a transient failure the message journal retries) until the keeping replica
// delivered the post, then lands in the right thread. Real Bolt against two fake Slacks, one store.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { newDesk } from './bolt-setup.js';
import { startHttpHarness, type SlackHarness } from './harness.js';

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
  const h = await startHttpHarness({
    desk: newDesk(),
    api: { baseDelayMs: 1, maxAttempts: 2 },
    outbox: { repository: db.store.outbox, retryDelayMs: 60_000 },
  });
  running.push(h);
  return h;
}

it('a reply under another replica’s kept post waits for it, then lands in its thread', async () => {
  const a = await replica();
  const b = await replica();
  a.fake.fail('chat.postMessage', 500, 10);
  const kept = await a.adapter.transport.post(team, note('alert'));
  expect(kept.messageId).toMatch(/^outbox:/);
  const underIt: Place = { ...team, threadId: kept.messageId };
  await expect(b.adapter.transport.post(underIt, note('warning'))).rejects.toThrow(
    /not delivered yet/,
  );
  expect(b.fake.callsTo('chat.postMessage')).toHaveLength(0);

  a.fake.fail('chat.postMessage', 500, 0);
  await a.adapter.outbox.flush(true);
  const landed = a.fake.callsTo('chat.postMessage')[0]!;
  await b.adapter.transport.post(underIt, note('warning'));
  const reply = b.fake.callsTo('chat.postMessage')[0]!;
  expect(reply.args.thread_ts).toBe(landed.response.ts);
  expect(reply.args.channel).toBe('CTEAM');
});
