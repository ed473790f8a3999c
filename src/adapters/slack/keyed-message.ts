// A Slack post carries the key it was sent under as message metadata, so that whoever sends it
// again after its sender died (the message journal, the outbox of kept posts) can first ask Slack
// whether it already landed: Slack's Web API has no idempotency key of its own.
import type { SlackApi } from './slack-api.js';

/** The metadata type that carries a message's key. */
export const KEY_METADATA = 'casebot_message';
/** How far before the first attempt to look (clocks differ, and a send takes time). */
const LOOKUP_SLACK_MS = 60_000;
const LOOKUP_PAGES = 5;

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown } };
}

/** The `metadata` argument of chat.postMessage that names a message by `key`. */
export function keyMetadataFor(key: string): { metadata: Record<string, unknown> } {
  return { metadata: { event_type: KEY_METADATA, event_payload: { key } } };
}

/** The key a post's arguments carry, if any. */
export function keyOf(args: Record<string, unknown>): string | null {
  const metadata = args.metadata as HistoryMessage['metadata'] | undefined;
  const key = metadata?.event_type === KEY_METADATA ? metadata.event_payload?.key : undefined;
  return typeof key === 'string' ? key : null;
}

/**
 * The ts of the message posted under `key` in the channel (or thread) since `since`, null when
 * there is none. Throws when Slack cannot tell (a failed call, too much history to search).
 */
export async function findKeyedMessage(
  api: SlackApi,
  lookup: { channel: string; thread: string | null; key: string; since: Date },
  /** Attempts per call (the API's default unless given: the outbox retries on its own timer). */
  attempts?: number,
): Promise<string | null> {
  const { channel, thread, key } = lookup;
  const oldest = ((lookup.since.getTime() - LOOKUP_SLACK_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < LOOKUP_PAGES; page++) {
    const answer = await api.call(
      thread ? 'conversations.replies' : 'conversations.history',
      {
        channel,
        ...(thread ? { ts: thread } : {}),
        oldest,
        include_all_metadata: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      },
      attempts,
    );
    const messages = (answer.messages ?? []) as HistoryMessage[];
    const hit = messages.find((message) => keyOf(message as Record<string, unknown>) === key);
    if (hit?.ts) return hit.ts;
    cursor = (answer.response_metadata as { next_cursor?: string } | undefined)?.next_cursor;
    if (!cursor) return null;
  }
  throw new Error(`more than ${LOOKUP_PAGES} pages of history to search for ${key}`);
}
