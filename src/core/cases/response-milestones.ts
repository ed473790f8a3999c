// SLA milestones the conversation drives: an engineer's reply meets the first response, any
// pending next response and the response owed after a reopening; resolving a case meets every
// target it still owes (a resolution is an answer too). A customer's message after an engineer's
// reply starts the next-response clock, when the policy sets a target for it (the Premier preset
// does; Elastic's does not). A target met after its due instant is met late (milestone-state.ts).
import type { MilestoneKind, Org, SlaMilestone, SupportCase } from '../model.js';
import { computeDueAt, nextCheck, SlaRuleError, wasMetLate, type DueResult } from '../sla/index.js';
import type { CaseDeps } from './case-deps.js';
import { isOpenCase } from './milestone-schedule.js';
import type { NewCaseEvent, Repositories } from '../ports/storage.js';

export const MET_BY_ENGINEER_REPLY: MilestoneKind[] = [
  'first-response',
  'next-response',
  'reopen',
  'customer-update',
];
const MET_BY_RESOLUTION: MilestoneKind[] = [...MET_BY_ENGINEER_REPLY, 'resolution'];

/** Marks the owed response milestones met (late ones too); returns those this reply met. */
export function meetResponseMilestones(
  store: Pick<Repositories, 'milestones'>,
  caseId: string,
  at: Date,
): Promise<SlaMilestone[]> {
  return meet(store, caseId, MET_BY_ENGINEER_REPLY, at);
}

/** Resolving answers the case: every target it still owes is met (late when past due). */
export function meetOnResolution(
  store: Pick<Repositories, 'milestones'>,
  caseId: string,
  at: Date,
): Promise<SlaMilestone[]> {
  return meet(store, caseId, MET_BY_RESOLUTION, at);
}

async function meet(
  store: Pick<Repositories, 'milestones'>,
  caseId: string,
  kinds: MilestoneKind[],
  at: Date,
): Promise<SlaMilestone[]> {
  const met: SlaMilestone[] = [];
  for (const kind of kinds) {
    const milestone = await store.milestones.markMet(caseId, kind, at);
    if (milestone) met.push(milestone);
  }
  return met;
}

/** The audit event of a met milestone: which one, and whether it was met late. */
export function metEvent(milestone: SlaMilestone, actorId: string | null, at: Date): NewCaseEvent {
  return {
    caseId: milestone.caseId,
    kind: 'sla-met',
    actorId,
    at,
    data: {
      milestone: milestone.kind,
      late: wasMetLate(milestone),
      dueAt: milestone.dueAt.toISOString(),
    },
  };
}

/**
 * Starts next-response at `at` for a customer's message, when the policy sets a target, an
 * engineer has already replied (before that, first-response is the clock) and no next-response
 * is running yet. Returns the started milestone, or null.
 */
export async function startNextResponse(
  deps: Pick<CaseDeps, 'store' | 'policy'>,
  supportCase: SupportCase,
  org: Org,
  at: Date,
): Promise<SlaMilestone | null> {
  const { store, policy } = deps;
  if (!isOpenCase(supportCase)) return null;
  const due = nextResponseDue(deps, supportCase, org, at);
  if (!due) return null;
  const milestones = await store.milestones.forCase(supportCase.id);
  if (milestones.some((m) => m.kind === 'next-response' && m.metAt === null)) return null;
  if (!(await engineerHasReplied(store, supportCase.id, milestones))) return null;
  const check = nextCheck({
    startedAt: at,
    dueAt: due.dueAt,
    businessHours: due.businessHours,
    calendar: org.calendar,
    thresholds: policy.warningThresholds,
    warnedFraction: null,
    breached: false,
  });
  return store.milestones.start({
    caseId: supportCase.id,
    kind: 'next-response',
    startedAt: at,
    dueAt: due.dueAt,
    businessHours: due.businessHours,
    nextCheckAt: check?.at ?? due.dueAt,
  });
}

/**
 * The follow-up cadence (policy `updateCadence`): once an engineer has answered, the customer is
 * owed an update within the cadence, counted from `at` (the last answer, or the customer's message
 * when none is owed). Started only while none is owed: an engineer's reply meets the owed one
 * first, and `start` restarts a met row. No warnings: the owner is reminded at the due instant.
 */
export async function startUpdateCadence(
  deps: Pick<CaseDeps, 'store' | 'policy'>,
  supportCase: SupportCase,
  org: Org,
  at: Date,
): Promise<SlaMilestone | null> {
  const { store } = deps;
  if (!isOpenCase(supportCase)) return null;
  const due = dueFor(deps, supportCase, org, at, 'customer-update');
  if (!due) return null;
  const milestones = await store.milestones.forCase(supportCase.id);
  if (milestones.some((m) => m.kind === 'customer-update' && m.metAt === null)) return null;
  if (!(await engineerHasReplied(store, supportCase.id, milestones))) return null;
  return store.milestones.start({
    caseId: supportCase.id,
    kind: 'customer-update',
    startedAt: at,
    dueAt: due.dueAt,
    businessHours: due.businessHours,
    nextCheckAt: due.dueAt,
  });
}

function nextResponseDue(
  deps: Pick<CaseDeps, 'policy'>,
  supportCase: SupportCase,
  org: Org,
  at: Date,
): DueResult | null {
  return dueFor(deps, supportCase, org, at, 'next-response');
}

function dueFor(
  deps: Pick<CaseDeps, 'policy'>,
  supportCase: SupportCase,
  org: Org,
  at: Date,
  milestone: MilestoneKind,
): DueResult | null {
  try {
    return computeDueAt({
      policy: deps.policy,
      tier: org.tier,
      severity: supportCase.severity,
      deployment: org.deployment,
      openedAt: at,
      calendar: org.calendar,
      milestone,
    });
  } catch (error) {
    // The org's tier changed since the case opened: no target applies, the case goes on.
    if (error instanceof SlaRuleError) return null;
    throw error;
  }
}

async function engineerHasReplied(
  store: Pick<Repositories, 'events'>,
  caseId: string,
  milestones: SlaMilestone[],
): Promise<boolean> {
  const first = milestones.find((m) => m.kind === 'first-response');
  if (first) return first.metAt !== null;
  // No first-response target for this severity: look for an engineer's reply in the audit log.
  const events = await store.events.forCase(caseId);
  return events.some((event) => event.kind === 'replied' && event.data.side === 'engineer');
}
