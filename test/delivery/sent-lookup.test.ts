// A send whose process died after Slack took the message but before the journal marked it sent:
// the next sender finds it in Slack (the message carries its journal key as message metadata)
// and records it instead of posting it twice. Real adapter (Bolt's WebClient) against the fake
// Slack, real journal on SQLite.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { NoticeView } from '../../src/core/views.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { unstartedSlackAdapter } from '../slack/unstarted-adapter.js';
import { visibleText } from '../slack/slack-calls.js';

const LEASE_MS = 60_000;
/** A loaded machine can take seconds over a post. */
const SLOW = { timeout: 15_000 };
const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const channel = { platform: 'slack' as const, channelId: 'CTEAM', threadId: null };
/** Physical time after every lease ran out: a later process. */
const later = () => new Date(Date.now() + 2 * LEASE_MS);

/** A journal whose process dies right after the platform answered: `sent` never returns. */
function dyingAfterSend(journal: MessageJournal): MessageJournal {
  return { ...journal, sent: () => new Promise<void>(() => undefined) };
}

/** The port of a process that dies as it is about to send a post: the request never leaves. */
function postsNeverLeave(inner: ChatPort): ChatPort {
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'post') return () => new Promise(() => undefined);
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

describe('a send whose outcome died with its process', () => {
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

  /** A process's Slack port (the adapter's own under the durable one), leasing as `owner`. */
  function process(
    owner: string,
    journal: () => MessageJournal,
    now?: () => Date,
    hangPosts = false,
  ) {
    // Never started: only the transport, wrapped as the app wraps it, is used.
    const inner = unstartedSlackAdapter(fake, {
      api: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 1 },
    }).transport;
    return new DurableChatPort({
      inner: hangPosts ? postsNeverLeave(inner) : inner,
      journal,
      owner,
      logger: silentLogger,
      leaseMs: LEASE_MS,
      ...(now ? { now } : {}),
    });
  }

  const posts = () => fake.callsTo('chat.postMessage');

  /** What Slack shows of the message `ts` now: its last edit's text, else its post's. */
  const shown = (ts: unknown) => {
    const edits = fake.callsTo('chat.update').filter((call) => call.args.ts === ts);
    return visibleText(edits.at(-1) ?? posts().find((call) => call.response.ts === ts)!);
  };

  /** The delivery worker of process `owner`, running at `now`. */
  const workerOf = (owner: string, now: () => Date) =>
    new DeliveryWorker({
      journal: () => db.store.journal,
      ledger: () => db.store.deliveries,
      ports: () => ({ slack: process(owner, () => db.store.journal, now) }),
      owner,
      logger: silentLogger,
      messageLeaseMs: LEASE_MS,
      workLeaseMs: 2 * LEASE_MS,
      now,
    });

  it('is found in Slack by the worker of another process and not posted again', async () => {
    const dead = process('A', () => dyingAfterSend(db.store.journal));
    void dead.post(channel, notice('Severity 1 case CASE-1001 opened'));
    await expect.poll(() => posts().length, SLOW).toBe(1);
    const key = (posts()[0]!.args.metadata as { event_payload: { key: string } }).event_payload.key;

    const alive = process('B', () => db.store.journal, later);
    const worker = new DeliveryWorker({
      journal: () => db.store.journal,
      ledger: () => db.store.deliveries,
      ports: () => ({ slack: alive }),
      owner: 'B',
      logger: silentLogger,
      messageLeaseMs: LEASE_MS,
      workLeaseMs: 2 * LEASE_MS,
      now: later,
    });
    expect((await worker.pass()).messages).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect((await db.store.journal.figures(later())).pending).toBe(0);
    // The row now answers with the message that landed, for any later redo of the same work.
    const row = await db.store.journal.begin(
      { key, platform: 'slack', call: 'post', request: '[]' },
      'C',
      later(),
      LEASE_MS,
    );
    expect(row.kind).toBe('sent');
    expect(row.kind === 'sent' && row.result).toContain(String(posts()[0]!.response.ts));
  });

  it('is found in its thread when work is done again, and the redo answers with it', async () => {
    const parent = await process('P', () => db.store.journal).post(channel, notice('alert'));
    const thread = { ...channel, threadId: parent.messageId };
    const dead = process('A', () => dyingAfterSend(db.store.journal));
    void withWork('slack:event:Ev1', () => dead.post(thread, notice('Case opened')));
    await expect.poll(() => posts().length, SLOW).toBe(2);

    const alive = process('B', () => db.store.journal, later);
    const redone = await withWork('slack:event:Ev1', () =>
      alive.post(thread, notice('Case opened')),
    );
    expect(posts()).toHaveLength(2);
    expect(fake.callsTo('conversations.replies')).toHaveLength(1);
    expect(redone.messageId).toBe(String(posts()[1]!.response.ts));
  });

  it('is posted when it never reached Slack', async () => {
    // Process A wrote the row down and died before its request left.
    const dead = process('A', () => db.store.journal, undefined, true);
    void withWork('slack:event:Ev2', () => dead.post(channel, notice('Case opened')));
    await expect.poll(async () => (await db.store.journal.figures(new Date())).pending).toBe(1);

    const alive = process('B', () => db.store.journal, later);
    await withWork('slack:event:Ev2', () => alive.post(channel, notice('Case opened')));
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect((await db.store.journal.figures(later())).pending).toBe(0);
  });

  it('waits while Slack cannot answer the lookup, then is found and not posted again', async () => {
    const dead = process('A', () => dyingAfterSend(db.store.journal));
    void withWork('slack:event:Ev3', () => dead.post(channel, notice('Case opened')));
    await expect.poll(() => posts().length, SLOW).toBe(1);
    fake.fail('conversations.history', 500, 1);

    // The redo meets the dead sender's row; Slack's 500 says nothing about it: try later.
    const alive = process('B', () => db.store.journal, later);
    await expect(
      withWork('slack:event:Ev3', () => alive.post(channel, notice('Case opened'))),
    ).rejects.toThrow(/conversations.history/);
    expect(posts()).toHaveLength(1);
    expect((await db.store.journal.figures(later())).failing).toBe(1);

    // The worker's retry, once the row's retry time has come, finds it.
    const afterRetry = () => new Date(later().getTime() + 5 * 60_000);
    const worker = new DeliveryWorker({
      journal: () => db.store.journal,
      ledger: () => db.store.deliveries,
      ports: () => ({ slack: process('C', () => db.store.journal, afterRetry) }),
      owner: 'C',
      logger: silentLogger,
      messageLeaseMs: LEASE_MS,
      workLeaseMs: 2 * LEASE_MS,
      now: afterRetry,
    });
    expect((await worker.pass()).messages).toBe(1);
    expect(posts()).toHaveLength(1);
    expect((await db.store.journal.figures(afterRetry())).pending).toBe(0);
  });

  it('is posted again when Slack cannot say for good whether it landed (a duplicate rather than a loss)', async () => {
    const dead = process('A', () => dyingAfterSend(db.store.journal));
    void withWork('slack:event:Ev4', () => dead.post(channel, notice('Case opened')));
    await expect.poll(() => posts().length, SLOW).toBe(1);
    fake.failInOrder('conversations.history', [{ error: 'missing_scope' }]);

    const alive = process('B', () => db.store.journal, later);
    await withWork('slack:event:Ev4', () => alive.post(channel, notice('Case opened')));
    expect(posts()).toHaveLength(2);
  });

  it('shows the update made while it waited when Slack had taken it behind a 5xx', async () => {
    // Slack makes the post and answers 500: the row waits for its retry, named by its key.
    fake.failAfterApplying('chat.postMessage', 500, 1);
    const a = process('A', () => db.store.journal);
    const kept = await withWork('slack:event:Ev5', () =>
      a.post(channel, notice('CASE-1005 opened')),
    );
    expect(kept.messageId).toMatch(/^key:/);
    expect(posts()).toHaveLength(1);
    // An update while it waits becomes the row's content (no row of its own is sent).
    await withWork('slack:event:Ev6', () => a.update(kept, notice('CASE-1005 claimed by Kim')));

    // The retry finds the post as first sent: it must not stop there.
    expect((await workerOf('B', later).pass()).messages).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(shown(posts()[0]!.response.ts)).toContain('CASE-1005 claimed by Kim');
    expect((await db.store.journal.figures(later())).pending).toBe(0);
  });

  it('stays pending while the edit that shows the update fails, and shows it on the next try', async () => {
    fake.failAfterApplying('chat.postMessage', 503, 1);
    const a = process('A', () => db.store.journal);
    const kept = await withWork('slack:event:Ev7', () =>
      a.post(channel, notice('CASE-1007 opened')),
    );
    await withWork('slack:event:Ev8', () => a.update(kept, notice('CASE-1007 claimed by Kim')));
    fake.fail('chat.update', 500, 1);

    await workerOf('B', later).pass();
    expect((await db.store.journal.figures(later())).failing).toBe(1);
    const afterRetry = () => new Date(later().getTime() + 5 * 60_000);
    await workerOf('C', afterRetry).pass();
    expect(posts()).toHaveLength(1);
    expect(shown(posts()[0]!.response.ts)).toContain('CASE-1007 claimed by Kim');
    expect((await db.store.journal.figures(afterRetry())).pending).toBe(0);
  });
});
