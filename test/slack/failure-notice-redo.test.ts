// A Slack message whose handling failed for now is answered with a private error notice and left
// undone for a redo. That notice is written to the message journal apart from the work's own
// messages: the redo's real answer, a private notice to the same person in the same thread, must
// not meet the error notice's journal row (already sent) and be skipped. Real Bolt over HTTP
// against the fake Slack, the store on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NoticeView } from '../../src/core/views.js';
import { sendEvent } from '../fakes/slack/signed-requests.js';
import { durable, LEASE_MS, worker as workerOf } from '../delivery/durable-helpers.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { newDesk, question } from './bolt-setup.js';
import { startHttpHarness, type SlackHarness } from './harness.js';

const afterLeases = () => new Date(Date.now() + 10 * LEASE_MS);

let db: TestDb;
let running: SlackHarness[] = [];
beforeEach(async () => {
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  for (const harness of running) await harness.close().catch(() => undefined);
  running = [];
  await db.cleanup();
});

const closed: NoticeView = { kind: 'notice', tone: 'warning', text: 'This case is closed' };

describe('a Slack message whose first run failed for now', () => {
  it('gets its answer from the redo, after the error notice', async () => {
    const desk = newDesk();
    let runs = 0;
    desk.message = async () => {
      runs += 1;
      if (runs === 1) throw Object.assign(new Error('database busy'), { status: 503 });
      return closed;
    };
    const harness = await startHttpHarness({
      desk,
      supportChannelIds: ['CSUPPORT'],
      bindChat: (a) => (desk.chat = a.chat),
      deliveries: { ledger: db.store.deliveries, leaseMs: 2 * LEASE_MS },
      wrapChat: (inner) => durable(db, inner, 'A'),
    });
    running.push(harness);
    const whispers = () =>
      harness.fake.callsTo('chat.postEphemeral').map((c) => JSON.stringify(c.args));

    // A message in a thread: the core may relay it, and answers privately when it refuses.
    await sendEvent(harness.target, question('30.2', { thread_ts: '30.1' }), {
      eventId: 'EvFAILED',
    });
    expect(runs).toBe(1);
    expect(whispers()).toHaveLength(1);

    const worker = workerOf(db, {}, afterLeases);
    worker.registerWork('slack:', (payload) => harness.adapter.replay(payload));
    expect(await worker.pass()).toEqual({ works: 1, messages: 0 });
    expect(runs).toBe(2);
    expect(whispers()).toHaveLength(2);
    expect(whispers()[1]).toContain('This case is closed');
  });
});
