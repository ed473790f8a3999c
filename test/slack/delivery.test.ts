// Delivery under Slack's failures: 429 storms, outages and refusals, through the adapter's
// ChatPort against the fake Slack (real WebClient, real HTTP); what still fails after the call's
// own retries is kept by the app's durable port in the message journal (real store on SQLite) and
// sent by the delivery worker.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NoticeView } from '../../src/core/views.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { HandlerContext } from '../../src/adapters/slack/handler-context.js';
import { tellUser } from '../../src/adapters/slack/handlers/open-form.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { durable, later, MINUTE, worker } from '../delivery/durable-helpers.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { StoryDesk } from './story-desk.js';

const note = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const place = { platform: 'slack' as const, channelId: 'CTEAM' };

let h: SlackHarness | null = null;
let db: TestDb;
beforeEach(async () => {
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  await h?.close();
  h = null;
  await db.cleanup();
});

/** The delivery worker of a process `ms` later (every retry due), over the harness's transport. */
const passLater = (harness: SlackHarness, ms: number) =>
  worker(db, { slack: durable(db, harness.adapter.transport, 'B', later(ms)) }, later(ms)).pass();

function desk() {
  return new StoryDesk({ customers: {}, engineers: {}, moderators: [], teamChannel: 'CTEAM' });
}

