// What an adapter's outbox reports when a post it kept (and answered with a provisional id) finally
// reaches the platform: the app moves whatever the core stored under the provisional id to the
// real message (src/app/follow-deliveries.ts).
export interface DeliveredPost {
  provisionalId: string;
  /** The channel the core addressed (a user id for a Slack direct message). */
  addressedChannelId: string;
  /** Where the message is now (a DM's channel for a direct message). */
  channelId: string;
  threadId: string | null;
  messageId: string;
}

/**
 * True when the listener moved what was stored under the provisional id; false when nothing was
 * stored under it (yet: the core may save it a moment later), so the adapter keeps its mapping.
 */
export type DeliveredListener = (post: DeliveredPost) => Promise<boolean> | boolean;
