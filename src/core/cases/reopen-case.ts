// Reopens a resolved case within the reopen window (7 days unless configured). The requester or
// an engineer may do it; the case returns to its assignee, or to the queue when it had none, and
// owes a response again: the policy's reopen target (by default the tier's first-response target
// for the case's severity), counted from the reopening, met by the next engineer reply.
import type { Org, SlaMilestone, SupportCase } from '../model.js';
import { SlaRuleError, type DueResult } from '../sla/index.js';
import { CaseError, said, statusWord } from './case-error.js';
import { DEFAULT_REOPEN_WINDOW_DAYS, type CaseDeps } from './case-deps.js';
import { doneByThisWork, madeBy } from './done-by-work.js';
import { isStaff, loadCase, loadPerson } from './guards.js';
import { isRunning, nextCheckAt, targetsFor } from './milestone-schedule.js';
import type { Repositories } from '../ports/storage.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReopenCaseInput {
  caseId: string;
  actorId: string;
  reason?: string | null;
}

export async function reopenCase(deps: CaseDeps, input: ReopenCaseInput): Promise<SupportCase> {
  const { store, policy, clock } = deps;
  const actor = await loadPerson(store, input.actorId);
  const current = await loadCase(store, input.caseId);
  if (await doneByThisWork(store, current, 'reopened')) return current;
  if (!isStaff(actor) && actor.id !== current.requesterId) {
    throw new CaseError('NOT_ALLOWED', said('reopenNotAllowed', { reference: current.reference }));
  }
  if (current.status !== 'resolved' || !current.resolvedAt) {
    throw new CaseError(
      'CASE_NOT_OPEN',
      current.status === 'closed'
        ? said('reopenClosed', { reference: current.reference })
        : said('notResolved', { reference: current.reference, status: statusWord(current.status) }),
    );
  }
  const now = clock.now();
  const windowDays = deps.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
  if (now.getTime() - current.resolvedAt.getTime() > windowDays * DAY_MS) {
    throw new CaseError(
      'REOPEN_WINDOW_PASSED',
      said('reopenWindowPassed', { reference: current.reference, days: String(windowDays) }),
    );
  }
  const org = await store.directory.orgById(current.orgId);
  const milestones = await store.milestones.forCase(current.id);
  return store.transaction(async (tx) => {
    const status = current.assigneeId ? 'claimed' : 'open';
    const updated = await tx.cases.update(current.id, { status, resolvedAt: null, updatedAt: now });
    // Targets that were still running when the case was resolved are watched again.
    for (const milestone of milestones.filter(isRunning)) {
      if (!org) break;
      const check = nextCheckAt({
        ...milestone,
        calendar: org.calendar,
        thresholds: policy.warningThresholds,
        warnedLevel: milestone.warnedAt,
        now,
      });
      await tx.milestones.retarget(milestone.id, milestone.dueAt, milestone.businessHours, check);
    }
    const started = org ? await startReopenTarget(tx, deps, updated, org, now) : null;
    await tx.events.append({
      caseId: current.id,
      kind: 'reopened',
      actorId: actor.id,
      at: now,
      data: {
        reason: input.reason ?? null,
        ...(started ? { reopenDueAt: started.dueAt.toISOString() } : {}),
        ...madeBy(),
      },
    });
    return updated;
  });
}

function reopenDue(
  policy: CaseDeps['policy'],
  supportCase: SupportCase,
  org: Org,
  now: Date,
): DueResult | null {
  try {
    const [target] = targetsFor({
      policy,
      tier: org.tier,
      severity: supportCase.severity,
      deployment: org.deployment,
      calendar: org.calendar,
      startedAt: now,
      kinds: ['reopen'],
    });
    return target?.due ?? null;
  } catch (error) {
    // The org's tier changed since the case opened: no target applies, the case goes on.
    if (error instanceof SlaRuleError) return null;
    throw error;
  }
}

/** The policy's reopen target from `now`, or null when it sets none for the case. */
async function startReopenTarget(
  tx: Pick<Repositories, 'milestones'>,
  { policy }: CaseDeps,
  supportCase: SupportCase,
  org: Org,
  now: Date,
): Promise<SlaMilestone | null> {
  const due = reopenDue(policy, supportCase, org, now);
  if (!due) return null;
  const { dueAt, businessHours } = due;
  // One row per case and kind: a second reopening restarts the first one's (met) clock.
  return tx.milestones.start({
    caseId: supportCase.id,
    kind: 'reopen',
    startedAt: now,
    dueAt,
    businessHours,
    nextCheckAt: nextCheckAt({
      startedAt: now,
      dueAt,
      businessHours,
      calendar: org.calendar,
      thresholds: policy.warningThresholds,
      warnedLevel: null,
      now,
    }),
  });
}
