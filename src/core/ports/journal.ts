// The message journal: every outbound chat call is written down under a logical key before it is
// sent, and marked sent with what the platform answered. The key names the work that caused the
// message and its rank in that work (see work-scope.ts), so:
// - a crash between deciding to send and sending leaves a pending row, which any replica sends
//   once its lease runs out (nothing lost);
// - the same work done again (a replayed event, a replayed SLA announcement) meets its own rows:
//   a sent one answers with the recorded result instead of sending again (nothing doubled).
import type { Platform } from '../model.js';

/** The ChatPort calls the journal knows how to replay. */
export type JournalCall =
  | 'post'
  | 'update'
  | 'whisper'
  | 'sendDirect'
  | 'openPrivateSpace'
  | 'postUnder'
  | 'reply'
  | 'lockThread'
  | 'answerCommand';

export interface JournalEntry {
  key: string;
  platform: Platform;
  call: JournalCall;
  /** The call's arguments, serialized by codec.ts. */
  request: string;
  createdAt: Date;
  attempts: number;
}

/** What `begin` found: a fresh row (send it), a row sent before (its result), or a live sender. */
export type JournalStart =
  | { kind: 'send' }
  /** A dead sender's row, begun at `since`: it may have gone out before the sender died. */
  | { kind: 'resend'; since: Date }
  | { kind: 'sent'; result: string | null }
  | { kind: 'refused'; error: string }
  | { kind: 'busy' };

export interface JournalFigures {
  /** Rows not sent yet. */
  pending: number;
  /** Age of the oldest pending row (ms), 0 when none. */
  oldestPendingMs: number;
  /** Pending rows whose last attempt failed (waiting for their retry). */
  failing: number;
  /** Rows the platform refused for good. */
  refused: number;
}

/** Where a row stands, for a call that names its message (see delivery/message-ref.ts). */
export type JournalOutcome =
  | { state: 'sent'; result: string | null }
  /**
   * Not sent yet; `retryAt` is when its next try is due (its lease while being sent), `attempts`
   * its failed tries so far.
   */
  | {
      state: 'pending';
      retryAt: Date | null;
      call: JournalCall;
      request: string;
      attempts: number;
    }
  | { state: 'refused' };

/** A message that was answered with a reference before it was sent: its platform place now. */
export interface LandedMessage {
  channelId: string;
  messageId: string;
}

export interface MessageJournal {
  /**
   * Writes the row (pending, leased to `owner` until now + leaseMs) unless the key exists. An
   * existing row: its result when sent, its refusal, 'busy' while another owner's lease runs,
   * and 'resend' when that lease ran out (the row is taken over: one taker wins).
   */
  begin(
    entry: { key: string; platform: Platform; call: JournalCall; request: string },
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<JournalStart>;
  /**
   * Marks the row sent. With `landed` (a message handed out by reference before it was sent), the
   * places stored under its reference (a case's alert) name the platform's message from then on,
   * in the same transaction: an answer in the alert's thread finds its case. `recoverable`: a
   * mark lost in a crash costs nothing (the message can be looked up on the platform, or nothing
   * was sent), so the store may answer before the mark is on disk.
   */
  sent(
    key: string,
    owner: string,
    result: string | null,
    now: Date,
    landed?: LandedMessage,
    options?: { recoverable?: boolean },
  ): Promise<void>;
  /**
   * Extends the lease of a row `owner` still holds (pending, claimed by it) to now + leaseMs, while
   * it sends the row: true when extended. A row sent, put off, failed or taken over is left as is.
   */
  renew(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * Puts off a row that waits for its parent (an update of a post not sent yet, a reply in its
   * thread) until `retryAt`, without counting an attempt.
   */
  deferred(key: string, owner: string, retryAt: Date): Promise<void>;
  /** Where the row under `key` stands; null when there is none (never written, or pruned). */
  outcome(key: string): Promise<JournalOutcome | null>;
  /**
   * Replaces the request of a pending row nobody is sending now (one waiting for its retry or
   * its parent) when it still reads `before`: true when replaced. A row being sent is left as is.
   */
  amend(key: string, before: string, after: string): Promise<boolean>;
  /**
   * Records a failed attempt; the row stays pending, held by nobody, and is retried after
   * `retryAt`.
   */
  failed(key: string, owner: string, error: string, retryAt: Date): Promise<void>;
  /** Marks the row refused for good (the platform said no: a retry cannot help). */
  refused(key: string, owner: string, error: string): Promise<void>;
  /**
   * Takes up to `limit` pending rows whose lease ran out (a dead sender's, or a failed attempt's
   * retry time), oldest first, leasing each to `owner`; rows another taker won are left out.
   */
  takeStale(owner: string, now: Date, leaseMs: number, limit: number): Promise<JournalEntry[]>;
  /**
   * Whether an update of the same message (`slot`, see durable-chat-port.ts) was written after
   * `createdAt`: a retried older update must not overwrite what the newer one shows.
   */
  hasNewerUpdate(key: string, slot: string, createdAt: Date): Promise<boolean>;
  figures(now: Date): Promise<JournalFigures>;
  /** Forgets rows sent or refused before `olderThan`; returns how many. */
  prune(olderThan: Date): Promise<number>;
}
