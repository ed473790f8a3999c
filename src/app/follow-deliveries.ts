// A post an adapter kept in its outbox is answered at once with a provisional id, and the core
// stores that id when the post is a case's alert (its place and its thread). The adapters map
// provisional ids to real ones in memory only, so when a kept post is delivered the app rewrites
// the place stored under its provisional id to the real message: edits of the alert, replies in
// its thread and the answers people write there then reach it after a restart too.
import type { DeliveredPost } from '../adapters/delivered-post.js';
import type { CasePatch, CaseRepository } from '../core/ports/storage.js';
import type { Place, Platform } from '../core/model.js';
import type { Clock, Logger } from '../core/ports/platform.js';

/** The place with the delivered post's real ids in place of its provisional one; null if it does not name it. */
function followed(place: Place | null, platform: Platform, post: DeliveredPost): Place | null {
  if (!place || place.platform !== platform || place.channelId !== post.addressedChannelId)
    return null;
  if (place.threadId !== post.provisionalId && place.messageId !== post.provisionalId) return null;
  const swap = (id: string | null | undefined) => (id === post.provisionalId ? post.messageId : id);
  return {
    ...place,
    channelId: post.channelId,
    threadId: swap(place.threadId),
    messageId: swap(place.messageId),
  };
}

export function followDeliveredPosts(
  platform: Platform,
  cases: CaseRepository,
  clock: Clock,
  logger: Logger,
): (post: DeliveredPost) => Promise<boolean> {
  return async (post) => {
    const found = await cases.byPlace({
      platform,
      channelId: post.addressedChannelId,
      threadId: post.provisionalId,
    });
    if (!found) return false;
    const alertPlace = followed(found.alertPlace, platform, post);
    const customerPlace = followed(found.customerPlace, platform, post);
    if (!alertPlace && !customerPlace) return false;
    const patch: CasePatch = {
      updatedAt: clock.now(),
      ...(alertPlace ? { alertPlace } : {}),
      ...(customerPlace ? { customerPlace } : {}),
    };
    await cases.update(found.id, patch);
    logger.info('case place follows its delivered message', {
      case: found.reference,
      platform,
      provisionalId: post.provisionalId,
      messageId: post.messageId,
    });
    return true;
  };
}
