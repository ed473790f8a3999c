// Whether a post already landed, when Discord no longer remembers its nonce: the bot's messages in
// the channel since the send began are read back, and one showing what the post shows (or showed
// when tried, before an update was folded into it) is taken as the post itself (the message
// journal then records it, edited to the newer content, instead of posting it again).

/** A message as Discord lists it (only what a post is compared on). */
export interface SentMessage {
  id: string;
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  author?: { id?: string };
}

/** Discord's largest page of a channel's messages. */
const PAGE_SIZE = 100;

/**
 * Pages read at most (500 messages): a busy channel can hold more than one page between the send's
 * start and its landing (a kept post retried for minutes), but a post that far back is not
 * looked for forever; not found, it is sent again (a duplicate rather than a loss).
 */
export const READ_BACK_PAGES = 5;

/**
 * The bot's first message after `afterId` that shows `body`, or null. Discord answers `after` with
 * the messages right after it (newest first within the page), so pages are read forward from the
 * send's start, each after the newest of the previous one, until one is short or the bound is met.
 */
export async function findOwnAfter(
  list: (after: string, limit: number) => Promise<SentMessage[]>,
  options: {
    afterId: string;
    botId: string;
    body: unknown;
    /** Other bodies the message may show (a post's content before updates folded into it). */
    orBodies?: unknown[];
    pages?: number;
  },
): Promise<SentMessage | null> {
  const bodies = [options.body, ...(options.orBodies ?? [])];
  let after = options.afterId;
  for (let page = 0; page < (options.pages ?? READ_BACK_PAGES); page++) {
    const listed = await list(after, PAGE_SIZE);
    const oldestFirst = [...listed].sort((a, b) => compareIds(a.id, b.id));
    const found = oldestFirst.find(
      (message) =>
        message.author?.id === options.botId && bodies.some((body) => sameMessage(message, body)),
    );
    if (found) return found;
    const newest = oldestFirst[oldestFirst.length - 1];
    if (listed.length < PAGE_SIZE || !newest) return null;
    after = newest.id;
  }
  return null;
}

/** Snowflakes compared as numbers (their strings differ in length over time). */
function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a listed message shows what `body` says: its text, embeds and components. */
export function sameMessage(message: SentMessage, body: unknown): boolean {
  const sent = (body ?? {}) as { content?: unknown; embeds?: unknown; components?: unknown };
  return (
    String(sent.content ?? '') === String(message.content ?? '') &&
    shows(message.embeds ?? [], sent.embeds ?? []) &&
    shows(message.components ?? [], sent.components ?? [])
  );
}

/** `listed` carries everything `sent` did (Discord adds fields of its own: type, ids, defaults). */
function shows(listed: unknown, sent: unknown): boolean {
  if (Array.isArray(sent))
    return (
      Array.isArray(listed) &&
      listed.length === sent.length &&
      sent.every((item, i) => shows(listed[i], item))
    );
  if (typeof sent === 'object' && sent !== null) {
    if (typeof listed !== 'object' || listed === null) return false;
    return Object.entries(sent).every(([key, value]) =>
      shows((listed as Record<string, unknown>)[key], value),
    );
  }
  return sent === undefined || listed === sent;
}

/** 4xx other than 429 will fail the same way again (bad request, missing permission). */
export function isRetryable(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status >= 500 || status === 429;
}

/**
 * The error as the message journal reads it: a retryable one (5xx, 429, a cut connection, which
 * has no status) is marked transient, so the call is kept and retried rather than refused.
 */
export function forJournal(error: unknown): unknown {
  if (!isRetryable(error) || typeof error !== 'object' || error === null) return error;
  if (!('kind' in error)) Object.assign(error, { kind: 'transient' });
  return error;
}