describe('Slack delivery', () => {
  it('loses no post in a 429 storm, honours Retry-After, and does not hold up other calls', async () => {
    // Enough attempts that no post gives up to the journal however slow the machine is: the storm
    // lasts until this test ends it, not for a number of seconds.
    h = await startHttpHarness({ desk: desk(), api: { maxAttempts: 1_000 } });
    const { fake, adapter } = h;
    const existing = await adapter.transport.post(place, note('alert v1'));
    fake.fail('chat.postMessage', 429, 1_000_000, 1);
    const started = Date.now();
    let settledPosts = 0;
    const posts = Array.from({ length: 6 }, (_, i) =>
      adapter.transport.post(place, note(`message ${i}`)).finally(() => settledPosts++),
    );
    // Every post has met the storm before the update is sent.
    await fake.waitUntil(() => fake.calls.filter((c) => c.status === 429).length >= 6);
    // While chat.postMessage is rate limited, an update (another method) goes straight through:
    // it completes while every post is still held by the storm.
    await adapter.transport.update(existing, note('alert v2'));
    expect(settledPosts).toBe(0);
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    // The storm ends; each post goes through on its next attempt after its Retry-After.
    fake.fail('chat.postMessage', 429, 0);
    const posted = await Promise.all(posts);
    const elapsed = Date.now() - started;

    const delivered = fake.callsTo('chat.postMessage').map(visibleText);
    for (let i = 0; i < 6; i++)
      expect(delivered.filter((t) => t.includes(`message ${i}`))).toHaveLength(1);
    expect(posted.every((p) => /^\d+\.\d+$/.test(p.messageId))).toBe(true);
    // Retry-After: 1 s was honoured (a lower bound: a slow machine only makes it longer).
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
  });

  it('keeps a post that still fails in the journal, applies later updates to it, and delivers it', async () => {
    // The worker's passes are driven here, each as a later process: what the test checks does not
    // depend on how fast the machine is.
    h = await startHttpHarness({ desk: desk(), api: { maxAttempts: 2 } });
    const { fake, adapter } = h;
    const chat = durable(db, adapter.transport, 'A');
    // Two tries in the call, two in the worker's first pass.
    fake.fail('chat.postMessage', 503, 4);
    const posted = await chat.post(place, note('countdown 60 min'));
    expect(posted.messageId).toMatch(/^key:/);
    // The post waits for its retry: the update becomes its content.
    await chat.update(posted, note('countdown 30 min'));
    expect((await db.store.journal.figures(new Date())).pending).toBe(1);
    // A retry that fails again keeps the post.
    await passLater(h, 10 * MINUTE);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    // The next retry delivers it, with the update applied.
    await passLater(h, 30 * MINUTE);
    const delivered = fake.callsTo('chat.postMessage');
    expect(delivered).toHaveLength(1);
    expect(visibleText(delivered[0]!)).toContain('countdown 30 min');
    expect(fake.callsTo('chat.update')).toHaveLength(0);
    expect((await db.store.journal.figures(new Date(Date.now() + 60 * MINUTE))).pending).toBe(0);
    // A later update naming the post by its key goes to the real message at once.
    await chat.update(posted, note('countdown 10 min'));
    const [update] = fake.callsTo('chat.update');
    expect(update!.args.ts).toBe(delivered[0]!.response.ts);
    expect(visibleText(update!)).toContain('countdown 10 min');
  });

  it('keeps direct messages too, and retries 5xx inside the call first', async () => {
    h = await startHttpHarness({ desk: desk(), api: { maxAttempts: 3 } });
    const { fake, adapter } = h;
    const chat = durable(db, adapter.transport, 'A');
    fake.fail('chat.postEphemeral', 500, 2);
    await chat.whisper(place, 'UENGA', note('only for you'));
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    fake.fail('conversations.open', 502, 10);
    const direct = await chat.sendDirect('UENGA', note('you were assigned'));
    expect(direct.messageId).toMatch(/^key:/);
    fake.fail('conversations.open', 502, 0);
    await passLater(h, 10 * MINUTE);
    const dm = await fake.waitFor('chat.postMessage');
    expect(dm.args.channel).toBe('DENGA');
  });

  it('surfaces a permanent refusal to the caller instead of keeping it for a retry', async () => {
    h = await startHttpHarness({ desk: desk() });
    const { fake, adapter } = h;
    fake.respond('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
    await expect(adapter.transport.post(place, note('hello'))).rejects.toThrow(/channel_not_found/);
    const chat = durable(db, adapter.transport, 'A');
    await expect(chat.post(place, note('hello'))).rejects.toThrow(/channel_not_found/);
    const figures = await db.store.journal.figures(new Date());
    expect([figures.pending, figures.refused]).toEqual([0, 1]);
  });

  it('falls back to a DM on redo too, when the whisper was refused before the process died', async () => {
    h = await startHttpHarness({ desk: desk() });
    h.fake.respond('chat.postEphemeral', () => ({ ok: false, error: 'channel_not_found' }));
    const chat = durable(db, h.adapter.transport, 'A');
    const ctx = { chat } as unknown as HandlerContext;
    const support = { platform: 'slack' as const, channelId: 'CGONE', threadId: null };
    // The first run: the whisper is refused, and the process dies before its DM.
    await withWork('slack:block_actions:T1', () =>
      chat.whisper(support, 'UCUST', note('done')).catch(() => undefined),
    );
    // The redo meets the refusal in the journal, and still tells the person by DM.
    await withWork('slack:block_actions:T1', () => tellUser(ctx, 'UCUST', support, note('done')), {
      redo: true,
    });
    expect(h.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    const direct = h.fake.callsTo('chat.postMessage');
    expect(direct).toHaveLength(1);
    expect(String(direct[0]!.args.channel)).toMatch(/^D/);
  });

  it('writes a kept post to the journal and sends it from the next process', async () => {
    h = await startHttpHarness({ desk: desk(), api: { maxAttempts: 1 } });
    h.fake.fail('chat.postMessage', 500, 1);
    await durable(db, h.adapter.transport, 'A').post(place, note('survives a restart'));
    expect((await db.store.journal.figures(new Date())).pending).toBe(1);
    const apiUrl = h.fake.apiUrl;
    await h.close();

    // A new process: same store, Slack healthy again.
    h = await startHttpHarness({ desk: desk() });
    expect((await passLater(h, 10 * MINUTE)).messages).toBe(1);
    expect(visibleText(await h.fake.waitFor('chat.postMessage'))).toContain('survives a restart');
    expect((await db.store.journal.figures(new Date(Date.now() + MINUTE))).pending).toBe(0);
    expect(apiUrl).not.toBe(h.fake.apiUrl);
  });
});
