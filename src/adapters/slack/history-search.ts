// Reads a channel's (or thread's) messages since a moment, page by page, for what an earlier try
// may have left there: Slack answers at most one page per call, and a busy channel has many.
import type { SlackApi } from './slack-api.js';

/** How far before the first attempt to look (clocks differ, and a send takes time). */
const LOOKUP_SLACK_MS = 60_000;
/** Pages read before giving up: a search must end, and so much traffic means Slack cannot tell. */
export const LOOKUP_PAGES = 5;
const PAGE_SIZE = 200;

export interface HistoryPlace {
  channel: string;
  /** The thread to read (its replies), or null for the channel's top-level messages. */
  thread: string | null;
  since: Date;
}

/**
 * The first message since `place.since` that `pick` turns into a value, or null when there is
 * none. Throws when Slack cannot tell: a failed call, or more history than LOOKUP_PAGES pages.
 */
export async function searchHistory<T>(
  api: SlackApi,
  place: HistoryPlace & { withMetadata?: boolean },
  pick: (message: Record<string, unknown>) => T | null,
  /** Attempts per call (the API's default unless given: the delivery worker retries on its own timer). */
  attempts?: number,
): Promise<T | null> {
  const { channel, thread } = place;
  const oldest = ((place.since.getTime() - LOOKUP_SLACK_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < LOOKUP_PAGES; page++) {
    const answer = await api.call(
      thread ? 'conversations.replies' : 'conversations.history',
      {
        channel,
        ...(thread ? { ts: thread } : {}),
        oldest,
        ...(place.withMetadata ? { include_all_metadata: true } : {}),
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      },
      attempts,
    );
    for (const message of (answer.messages ?? []) as Record<string, unknown>[]) {
      const found = pick(message);
      if (found !== null) return found;
    }
    cursor = (answer.response_metadata as { next_cursor?: string } | undefined)?.next_cursor;
    if (!cursor) return null;
  }
  throw new Error(`more than ${LOOKUP_PAGES} pages of history to search in ${channel}`);
}
