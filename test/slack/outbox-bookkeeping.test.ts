// What the Slack outbox does between sending a kept post and finishing its bookkeeping: a post
// naming it meanwhile finds its real ts, and a store error after the send neither loses the reply
// waiting behind it nor counts as a failed send (real store on a SQLite file, fake Slack).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxRepository } from '../../src/core/ports/storage.js';
import type { NoticeView } from '../../src/core/views.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { StoryDesk } from './story-desk.js';

const note = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const place = { platform: 'slack' as const, channelId: 'CTEAM' };
const desk = () =>
  new StoryDesk({ customers: {}, engineers: {}, moderators: [], teamChannel: 'CTEAM' });

describe('the Slack outbox after a send', () => {
  let dir: string | null = null;
  let store: Store | null = null;
  const harnesses: SlackHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function start(wrap: (real: OutboxRepository) => OutboxRepository) {
    dir = mkdtempSync(join(tmpdir(), 'casebot-slack-bookkeeping-'));
    store = await openStore({
      url: `file:${join(dir, 'casebot.db')}`,
      logger: createMemoryLogger(),
    });
    const repository = wrap(store.outbox);
    const harness = await startHttpHarness({
      desk: desk(),
      api: { maxAttempts: 1 },
      outbox: { repository, retryDelayMs: 60_000 },
    });
    harnesses.push(harness);
    return { harness, repository };
  }

  it('lets a reply posted while the parent is being recorded go to its real thread', async () => {
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const removing = new Promise<void>((resolve) => (entered = resolve));
    let holding = false;
    const { harness } = await start((real) => ({
      ...real,
      remove: async (id) => {
        if (holding) {
          // The send is answered and being recorded: the moment the test needs, by event not by time.
          entered();
          await new Promise<void>((resolve) => (release = resolve));
        }
        return real.remove(id);
      },
    }));
    harness.fake.fail('chat.postMessage', 500, 1);
    const parent = await harness.adapter.transport.post(place, note('the alert'));
    holding = true;
    const flushing = harness.adapter.outbox.flush(true);
    await removing;
    const sent = harness.fake.callsTo('chat.postMessage').at(-1)!;
    // The alert is out; its row is still being removed. A reply in its thread now:
    await harness.adapter.transport.post({ ...place, threadId: parent.messageId }, note('a reply'));
    holding = false;
    release();
    await flushing;
    const reply = harness.fake
      .callsTo('chat.postMessage')
      .find((c) => visibleText(c).includes('a reply'));
    expect(reply?.args.thread_ts).toBe((sent.response as { ts: string }).ts);
  });

  it('keeps the reply waiting behind a delivered parent when the store fails, and does not fail the pass', async () => {
    let failNextEnqueue = false;
    const { harness, repository } = await start((real) => ({
      ...real,
      enqueue: async (input) => {
        if (failNextEnqueue) {
          failNextEnqueue = false;
          throw new Error('database is locked');
        }
        return real.enqueue(input);
      },
    }));
    harness.fake.fail('chat.postMessage', 500, 1);
    const parent = await harness.adapter.transport.post(place, note('the alert'));
    // Kept behind its parent, without trying Slack.
    await harness.adapter.transport.post({ ...place, threadId: parent.messageId }, note('a reply'));
    expect(await repository.count('slack')).toBe(2);
    failNextEnqueue = true;
    await expect(harness.adapter.outbox.flush(true)).resolves.toBeUndefined();
    const calls = harness.fake.callsTo('chat.postMessage');
    const alert = calls.find((c) => visibleText(c).includes('the alert'));
    const reply = calls.find((c) => visibleText(c).includes('a reply'));
    expect(reply?.args.thread_ts).toBe((alert?.response as { ts: string }).ts);
    expect(harness.adapter.outbox.pending()).toEqual([]);
  });
});
