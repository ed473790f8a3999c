// What the durable port needs to know of a ChatPort call besides sending it: whether its failure
// can pass, which message of a piece of work it is (its slot), what it answers while it waits in
// the journal, and where the message it made landed.
import type { Place, Platform } from '../model.js';
import type { PostedMessage, View } from '../views.js';
import type { CommandAnswer, PrivateSpaceRequest, SentLookup } from '../ports/platform.js';
import type { JournalCall, LandedMessage } from '../ports/journal.js';
import { messageRef } from './message-ref.js';

/** A platform refusal that a retry cannot change (adapters mark theirs; HTTP 4xx but 429). */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { kind?: unknown; status?: unknown } | null;
  if (e?.kind === 'permanent') return true;
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.status !== 429;
}

/** A platform failure a later try may not meet (adapters mark theirs: rate-limited, transient). */
export function isTransientFailure(error: unknown): boolean {
  const e = error as { kind?: unknown; status?: unknown } | null;
  if (e?.kind === 'transient' || e?.kind === 'rate-limited') return true;
  return typeof e?.status === 'number' && (e.status >= 500 || e.status === 429);
}

export function isLookupCall(call: JournalCall): call is SentLookup['call'] {
  return call === 'post' || call === 'postUnder' || call === 'sendDirect' || call === 'reply';
}

export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(5 * 60_000, baseMs * 2 ** Math.min(attempts, 10));
}

/**
 * The call and its destination: which message of a piece of work this is, whatever came before.
 * A destination is its channel and whether the message goes in a thread, not which thread: a
 * thread first addressed by a waiting post's reference is addressed by the real message id once
 * that post is sent, and the same work done again must still find its own rows.
 */
export function slotOf(call: JournalCall, args: unknown[]): string {
  const where = (place: unknown) => {
    const p = (place ?? {}) as Partial<Place> & { messageId?: string | null };
    return `${p.channelId ?? ''}${p.threadId ? '/thread' : ''}`;
  };
  switch (call) {
    case 'whisper':
      return `${call}:${where(args[0])}:${String(args[1])}`;
    case 'sendDirect':
      return `${call}:${String(args[0])}`;
    case 'answerCommand': {
      const command = args[0] as Partial<CommandAnswer> | undefined;
      return `${call}:${where(command?.place)}:${String(command?.userId)}`;
    }
    case 'update': {
      // Updates name their message: a redo's updates in another order still meet their own rows
      // (a reference whose post has been sent since makes a new row: one more edit, never a loss).
      const message = args[0] as PostedMessage | undefined;
      return `${call}:${where(message?.place)}:${String(message?.messageId)}`;
    }
    case 'openPrivateSpace':
      return `${call}:${(args[0] as { customerUserId?: string } | undefined)?.customerUserId ?? ''}`;
    case 'postUnder':
      return `${call}:${where(args[0])}/under`;
    case 'reply':
      return `${call}:${where(args[0])}:${String(args[1])}`;
    default:
      return `${call}:${where(args[0])}`;
  }
}

/** A sent message's platform place, for the places stored under its reference. */
export function landedOf(result: unknown): LandedMessage | undefined {
  const posted = result as Partial<PostedMessage> | undefined;
  const channelId = posted?.place?.channelId;
  return channelId && posted?.messageId ? { channelId, messageId: posted.messageId } : undefined;
}

/** What a call written down but not sent yet answers: a message is named by its reference. */
export function standIn(
  platform: Platform,
  key: string,
  call: JournalCall,
  args: unknown[],
): PostedMessage | undefined {
  const ref = messageRef(key);
  const target = args[0] as Place & { messageId?: string };
  switch (call) {
    case 'post':
    case 'reply':
      return { place: { ...target, messageId: ref }, messageId: ref };
    case 'postUnder':
      return { place: { ...target, threadId: target.messageId, messageId: ref }, messageId: ref };
    case 'sendDirect':
      return { place: { platform, channelId: String(args[0]) }, messageId: ref };
    default:
      return undefined;
  }
}

export type Args = {
  post: [Place, View];
  update: [PostedMessage, View];
  whisper: [Place, string, View];
  sendDirect: [string, View];
  openPrivateSpace: [PrivateSpaceRequest];
  postUnder: [Place & { messageId: string }, View];
  reply: [Place, string, View];
  lockThread: [Place];
  answerCommand: [CommandAnswer, View];
};
