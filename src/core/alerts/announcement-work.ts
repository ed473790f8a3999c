// An SLA announcement as replayable work: recorded in the same transaction as the level it
// announces (a claim with its payload in the delivery ledger), done under its own key, and marked
// done once posted. A process that dies in between leaves the claim undone; the delivery worker
// of any replica redoes it after the lease, and the messages already sent are not sent again.
import type { DeliveryLedger } from '../ports/storage.js';
import type { DeskContext } from '../conversation/desk-context.js';
import { decodeCall, encodeCall } from '../delivery/codec.js';
import type { WorkReplay } from '../delivery/delivery-worker.js';
import { announceSlaEvent, type Announcement } from './announce.js';
import { TickCache } from './tick-cache.js';
import { announceFollowUp, isWaitFollowUp } from './customer-wait-followups.js';
import { isDigestWork, sendDigest } from './reminder-digest.js';
import { announceCallbackReminder, isCallbackReminder } from './callback-reminders.js';

export const ANNOUNCEMENT_PREFIX = 'sla:';

/**
 * One key per level of a milestone's target: the level is recorded once, so it is announced once.
 * The due instant is part of it because one row carries several targets over its life (the update
 * cadence and next response restart after each answer, a severity change retargets): each new
 * target's levels are new announcements, not repeats of the last one's.
 */
export function announcementKey({ milestone, level }: Announcement): string {
  return `${ANNOUNCEMENT_PREFIX}${milestone.id}:${milestone.dueAt.getTime()}:${level.event}:${level.threshold}`;
}

/** Writes the announcements down as claimed work (inside the caller's transaction). */
export async function recordAnnouncements(
  ledger: DeliveryLedger,
  items: Announcement[],
  now: Date,
): Promise<void> {
  // The lease only matters to a takeover; the worker uses its own lease when it looks.
  for (const item of items) await ledger.claim(announcementKey(item), now, 0, encodeCall(item));
}

/**
 * Redoes an announcement a stopped process recorded but did not finish posting: an SLA level, or
 * a step of a wait on the customer (its keys share the prefix, so one registration covers both).
 */
export function replayAnnouncement(ctx: DeskContext): WorkReplay {
  return async (payload) => {
    const decoded = decodeCall<unknown>(payload);
    if (isDigestWork(decoded)) {
      await sendDigest(ctx, new TickCache(ctx.store, ctx.clock.now()), decoded);
      return;
    }
    if (isCallbackReminder(decoded)) {
      // A call's reminder to its owner, as recorded.
      await announceCallbackReminder(ctx, new TickCache(ctx.store, ctx.clock.now()), decoded);
      return;
    }
    if (isWaitFollowUp(decoded)) {
      // A reminder or automatic close, as recorded (the messages already sent are not resent).
      await announceFollowUp(ctx, new TickCache(ctx.store, ctx.clock.now()), decoded);
      return;
    }
    const item = decoded as Announcement;
    // The level and its audience as recorded; the alert shows the case as it is now.
    const [current] = await ctx.store.cases.byIds([item.supportCase.id]);
    if (!current) return;
    const cache = new TickCache(ctx.store, ctx.clock.now());
    await announceSlaEvent(ctx, cache, item, undefined, current);
  };
}
