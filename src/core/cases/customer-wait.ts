// Waiting on the customer (issue 12 item 2). An engineer sets it when the next move is the
// customer's: the milestones the policy names (`waitingOnCustomer.pauses`) stop their clocks, and
// the case gets a follow-up instant that the SLA loop acts on (one reminder after `remindAfter`,
// then the case closes itself `closeAfter` later). The customer's reply ends the wait: each paused
// milestone resumes with the time it had left (working time for a business target). Every write
// is conditional (on the status, on the follow-up read, on the milestone still being paused), so
// a reply racing a reminder, or two replicas' loops, settle in the database.
import type { CaseEvent, Org, SlaMilestone, SupportCase } from '../model.js';
import { afterTarget, resumedClock, type Policy } from '../sla/index.js';
import { CaseError, said, statusWord } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { doneByThisWork, madeBy } from './done-by-work.js';
import { loadCase, loadPerson, requireCaseTeam, requireStaff } from './guards.js';
import { nextCheckAt } from './milestone-schedule.js';
import type { Repositories } from '../ports/storage.js';
import type { MilestoneKind } from '../model.js';

/** Statuses from which a case may start waiting on the customer. */
const MAY_WAIT = ['open', 'claimed'] as const;

export interface WaitPlan {
  /** When the customer will be reminded; null: the policy sends no reminder. */
  remindAt: Date | null;
  /** When the case will close itself if nothing comes; null: it never does. */
  closeAt: Date | null;
}

export interface WaitStarted extends WaitPlan {
  case: SupportCase;
  /** The milestones whose clock stopped. */
  paused: SlaMilestone[];
}

/** The reminder and close instants of a wait starting at `from`, from the policy. */
export function planWait(policy: Policy, org: Org, from: Date): WaitPlan {
  const { remindAfter, closeAfter } = policy.customerWait;
  const remindAt = remindAfter ? afterTarget(org.calendar, from, remindAfter) : null;
  const closeAt = closeAfter ? afterTarget(org.calendar, remindAt ?? from, closeAfter) : null;
  return { remindAt, closeAt };
}

export async function startCustomerWait(
  deps: CaseDeps,
  input: { caseId: string; actorId: string },
): Promise<WaitStarted> {
  const { store, clock, policy } = deps;
  const actor = await loadPerson(store, input.actorId);
  requireStaff(actor, 'wait');
  const current = await loadCase(store, input.caseId);
  const done = await doneByThisWork(store, current, 'waiting-on-customer');
  if (done) return waitRecorded(store, current, done);
  requireCaseTeam(actor, current);
  refuseUnlessMayWait(current);
  const org = await store.directory.orgById(current.orgId);
  if (!org) throw new CaseError('NO_ORG_ACCESS', said('orgGone', { reference: current.reference }));
  const now = clock.now();
  const plan = planWait(policy, org, now);
  return store.transaction(async (tx) => {
    const updated = await tx.cases.updateIf(
      current.id,
      { statuses: MAY_WAIT },
      {
        status: 'waiting-on-customer',
        waitingSince: now,
        followUpAt: plan.remindAt ?? plan.closeAt,
        remindedAt: null,
        updatedAt: now,
      },
    );
    if (!updated) refuseUnlessMayWait(await loadCase(tx, current.id), true);
    // The update cadence always stops too: nobody owes the customer news while waiting on them.
    const paused = await tx.milestones.pause(
      current.id,
      [...policy.customerWait.pauses, 'customer-update'],
      now,
    );
    await tx.events.append({
      caseId: current.id,
      kind: 'waiting-on-customer',
      actorId: actor.id,
      at: now,
      data: {
        paused: paused.map((m) => m.kind),
        remindAt: plan.remindAt?.toISOString() ?? null,
        closeAt: plan.closeAt?.toISOString() ?? null,
        ...madeBy(),
      },
    });
    return { case: updated ?? current, paused, ...plan };
  });
}

/** The wait as its event recorded it: what paused then, and the instants planned then. */
async function waitRecorded(
  repos: Pick<Repositories, 'milestones'>,
  current: SupportCase,
  event: CaseEvent,
): Promise<WaitStarted> {
  const kinds = Array.isArray(event.data.paused) ? (event.data.paused as unknown[]) : [];
  const milestones = await repos.milestones.forCase(current.id);
  const instant = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);
  return {
    case: current,
    paused: milestones.filter((milestone) => kinds.includes(milestone.kind)),
    remindAt: instant(event.data.remindAt),
    closeAt: instant(event.data.closeAt),
  };
}

