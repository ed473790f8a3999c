// The interfaces the core needs from the outside world. Adapters implement ChatPort; store/
// implements the repositories (see storage.ts beside this file); app/ wires them together.
import type { Place, Platform } from '../model.js';
import type { PostedMessage, View } from '../views.js';

/** Time as the core sees it: tests and the shell's `/clock +3h` move it. */
export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * What the core asks of a chat platform. One implementation per adapter (shell, Slack, Discord),
 * wrapped by the durable port (delivery/durable-chat-port.ts) that writes every call down first.
 * An adapter retries 429/5xx within the call and then throws, marked transient; the durable port
 * keeps the call in its journal for the delivery worker and answers a post with the message's
 * reference (`key:<journal key>`, delivery/message-ref.ts) until it is sent, never with a
 * platform-shaped stand-in.
 */
export interface ChatPort {
  readonly platform: Platform;
  /** Posts a view in a channel, or in a thread when `place.threadId` is set. */
  post(place: Place, view: View): Promise<PostedMessage>;
  /** Replaces a message the bot posted earlier (alert countdown, claim state). */
  update(message: PostedMessage, view: View): Promise<void>;
  /** A message only `userId` sees (Slack ephemeral, Discord ephemeral follow-up, shell aside). */
  whisper(place: Place, userId: string, view: View): Promise<void>;
  /** A direct message to a user (assignee warnings). */
  sendDirect(userId: string, view: View): Promise<PostedMessage>;
  /**
   * A private space for a case moved out of a public thread: a DM or private channel on Slack, a
   * private thread on Discord. Returns where the case's customer side now lives.
   */
  openPrivateSpace(request: PrivateSpaceRequest): Promise<Place>;
  /**
   * Optional: posts in the thread under a top-level message, starting that thread first where a
   * platform needs it started (Discord: a message id is no channel until a thread is opened on it).
   * Platforms whose threads need no start (Slack, the shell) leave it out and get `post`.
   */
  postUnder?(message: Place & { messageId: string }, view: View): Promise<PostedMessage>;
  /**
   * Optional: posts at `place` in answer to the message `replyToMessageId` (Discord's reply
   * reference: an auto-suggestion under the question it answers). Adapters only; platforms
   * without reply references leave it out.
   */
  reply?(place: Place, replyToMessageId: string, view: View): Promise<PostedMessage>;
  /**
   * Optional: removes a public post (a flagged one, at the moderator's request). Resolves with why
   * not when the platform refuses (a permission the bot lacks), said in `language` (the
   * moderator's; English when absent): the caller tells the moderator.
   * Platforms that cannot remove people's posts leave it out.
   */
  removeMessage?(
    message: Place & { messageId: string },
    language?: string,
  ): Promise<RemovalOutcome>;
  /**
   * Optional: locks a public thread after a flag moved its conversation to private support, so
   * nobody keeps posting in it (Discord threads). Platforms without thread locks leave it out.
   */
  lockThread?(place: Place): Promise<void>;
  /**
   * Optional: answers a person's command where only they see it, through the address the platform
   * gave with the command (Slack's response_url: it works in channels the bot is not in). Through
   * the durable port, so a command redone after its process died does not answer twice.
   */
  answerCommand?(command: CommandAnswer, view: View): Promise<void>;
  /**
   * Optional: finds a message sent earlier under `key` (see delivery/work-scope.ts
   * currentMessageKey), for a send whose process died before it wrote down the outcome. Answers
   * the call's result when it landed, null when it did not; throws when it cannot tell. Only for
   * calls that leave a message people would see twice (post, postUnder, sendDirect).
   */
  findSent?(request: SentLookup): Promise<PostedMessage | null>;
  /**
   * Optional: finds the private space an openPrivateSpace begun at `since` made before its process
   * died, unrecorded, and completes it (the customer added as asked); null when none was made.
   * `key`: the journal key it was made under (a platform may have marked the space with it).
   * Throws when it cannot tell. Platforms where opening again makes nothing new leave it out.
   */
  findPrivateSpace?(request: PrivateSpaceRequest, since: Date, key: string): Promise<Place | null>;
}

/** A private space for a case's customer; `language` is theirs, for what the platform names or says. */
export interface PrivateSpaceRequest {
  customerUserId: string;
  near: Place;
  title: string;
  language?: string;
  /**
   * The customer is added later by the caller (a Discord case form adds them once its case is
   * stored, so a form refused leaves nothing in their sidebar). Platforms whose space is a
   * conversation with the customer ignore it.
   */
  customerJoinsLater?: boolean;
}

/** Where a command's answer goes: the person, where they typed it, the platform's reply address. */
export interface CommandAnswer {
  place: Place;
  userId: string;
  replyUrl: string;
}

/** A send to look for on the platform: its call, arguments, key and when it was first begun. */
export interface SentLookup {
  call: 'post' | 'postUnder' | 'sendDirect' | 'reply';
  args: unknown[];
  key: string;
  since: Date;
  /**
   * Views an earlier try of the send showed, before updates were folded into it: a platform that
   * recognises a post by its content matches these too (the message found is then edited).
   */
  earlier?: View[];
}

/** What became of a request to remove a post: removed, or refused with a reason people can act on. */
export type RemovalOutcome = { removed: true } | { removed: false; reason: string };
