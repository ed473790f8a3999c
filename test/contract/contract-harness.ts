// What every adapter's contract harness provides: the adapter's ChatPort, wired to its platform
// (a loopback fake, or the shell's output stream), and what that platform recorded, in a neutral
// form the contract can assert on without knowing Block Kit, embeds or terminal labels.
import type { Place } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';

export interface PlatformRecord {
  /** A new message, an edit of an existing one, or a message only one user sees. */
  op: 'post' | 'edit' | 'ephemeral';
  /** The conversation: a channel, or a DM channel. */
  channel: string;
  /** The thread inside `channel`, when the message is in one. */
  thread: string | null;
  /** The message's id on the platform ('' where the platform has none, e.g. a terminal). */
  messageId: string;
  /** Null when everyone in the channel sees it; else the only user who does (ephemeral, DM). */
  onlyFor: string | null;
  /** Everything a reader sees, with the platform's escaping undone. */
  text: string;
  /** What the platform would actually notify: 'everyone' (channel/here/everyone), 'user:ID', 'role:ID'. */
  pings: string[];
  /** URLs the platform would render behind other text (a masked link). */
  maskedLinks: string[];
}

export interface ContractHarness {
  port: ChatPort;
  /** A channel the bot may post in. */
  channel: Place;
  /** A customer, and ids the platform's mentions take (for SLA event pings). */
  customerUserId: string;
  engineerUserId: string;
  onCallRoleId: string;
  /** Whether the platform can replace a message (a terminal can only print the new one). */
  editsInPlace: boolean;
  /** Whether the transport can fail (network platforms); the shell's cannot. */
  failures: boolean;
  /** Whether the platform notifies anyone at all (a terminal pings nobody). */
  pings: boolean;
  /** Every message the platform accepted, in order. */
  records(): PlatformRecord[];
  /** Who may read `place` besides the bot and staff: its members when private, else 'public'. */
  membersOf(place: Place): string[] | 'public';
  /** The next `times` message posts fail with `status` (429 carries a short Retry-After). */
  failPosts(status: 429 | 503, times: number): void;
  /** Waits until nothing is left queued in the adapter (in-call retries done; later tries are the journal's, tested in test/delivery). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Polls `probe` until true (retries deliver in the background). */
export async function until(probe: () => boolean, timeoutMs = 8000): Promise<void> {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