function refuseUnlessMayWait(current: SupportCase, meanwhile = false): void {
  if (current.status === 'waiting-on-customer')
    throw new CaseError(
      'ALREADY_WAITING',
      said('alreadyWaiting', { reference: current.reference, meanwhile: meanwhile ? 'yes' : 'no' }),
    );
  if (current.status === 'resolved' || current.status === 'closed')
    throw new CaseError(
      'CASE_NOT_OPEN',
      said('nothingToWaitFor', {
        reference: current.reference,
        status: statusWord(current.status),
        meanwhile: meanwhile ? 'yes' : 'no',
      }),
    );
  if (meanwhile)
    throw new CaseError(
      'CONCURRENT_CHANGE',
      said('changedMeanwhile', { reference: current.reference }),
    );
}

export interface WaitEnded {
  case: SupportCase;
  /** The milestones that run again, with their new due instants. */
  resumed: SlaMilestone[];
  /** How long the case waited (wall-clock ms). */
  waitedMs: number;
}

/**
 * The customer answered: the wait ends (status back to claimed, or open without an owner) and
 * every paused milestone resumes with the time it had left. Null when the case was not waiting
 * (any more: a reply racing the automatic close loses to it, and is kept as a message).
 */
export async function endCustomerWait(
  deps: Pick<CaseDeps, 'store' | 'policy'>,
  supportCase: SupportCase,
  org: Org,
  at: Date,
  actorId: string | null,
): Promise<WaitEnded | null> {
  if (supportCase.status !== 'waiting-on-customer') return null;
  return deps.store.transaction(async (tx) => {
    const updated = await tx.cases.updateIf(
      supportCase.id,
      { statuses: ['waiting-on-customer'] },
      {
        status: supportCase.assigneeId ? 'claimed' : 'open',
        waitingSince: null,
        followUpAt: null,
        remindedAt: null,
        updatedAt: at,
      },
    );
    if (!updated) return null;
    const resumed = await resumePaused(tx, deps.policy, org, supportCase.id, at);
    const since = supportCase.waitingSince ?? at;
    const waitedMs = Math.max(0, at.getTime() - since.getTime());
    await tx.events.append({
      caseId: supportCase.id,
      kind: 'customer-wait-ended',
      actorId,
      at,
      data: {
        by: 'customer-reply',
        waitedMs,
        resumed: resumed.map((m) => ({ kind: m.kind, dueAt: m.dueAt.toISOString() })),
      },
    });
    return { case: updated, resumed, waitedMs };
  });
}

/**
 * Restarts the case's paused milestones (of `kinds`, or all) at `at` with the time each had left.
 * Used when the wait ends, and before a paused milestone is met (an engineer's reply, a resolve),
 * so that "met" or "met late" is judged against the due instant moved on by the pause.
 */
export async function resumePaused(
  tx: Pick<Repositories, 'milestones'>,
  policy: Policy,
  org: Org,
  caseId: string,
  at: Date,
  kinds?: readonly MilestoneKind[],
): Promise<SlaMilestone[]> {
  const resumed: SlaMilestone[] = [];
  for (const milestone of await tx.milestones.forCase(caseId)) {
    const { pausedAt } = milestone;
    if (!pausedAt || milestone.metAt !== null) continue;
    if (kinds && !kinds.includes(milestone.kind)) continue;
    const clock = resumedClock({ ...milestone, pausedAt, calendar: org.calendar, at });
    const check = nextCheckAt({
      startedAt: clock.startedAt,
      dueAt: clock.dueAt,
      businessHours: milestone.businessHours,
      calendar: org.calendar,
      thresholds: policy.warningThresholds,
      warnedLevel: milestone.warnedAt,
      now: at,
    });
    const row = await tx.milestones.resume(milestone.id, pausedAt, {
      startedAt: clock.startedAt,
      dueAt: clock.dueAt,
      nextCheckAt: check,
    });
    if (row) resumed.push(row);
  }
  return resumed;
}
