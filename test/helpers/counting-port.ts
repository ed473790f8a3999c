// A ChatPort that records only how many messages the core asked it to send: for benchmarks that
// push thousands of messages through the real core and must not measure a growing log.
import type { DeskContext } from '../../src/core/conversation/desk-context.js';
import { LearnedPhrasings } from '../../src/core/kb/learned/learned-phrasings.js';
import type { Platform } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { PostedMessage } from '../../src/core/views.js';

export interface CountingPort extends ChatPort {
  posts: number;
  updates: number;
  directs: number;
  reset(): void;
}

export function countingPort(platform: Platform): CountingPort {
  let n = 0;
  const port: CountingPort = {
    platform,
    posts: 0,
    updates: 0,
    directs: 0,
    reset() {
      port.posts = 0;
      port.updates = 0;
      port.directs = 0;
    },
    async post(place): Promise<PostedMessage> {
      port.posts += 1;
      const messageId = `${platform}-m${++n}`;
      return { place: { ...place, messageId }, messageId };
    },
    async update() {
      port.updates += 1;
    },
    async whisper() {},
    async sendDirect(userId): Promise<PostedMessage> {
      port.directs += 1;
      const messageId = `${platform}-d${++n}`;
      return { place: { platform, channelId: `D-${userId}`, messageId }, messageId };
    },
    async openPrivateSpace({ customerUserId, near }) {
      return {
        platform: near.platform,
        channelId: `private-${customerUserId}`,
        threadId: `p${++n}`,
      };
    },
  };
  return port;
}

/** For contexts that never search (the SLA loop): fails loudly if something does. */
export const noKnowledgeBase: DeskContext['kb'] = {
  search() {
    throw new Error('this context has no knowledge base');
  },
  article: () => undefined,
  products: () => [],
  learned: new LearnedPhrasings(),
};
