// What the Discord outbox keeps: plain JSON, so a job can be written to the store and read back
// by the next process unchanged.

/** Where a post goes: a channel, or a thread of it (a thread's id may be a provisional one). */
export interface Target {
  channelId: string;
  threadId: string | null;
}

export type Job =
  | {
      kind: 'post';
      id: string;
      /** Keeps the order of posts across restarts (repository rows are replaced on change). */
      seq: number;
      target: Target;
      body: unknown;
      /** Open a thread under the message once posted (the alert's thread), with this name. */
      threadName: string | null;
      /** When it may first have gone out (ms); absent in rows written before it was kept. */
      since?: number;
    }
  | { kind: 'edit'; id: string; seq: number; channelId: string; messageId: string; body: unknown };

/** A post kept in the outbox is answered with `pending-<job id>` at once; it stays valid across restarts. */
export const PROVISIONAL = 'pending-';

export const isProvisional = (id: string): boolean => id.startsWith(PROVISIONAL);
