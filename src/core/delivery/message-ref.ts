// How the core names a message the platform has not taken yet: by its journal key (see
// work-scope.ts), as `key:<journal key>`. The durable port hands such a reference out when a send
// fails for now and the journal keeps the row; calls that name it (an update, a reply in its
// thread) wait in the journal until the row is sent, and then go to the platform's own id. The
// store rewrites a case's places from the reference to the real message when the row is marked
// sent, so nothing outside the delivery layer ever sees a platform-shaped stand-in.

const PREFIX = 'key:';

/** The reference of the message written down under `key`. */
export const messageRef = (key: string): string => `${PREFIX}${key}`;

export const isMessageRef = (id: unknown): id is string =>
  typeof id === 'string' && id.startsWith(PREFIX);

/** The journal key a reference names. */
export const keyOfRef = (ref: string): string => ref.slice(PREFIX.length);
