// A Slack post carries the key it was sent under as message metadata, so that whoever sends it
// again after its sender died (the message journal's resend, an in-call retry) can first ask Slack
// whether it already landed: Slack's Web API has no idempotency key of its own.
import { searchHistory } from './history-search.js';
import type { SlackApi } from './slack-api.js';

/** The metadata type that carries a message's key. */
export const KEY_METADATA = 'casebot_message';
interface KeyMetadata {
  event_type?: string;
  event_payload?: { key?: unknown };
}

/** The `metadata` argument of chat.postMessage that names a message by `key`. */
export function keyMetadataFor(key: string): { metadata: Record<string, unknown> } {
  return { metadata: { event_type: KEY_METADATA, event_payload: { key } } };
}

/** The key a post's arguments carry, if any. */
export function keyOf(args: Record<string, unknown>): string | null {
  const metadata = args.metadata as KeyMetadata | undefined;
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
  /** Attempts per call (the API's default unless given: the delivery worker retries on its own timer). */
  attempts?: number,
): Promise<string | null> {
  const { key, ...place } = lookup;
  return searchHistory(
    api,
    { ...place, withMetadata: true },
    (message) =>
      keyOf(message) === key && typeof message.ts === 'string' && message.ts ? message.ts : null,
    attempts,
  );
}
