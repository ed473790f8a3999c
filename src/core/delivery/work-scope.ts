// Which piece of work is running: a platform event, a form submission, an SLA announcement. Every
// message sent inside it gets the key `<work key>#<rank>`, the same when the work is done again
// after a crash, so the journal recognises it (core/ports/journal.ts). Work is identified where it
// enters (adapters, the SLA loop) and carried by AsyncLocalStorage (context-slot.ts) through the
// core, which stays unaware.
import { randomUUID } from 'node:crypto';
import { contextSlot } from './context-slot.js';

interface Scope {
  key: string;
  /** Messages sent so far, per slot (see nextMessageKey). */
  sent: Map<string, number>;
  /** The work is being done again after the process that first took it died. */
  redo: boolean;
  /** One of its messages was being sent by a live holder: the work's first run still goes on. */
  metLiveSender: boolean;
  /** Set while messages are keyed apart from the work's own (keyedApart). */
  apart: string | null;
}

const scopes = contextSlot<Scope>('work');

/** Runs `work` as the piece of work `key`; messages it sends are keyed from it. */
export function withWork<T>(
  key: string,
  work: () => Promise<T>,
  options: { redo?: boolean } = {},
): Promise<T> {
  return scopes.run(
    { key, sent: new Map(), redo: options.redo ?? false, metLiveSender: false, apart: null },
    work,
  );
}

/** Notes that a message of the running work is being sent right now by a live holder. */
export function noteLiveSender(): void {
  const scope = scopes.get();
  if (scope) scope.metLiveSender = true;
}

/**
 * True when the running work met one of its own messages held by a live sender: a redo taken
 * while its first run was still going (slow, not dead). The redo then leaves the work to that run
 * instead of answering over it.
 */
export function metLiveSender(): boolean {
  return scopes.get()?.metLiveSender ?? false;
}

/**
 * True while work is done again after a crash: a step the first run already committed (a claim
 * won) then reads as done, not as a refusal, so the messages that followed it still go out.
 */
export function isRedo(): boolean {
  return scopes.get()?.redo ?? false;
}

/** The work running now, if any. */
export function currentWork(): string | null {
  return scopes.get()?.key ?? null;
}

/**
 * The next message's key: the work, the message's slot (what kind of call to which place or
 * person) and its rank in that slot. Counting per slot, not per work, keeps the keys of a redo
 * aligned with the first run's when the redo skips a step (an alert posted before the crash is
 * not posted again, yet the confirmation after it keeps its key). Outside any known work a random
 * key: the message is still written down before it is sent (never lost), only a replay cannot
 * recognise it.
 */
export function nextMessageKey(callSlot: string): string {
  const scope = scopes.get();
  if (!scope) return `once:${randomUUID()}`;
  const slot = scope.apart ? `${scope.apart}:${callSlot}` : callSlot;
  const rank = (scope.sent.get(slot) ?? 0) + 1;
  scope.sent.set(slot, rank);
  return `${scope.key}#${slot}#${rank}`;
}

/**
 * Runs `send` with the messages it sends keyed apart from the work's own messages
 * (`<work>#<tag>:<slot>#<rank>`): still recognised when the same work sends it again, but never
 * taking a rank the work's answers count on. A notice that the work failed for now is sent so:
 * in the answer's slot, the redo's real answer would meet the notice's row, already sent, and
 * never go out. Outside any work it runs as is.
 */
export function keyedApart<T>(tag: string, send: () => Promise<T>): Promise<T> {
  const scope = scopes.get();
  if (!scope) return send();
  // The same ranks per slot (the map is shared); a live sender met here stays with the notice.
  return scopes.run({ ...scope, apart: tag }, send);
}

/** The tag of a notice telling a person their work failed (keyedApart). */
export const FAILURE_NOTICE = 'failed';

const messageKeys = contextSlot<string>('message key');

/**
 * Runs one send with its message key visible to the adapter below (currentMessageKey), which
 * tags the platform message with it so that a send whose outcome died with its process can be
 * looked up before it is made again.
 */
export function withMessageKey<T>(key: string, send: () => Promise<T>): Promise<T> {
  return messageKeys.run(key, send);
}

/** The key of the message being sent now, if the durable port is sending it. */
export function currentMessageKey(): string | null {
  return messageKeys.get() ?? null;
}
