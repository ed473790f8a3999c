// SLA milestones the conversation drives: an engineer's reply meets the first response and any
// pending next response; a customer's message after an engineer's reply starts the next-response
// clock, when the policy sets a target for it (the Premier preset does; Elastic's does not).
import type { MilestoneKind, Org, SlaMilestone, SupportCase } from '../model.js';
import { computeDueAt, nextCheck, SlaRuleError, type DueResult } from '../sla/index.js';
import type { CaseDeps } from './case-deps.js';
import { isOpenCase } from './milestone-schedule.js';
import type { Repositories } from './repositories.js';

const MET_BY_ENGINEER_REPLY: MilestoneKind[] = ['first-response', 'next-response'];

/** Marks the running response milestones met; returns those this reply met. */
export async function meetResponseMilestones(
  store: Pick<Repositories, 'milestones'>,
  caseId: string,
  at: Date,
): Promise<SlaMilestone[]> {
  const met: SlaMilestone[] = [];
  for (const kind of MET_BY_ENGINEER_REPLY) {
    const milestone = await store.milestones.markMet(caseId, kind, at);
    if (milestone) met.push(milestone);
  }
  return met;
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

function nextResponseDue(
  deps: Pick<CaseDeps, 'policy'>,
  supportCase: SupportCase,
  org: Org,
  at: Date,
): DueResult | null {
  try {
    return computeDueAt({
      policy: deps.policy,
      tier: org.tier,
      severity: supportCase.severity,
      deployment: org.deployment,
      openedAt: at,
      calendar: org.calendar,
      milestone: 'next-response',
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
