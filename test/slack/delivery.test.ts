// Delivery under Slack's failures: 429 storms, outages and refusals, through the adapter's
// ChatPort against the fake Slack (real WebClient, real HTTP).
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxItem, OutboxRepository } from '../../src/core/ports/storage.js';
import type { NoticeView } from '../../src/core/views.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { StoryDesk } from './story-desk.js';

const note = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const place = { platform: 'slack' as const, channelId: 'CTEAM' };

let h: SlackHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

function desk() {
  return new StoryDesk({ customers: {}, engineers: {}, moderators: [], teamChannel: 'CTEAM' });
}

describe('Slack delivery', () => {
  it('loses no post in a 429 storm, honours Retry-After, and does not hold up other calls', async () => {
    // Enough attempts that no post gives up to the outbox however slow the machine is: the storm
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
    expect(posted.every((p) => !p.messageId.startsWith('outbox:'))).toBe(true);
    // Retry-After: 1 s was honoured (a lower bound: a slow machine only makes it longer).
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(adapter.outbox.pending()).toHaveLength(0);
  });

  it('keeps a post that still fails in the outbox, applies later updates to it, and delivers it', async () => {
    // The outbox's own timer never comes due here: the test drives each retry (flush), so what it
    // checks does not depend on how fast the machine is.
    h = await startHttpHarness({
      desk: desk(),
      api: { maxAttempts: 2 },
      outbox: { retryDelayMs: 3_600_000, maxDelayMs: 3_600_000 },
    });
    const { fake, adapter } = h;
    fake.fail('chat.postMessage', 503, 3);
    const posted = await adapter.transport.post(place, note('countdown 60 min'));
    expect(posted.messageId).toMatch(/^outbox:/);
    expect(adapter.outbox.pending()).toHaveLength(1);
    await adapter.transport.update(posted, note('countdown 30 min'));
    // A retry that fails again keeps the post.
    await adapter.outbox.flush(true);
    expect(adapter.outbox.pending()).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    // The next retry delivers it, with the update applied.
    await adapter.outbox.flush(true);
    expect(adapter.outbox.pending()).toHaveLength(0);
    const delivered = fake.callsTo('chat.postMessage');
    expect(delivered).toHaveLength(1);
    expect(visibleText(delivered[0]!)).toContain('countdown 30 min');
    // A later update follows the provisional id to the real message.
    await adapter.transport.update(posted, note('countdown 10 min'));
    const update = fake.callsTo('chat.update').at(-1)!;
    expect(update.args.ts).toBe(delivered[0]!.response.ts);
    expect(visibleText(update)).toContain('countdown 10 min');
  });

  it('queues direct messages and ephemerals too, and retries 5xx inside the call first', async () => {
    h = await startHttpHarness({ desk: desk(), api: { maxAttempts: 3 } });
    const { fake, adapter } = h;
    fake.fail('chat.postEphemeral', 500, 2);
    await adapter.transport.whisper(place, 'UENGA', note('only for you'));
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    fake.fail('conversations.open', 502, 10);
    const direct = await adapter.transport.sendDirect('UENGA', note('you were assigned'));
    expect(direct.messageId).toMatch(/^outbox:/);
    fake.fail('conversations.open', 502, 0);
    await adapter.outbox.flush(true);
    const dm = await fake.waitFor('chat.postMessage');
    expect(dm.args.channel).toBe('DENGA');
  });

  it('surfaces a permanent refusal to the caller instead of queueing it', async () => {
    h = await startHttpHarness({ desk: desk() });
    const { fake, adapter } = h;
    fake.respond('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
    await expect(adapter.transport.post(place, note('hello'))).rejects.toThrow(/channel_not_found/);
    expect(adapter.outbox.pending()).toHaveLength(0);
  });

  it('writes queued posts to the outbox repository and resumes them after a restart', async () => {
    const rows = new Map<string, OutboxItem>();
    let n = 0;
    // The core's OutboxRepository contract, kept in memory (the Prisma one plugs in the same way).
    const repository: OutboxRepository = {
      renew: async () => 0,
      recordLanded: async () => undefined,
      landedAs: async () => null,
      backlog: async () => ({ pending: rows.size, oldestMs: 0, refused: 0 }),
      enqueue: async (input) => {
        const item: OutboxItem = {
          id: `row-${++n}`,
          platform: input.platform,
          payload: input.payload,
          attempts: input.attempts ?? 0,
          nextAttemptAt: input.nextAttemptAt,
          lastError: input.lastError ?? null,
          createdAt: new Date(),
        };
        rows.set(item.id, item);
        return item;
      },
      due: async (platform, now, limit) =>
        [...rows.values()]
          .filter((r) => r.platform === platform && r.nextAttemptAt <= now)
          .slice(0, limit),
      recordFailure: async (id, error, nextAttemptAt) => {
        const row = rows.get(id);
        if (row)
          rows.set(id, { ...row, attempts: row.attempts + 1, lastError: error, nextAttemptAt });
      },
      remove: async (id) => void rows.delete(id),
      count: async () => rows.size,
    };
    h = await startHttpHarness({
      desk: desk(),
      api: { maxAttempts: 1 },
      outbox: { repository, retryDelayMs: 60_000 },
    });
    h.fake.fail('chat.postMessage', 500, 1);
    await h.adapter.transport.post(place, note('survives a restart'));
    expect([...rows.values()].map((r) => (r.payload as { method: string }).method)).toEqual([
      'chat.postMessage',
    ]);
    const apiUrl = h.fake.apiUrl;
    await h.adapter.stop();

    // A new process: same repository, Slack healthy again.
    const second = await startHttpHarness({ desk: desk(), outbox: { repository } });
    try {
      expect(second.adapter.outbox.pending()).toHaveLength(1);
      await second.adapter.outbox.flush(true);
      expect(visibleText(await second.fake.waitFor('chat.postMessage'))).toContain(
        'survives a restart',
      );
      expect(rows.size).toBe(0);
    } finally {
      await second.close();
    }
    expect(apiUrl).not.toBe(second.fake.apiUrl);
  });
});
