// The SLA loop's side of scheduled callbacks: a confirmed call carries `remindAt` (indexed), the
// instant its owner is reminded. A tick reads only the calls due; each reminder is recorded with a
// conditional update (still confirmed, still reminding at the instant read) in the same
// transaction as its announcement, written down as replayable `sla:` work, so two replicas or a
// restart never remind twice and a process dying after the record has its message sent by another.
import type { Repositories } from '../ports/storage.js';
import type { Callback } from '../callbacks/callback.js';
import { whenText } from '../callbacks/describe.js';
import { callbackText } from '../callbacks/messages.js';
import { notice, staffLanguage, toOwner } from '../callbacks/tell.js';
import type { DeskContext } from '../conversation/desk-context.js';
import { encodeCall } from '../delivery/codec.js';
import { withWork } from '../delivery/work-scope.js';
import { ANNOUNCEMENT_PREFIX } from './announcement-work.js';
import type { TickCache } from './tick-cache.js';

export interface CallbackReminder {
  kind: 'callback-reminder';
  callback: Callback;
  at: Date;
}

export function isCallbackReminder(value: unknown): value is CallbackReminder {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'callback-reminder'
  );
}

/** One key per call and start: a call moved to another time is reminded again. */
export function callbackReminderKey(item: CallbackReminder): string {
  return `${ANNOUNCEMENT_PREFIX}callback:${item.callback.id}:${item.callback.startsAt?.getTime() ?? 0}`;
}

/** Records the reminder (inside the caller's transaction); null when another got there first. */
export async function recordCallbackReminder(
  tx: Repositories,
  callback: Callback,
  now: Date,
  physicalNow: Date,
): Promise<CallbackReminder | null> {
  const result = await tx.callbacks.transition(
    callback.id,
    { statuses: ['confirmed'], remindAt: callback.remindAt, startsAt: callback.startsAt },
    { remindAt: null, remindedAt: now, updatedAt: now },
  );
  if (!result.ok) return null;
  await tx.events.append({
    caseId: callback.caseId,
    kind: 'callback-reminded',
    actorId: null,
    at: now,
    data: { callbackId: callback.id, startsAt: callback.startsAt?.toISOString() ?? null },
  });
  const item: CallbackReminder = { kind: 'callback-reminder', callback: result.callback, at: now };
  await tx.deliveries.claim(callbackReminderKey(item), physicalNow, 0, encodeCall(item));
  return item;
}

/** Sends a recorded reminder to the call's owner, in the owner's time zone. */
export async function announceCallbackReminder(
  ctx: DeskContext,
  cache: Pick<TickCache, 'org' | 'person'>,
  item: CallbackReminder,
): Promise<void> {
  const { callback, at } = item;
  const supportCase = await ctx.store.cases.byId(callback.caseId);
  if (!supportCase || !callback.startsAt || !callback.ownerId) return;
  const owner = await cache.person(callback.ownerId);
  const org = await cache.org(supportCase.orgId);
  const customer = await cache.person(callback.requesterId);
  if (!owner) return;
  const minutes = Math.max(0, Math.round((callback.startsAt.getTime() - at.getTime()) / 60_000));
  const zone = owner.timeZone ?? org?.calendar.timeZone ?? 'UTC';
  const text = callbackText('reminder', {
    minutes,
    customer: customer?.displayName ?? '?',
    org: org?.name ?? '?',
    ref: supportCase.reference,
    when: whenText(callback.startsAt, zone),
    contact: callback.contact ?? '',
  });
  await toOwner(ctx, supportCase, owner, notice(staffLanguage(owner), text, { tone: 'warning' }));
}

/** Runs the announcement as its recorded work, then marks the work done. */
export async function announceRecordedCallbackReminder(
  ctx: DeskContext,
  cache: Pick<TickCache, 'org' | 'person'>,
  item: CallbackReminder,
  physicalNow: () => Date,
): Promise<void> {
  const key = callbackReminderKey(item);
  await withWork(key, () => announceCallbackReminder(ctx, cache, item));
  await ctx.store.deliveries.done(key, physicalNow());
}
