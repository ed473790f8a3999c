// The Slack outbox on the real store (Prisma, SQLite file): queued posts are written down and
// resumed by the next process; a post Slack refuses stays in the table for an operator and is not
// retried. (Prisma refuses dates past year 9999: the outbox's "never" must fit.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

describe('the Slack outbox on the real store', () => {
  let dir: string | null = null;
  let store: Store | null = null;
  const harnesses: SlackHarness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    store = null;
    dir = null;
  });

  it('resumes queued posts after a restart and keeps refused ones out of the retries', async () => {
    dir = mkdtempSync(join(tmpdir(), 'casebot-slack-outbox-'));
    store = await openStore({
      url: `file:${join(dir, 'casebot.db')}`,
      logger: createMemoryLogger(),
    });
    const repository = store.outbox;
    const first = await startHttpHarness({
      desk: desk(),
      api: { maxAttempts: 1 },
      outbox: { repository, retryDelayMs: 60_000 },
    });
    harnesses.push(first);
    first.fake.fail('chat.postMessage', 500, 2);
    await first.adapter.transport.post(place, note('refused later'));
    await first.adapter.transport.post(place, note('survives a restart'));
    expect(await repository.count('slack')).toBe(2);

    // Slack now refuses the first one for good (400).
    first.fake.fail('chat.postMessage', 400, 1);
    const [refused] = first.adapter.outbox.pending();
    // Only this one is due now (the other waits its 60 s).
    refused!.nextAttemptAt = 0;
    await first.adapter.outbox.flush();
    expect(first.adapter.outbox.deadLetters.map((d) => d.entry.id)).toEqual([refused!.id]);
    expect(await repository.count('slack')).toBe(2);
    await first.close();

    // A new process on the same database: only the post still worth sending is resumed.
    const second = await startHttpHarness({ desk: desk(), outbox: { repository } });
    harnesses.push(second);
    const pending = second.adapter.outbox.pending();
    expect(pending).toHaveLength(1);
    await second.adapter.outbox.flush(true);
    const delivered = await second.fake.waitFor('chat.postMessage');
    expect(visibleText(delivered)).toContain('survives a restart');
    expect(second.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // The refused post is still there for an operator to look at.
    expect(await repository.count('slack')).toBe(1);
  });
});
