// The SLA loop's side of waiting on the customer: a waiting case carries `followUpAt` (indexed),
// the instant of its one reminder, then of its automatic close. A tick reads only the cases due
// now; each step is recorded with a conditional update (on the status and the follow-up read) in
// the same transaction as its announcement, written down as replayable work under the `sla:`
// prefix, so that a restart or a second replica never reminds or closes twice, and a process that
// dies after the record has its messages sent by another's delivery worker.
import type { Org, SupportCase } from '../model.js';
import type { DeskContext } from '../conversation/desk-context.js';
import { refreshAlert } from '../conversation/alert-view.js';
import { info, tellCustomer, tellTeam } from '../conversation/notify.js';
import { languageOf, teamLanguage } from '../conversation/identity.js';
import { afterTarget, formatDuration, formatLocalDue } from '../sla/index.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';
import { withWork } from '../delivery/work-scope.js';
import { encodeCall } from '../delivery/codec.js';
import type { Repositories } from '../ports/storage.js';
import type { TickCache } from './tick-cache.js';
import { ANNOUNCEMENT_PREFIX } from './announcement-work.js';

/** One recorded step of a wait, to announce (and to replay after a crash). */
export interface WaitFollowUp {
  kind: 'customer-wait';
  stage: 'remind' | 'close';
  /** The case as the step left it. */
  supportCase: SupportCase;
  /** When the wait began (the reminder says since when). */
  waitingSince: Date;
  /** Remind: when the case will close itself without a reply (null: it will not). */
  closeAt: Date | null;
  /** When the step was recorded. */
  at: Date;
}

export function isWaitFollowUp(value: unknown): value is WaitFollowUp {
  return (
    typeof value === 'object' &&
    value !== null &&
    'kind' in value &&
    (value as { kind: unknown }).kind === 'customer-wait'
  );
}

/** One key per step of one wait: the step is recorded once, so it is announced once. */
export function followUpKey(item: WaitFollowUp): string {
  return `${ANNOUNCEMENT_PREFIX}wait:${item.supportCase.id}:${item.waitingSince.getTime()}:${item.stage}`;
}

/**
 * Records the step a waiting case is due for (inside the caller's transaction): the reminder, or
 * the close. Null when another replica (or a reply) got there first, or when nothing is left to do
 * (the case no longer waits: its follow-up is cleared).
 */
export async function recordFollowUp(
  ctx: Pick<DeskContext, 'policy'>,
  tx: Repositories,
  supportCase: SupportCase,
  org: Org | null,
  now: Date,
  physicalNow: Date,
): Promise<WaitFollowUp | null> {
  const expected = { followUpAt: supportCase.followUpAt };
  const { remindAfter, closeAfter } = ctx.policy.customerWait;
  const since = supportCase.waitingSince;
  const stage = supportCase.remindedAt === null && remindAfter ? 'remind' : 'close';
  if (
    supportCase.status !== 'waiting-on-customer' ||
    !since ||
    !org ||
    (stage === 'close' && !closeAfter)
  ) {
    await tx.cases.updateIf(supportCase.id, expected, { followUpAt: null, updatedAt: now });
    return null;
  }
  const statuses = ['waiting-on-customer'] as const;
  if (stage === 'remind') {
    // Counted from the reminder actually sent, so the customer gets the whole notice announced.
    const closeAt = closeAfter ? afterTarget(org.calendar, now, closeAfter) : null;
    const updated = await tx.cases.updateIf(
      supportCase.id,
      { ...expected, statuses },
      { remindedAt: now, followUpAt: closeAt, updatedAt: now },
    );
    if (!updated) return null;
    await tx.events.append({
      caseId: supportCase.id,
      kind: 'customer-reminded',
      actorId: null,
      at: now,
      data: { waitingSince: since.toISOString(), closeAt: closeAt?.toISOString() ?? null },
    });
    return write(
      tx,
      { kind: 'customer-wait', stage, supportCase: updated, waitingSince: since, closeAt, at: now },
      physicalNow,
    );
  }
  const updated = await tx.cases.updateIf(
    supportCase.id,
    { ...expected, statuses },
    { status: 'closed', closedAt: now, followUpAt: null, updatedAt: now },
  );
  if (!updated) return null;
  await tx.milestones.stopChecks(supportCase.id);
  await tx.events.append({
    caseId: supportCase.id,
    kind: 'closed',
    actorId: null,
    at: now,
    data: {
      reason: 'no reply from the customer',
      automatic: true,
      waitingSince: since.toISOString(),
    },
  });
  return write(
    tx,
    {
      kind: 'customer-wait',
      stage,
      supportCase: updated,
      waitingSince: since,
      closeAt: null,
      at: now,
    },
    physicalNow,
  );
}

async function write(
  tx: Repositories,
  item: WaitFollowUp,
  physicalNow: Date,
): Promise<WaitFollowUp> {
  await tx.deliveries.claim(followUpKey(item), physicalNow, 0, encodeCall(item));
  return item;
}

/** Posts a recorded step: to the customer, to the alert thread, and the alert re-rendered. */
export async function announceFollowUp(
  ctx: DeskContext,
  cache: Pick<TickCache, 'org' | 'person' | 'team'>,
  item: WaitFollowUp,
): Promise<void> {
  const { supportCase, waitingSince, at } = item;
  const org = await cache.org(supportCase.orgId);
  const requester = await cache.person(supportCase.requesterId);
  // The customer reads their own language and zone; the team thread its own language, in UTC.
  const customer = requester ? languageOf(requester, org) : DEFAULT_LANGUAGE;
  const team = teamLanguage(await cache.team(supportCase.teamId));
  const zone = requester?.timeZone ?? org?.calendar.timeZone ?? 'UTC';
  const waitedMs = at.getTime() - waitingSince.getTime();
  const reference = supportCase.reference;
  const say = (language: string, key: string, closeZone: string) =>
    info(
      t(language, key, {
        reference,
        waited: formatDuration(waitedMs, language),
        closeAt: item.closeAt ? formatLocalDue(at, item.closeAt, closeZone, language) : '',
      }),
      language,
    );
  if (item.stage === 'remind') {
    const until = item.closeAt ? 'Until' : '';
    await tellCustomer(ctx, supportCase, say(customer, `alerts.wait.remindCustomer${until}`, zone));
    await tellTeam(ctx, supportCase, say(team, `alerts.wait.remindTeam${until}`, 'UTC'));
    return;
  }
  await tellCustomer(ctx, supportCase, say(customer, 'alerts.wait.closedCustomer', zone));
  await tellTeam(ctx, supportCase, say(team, 'alerts.wait.closedTeam', 'UTC'));
  await refreshAlert(ctx, supportCase, { ...(org ? { org } : {}), language: team });
}

/** Runs `announceFollowUp` as the recorded work, then marks the work done. */
export async function announceRecordedFollowUp(
  ctx: DeskContext,
  cache: Pick<TickCache, 'org' | 'person' | 'team'>,
  item: WaitFollowUp,
  physicalNow: () => Date,
): Promise<void> {
  const key = followUpKey(item);
  await withWork(key, () => announceFollowUp(ctx, cache, item));
  await ctx.store.deliveries.done(key, physicalNow());
}
