// How the core names a message the platform has not taken yet: by its journal key (see
// work-scope.ts), as `key:<journal key>`. The durable port hands such a reference out when a send
// fails for now and the journal keeps the row; calls that name it (an update, a reply in its
// thread) wait in the journal until the row is sent, and then go to the platform's own id. The
// store rewrites a case's places from the reference to the real message when the row is marked
// sent, so nothing outside the delivery layer ever sees a platform-shaped stand-in.
import type { LandedMessage } from '../ports/journal.js';

const PREFIX = 'key:';

/** The reference of the message written down under `key`. */
export const messageRef = (key: string): string => `${PREFIX}${key}`;

export const isMessageRef = (id: unknown): id is string =>
  typeof id === 'string' && id.startsWith(PREFIX);

/** The journal key a reference names. */
export const keyOfRef = (ref: string): string => ref.slice(PREFIX.length);

type PlaceFields = { channelId?: unknown; threadId?: unknown; messageId?: unknown };

/**
 * `place` with the reference `ref` turned into the message it named, once sent: the ids that
 * were the reference are the platform's id, and the channel is the message's (of the fields the
 * place has).
 */
export function placeAtLanded<T extends PlaceFields>(
  place: T,
  ref: string,
  landed: LandedMessage,
): T {
  const id = (value: unknown) => (value === ref ? landed.messageId : value);
  return {
    ...place,
    ...('channelId' in place ? { channelId: landed.channelId } : {}),
    ...('threadId' in place ? { threadId: id(place.threadId) } : {}),
    ...('messageId' in place ? { messageId: id(place.messageId) } : {}),
  };
}
