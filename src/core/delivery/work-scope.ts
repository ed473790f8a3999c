// Which piece of work is running: a platform event, a form submission, an SLA announcement. Every
// message sent inside it gets the key `<work key>#<rank>`, the same when the work is done again
// after a crash, so the journal recognises it (journal.ts). Work is identified where it enters
// (adapters, the SLA loop) and carried by AsyncLocalStorage through the core, which stays unaware.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface Scope {
  key: string;
  sent: number;
  /** The work is being done again after the process that first took it died. */
  redo: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `work` as the piece of work `key`; messages it sends are keyed from it. */
export function withWork<T>(
  key: string,
  work: () => Promise<T>,
  options: { redo?: boolean } = {},
): Promise<T> {
  return scopes.run({ key, sent: 0, redo: options.redo ?? false }, work);
}

/**
 * True while work is done again after a crash: a step the first run already committed (a claim
 * won) then reads as done, not as a refusal, so the messages that followed it still go out.
 */
export function isRedo(): boolean {
  return scopes.getStore()?.redo ?? false;
}

/** The work running now, if any. */
export function currentWork(): string | null {
  return scopes.getStore()?.key ?? null;
}

/**
 * The next message's key. Outside any known work a random key: the message is still written down
 * before it is sent (never lost), only a replay cannot recognise it.
 */
export function nextMessageKey(): string {
  const scope = scopes.getStore();
  if (!scope) return `once:${randomUUID()}`;
  scope.sent += 1;
  return `${scope.key}#${scope.sent}`;
}
