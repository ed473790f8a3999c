// A Slack request acked and then lost with its process: Slack never redelivers an acked event or
// interaction, so the request is written down with its body before it is handled. Real Bolt over
// HTTP against the fake Slack, the store on a real SQLite file: process A takes a question and
// dies while replying; process B's delivery worker redoes the question once its lease ran out,
// and the customer gets one answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { PostedMessage } from '../../src/core/views.js';
import { CALLBACK_IDS } from '../../src/adapters/slack/ids.js';
import { globalShortcut, sendEvent, sendInteraction } from '../fakes/slack/signed-requests.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { CUSTOMER, newDesk, question } from './bolt-setup.js';
import type { StoryDesk } from './story-desk.js';
import { startHttpHarness, type SlackHarness } from './harness.js';

const LEASE_MS = 60_000;
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

function durable(inner: ChatPort, owner: string, now?: () => Date): DurableChatPort {
  return new DurableChatPort({
    inner,
    journal: () => db.store.journal,
    owner,
    logger: silentLogger,
    leaseMs: LEASE_MS,
    ...(now ? { now } : {}),
  });
}

/** A process whose posts never come back: killed while sending its reply. */
const dying = (chat: ChatPort): ChatPort => ({
  ...chat,
  platform: chat.platform,
  post: () => new Promise<PostedMessage>(() => undefined),
});

async function bot(
  owner: string,
  wrap: (chat: ChatPort) => ChatPort,
  now?: () => Date,
  tweak: (desk: StoryDesk) => void = () => undefined,
) {
  const desk = newDesk();
  tweak(desk);
  let chat: DurableChatPort | null = null;
  const harness = await startHttpHarness({
    desk,
    supportChannelIds: ['CSUPPORT'],
    // Acked at once, as in production: the work goes on after the HTTP answer.
    processBeforeResponse: false,
    bindChat: (a) => (desk.chat = a.chat),
    deliveries: { ledger: db.store.deliveries, leaseMs: 2 * LEASE_MS },
    wrapChat: (inner) => (chat = durable(wrap(inner), owner, now)),
  });
  running.push(harness);
  return { harness, desk, chat: () => chat! };
}

/** Process B's delivery worker, after every lease ran out. */
function workerOf(b: Awaited<ReturnType<typeof bot>>): DeliveryWorker {
  const worker = new DeliveryWorker({
    journal: () => db.store.journal,
    ledger: () => db.store.deliveries,
    ports: () => ({ slack: b.chat() }),
    owner: 'B',
    logger: silentLogger,
    messageLeaseMs: LEASE_MS,
    workLeaseMs: 2 * LEASE_MS,
    now: afterLeases,
  });
  worker.registerWork('slack:', (payload) => b.harness.adapter.replay(payload));
  return worker;
}

const replies = (h: SlackHarness) =>
  h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '20.1');

describe('a Slack question whose process died after the ack', () => {
  it('is answered once, by another process, after the lease', async () => {
    const a = await bot('A', dying);
    const ack = await sendEvent(a.harness.target, question('20.1'), { eventId: 'EvLOST' });
    expect(ack.status).toBe(200);
    await expect
      .poll(async () => (await db.store.journal.figures(new Date())).pending, { timeout: 15_000 })
      .toBe(1);
    expect(replies(a.harness)).toHaveLength(0);

    const b = await bot('B', (chat) => chat, afterLeases);
    const worker = workerOf(b);
    expect(await worker.pass()).toEqual({ works: 1, messages: 0 });
    expect(replies(b.harness)).toHaveLength(1);
    expect(replies(b.harness)[0]?.args.channel).toBe('CSUPPORT');
    // Done: neither the worker nor a late redelivery from Slack answers it again.
    expect(await worker.pass()).toEqual({ works: 0, messages: 0 });
    await sendEvent(b.harness.target, question('20.1'), { eventId: 'EvLOST', retryNum: 1 });
    expect(replies(b.harness)).toHaveLength(1);
    expect((await db.store.journal.figures(new Date())).pending).toBe(0);
  });
});

describe('a Slack button or shortcut that opens a form, whose process died before it was done', () => {
  it('is redone without trying the expired trigger again, and without an error notice', async () => {
    // Process A dies while asking the core for the form.
    let asked = 0;
    const a = await bot(
      'A',
      (chat) => chat,
      undefined,
      (desk) => {
        desk.caseForm = () => {
          asked += 1;
          return new Promise(() => undefined);
        };
      },
    );
    const ack = await sendInteraction(
      a.harness.target,
      globalShortcut({ user: CUSTOMER, callbackId: CALLBACK_IDS.openCaseShortcut }),
    );
    expect(ack.status).toBe(200);
    await expect.poll(() => asked).toBe(1);

    const b = await bot('B', (chat) => chat, afterLeases);
    expect(await workerOf(b).pass()).toEqual({ works: 1, messages: 0 });
    // A trigger lives 3 s: a redo minutes later cannot open the form; the person presses again.
    expect(b.harness.fake.callsTo('views.open')).toHaveLength(0);
    expect(b.harness.fake.callsTo('chat.postEphemeral')).toHaveLength(0);
    expect(b.harness.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
