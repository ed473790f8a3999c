// Reading a channel back for a post that landed: page by page forward from the send's start, up to
// a bound. The listing here is Discord's `after` paging over an in-memory channel.
import { describe, expect, it } from 'vitest';
import {
  findOwnAfter,
  READ_BACK_PAGES,
  type SentMessage,
} from '../../src/adapters/discord/read-back.js';

const BOT = '900';

/** A channel of `count` messages with ids 1001…; `post` (by the bot, "the post") at `at`. */
function channel(count: number, at: number | null) {
  const messages: SentMessage[] = Array.from({ length: count }, (_, i) => ({
    id: String(1001 + i),
    content: i === at ? 'the post' : `other ${i}`,
    author: { id: BOT },
  }));
  const asked: string[] = [];
  const list = (after: string, limit: number) => {
    asked.push(after);
    const page = messages.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit);
    return Promise.resolve(page.reverse()); // newest first, as Discord answers
  };
  return { list, asked };
}

describe('findOwnAfter', () => {
  it('pages forward past full pages until it finds the post', async () => {
    const { list, asked } = channel(450, 320);
    const found = await findOwnAfter(list, {
      afterId: '1000',
      botId: BOT,
      body: { content: 'the post' },
    });
    expect(found?.id).toBe('1321');
    expect(asked).toEqual(['1000', '1100', '1200', '1300']);
  });

  it('stops at its bound in a channel busier than that, and says not found', async () => {
    const { list, asked } = channel(100 * (READ_BACK_PAGES + 2), null);
    const found = await findOwnAfter(list, {
      afterId: '1000',
      botId: BOT,
      body: { content: 'the post' },
    });
    expect(found).toBeNull();
    expect(asked).toHaveLength(READ_BACK_PAGES);
  });

  it('does not take a message of someone else for the post', async () => {
    const { list } = channel(10, 4);
    const found = await findOwnAfter(list, {
      afterId: '1000',
      botId: '901',
      body: { content: 'the post' },
    });
    expect(found).toBeNull();
  });
});
