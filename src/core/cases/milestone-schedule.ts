// When the SLA loop must next look at a milestone: the first warning threshold not yet sent and
// not yet passed, else the due instant (for the breach), else never.
import type {
  BusinessCalendar,
  Deployment,
  MilestoneKind,
  SlaMilestone,
  SupportCase,
} from '../model.js';
import { computeDueAt, nextThresholdInstant, type DueResult, type Policy } from '../sla/index.js';

export const MILESTONE_KINDS: MilestoneKind[] = ['first-response', 'next-response', 'resolution'];

export function nextCheckAt(input: {
  startedAt: Date;
  dueAt: Date;
  businessHours: boolean;
  calendar: BusinessCalendar;
  thresholds: number[];
  warnedLevel: number | null;
  now: Date;
}): Date {
  for (const fraction of input.thresholds) {
    if (input.warnedLevel !== null && fraction <= input.warnedLevel) continue;
    const at = nextThresholdInstant({ ...input, fraction });
    if (at.getTime() > input.now.getTime()) return at;
  }
  return input.dueAt;
}

/** Targets of a case for each milestone the policy sets (first response and resolution at open). */
export function targetsFor(input: {
  policy: Policy;
  tier: string;
  severity: number;
  deployment: Deployment;
  calendar: BusinessCalendar;
  startedAt: Date;
  kinds: MilestoneKind[];
}): { kind: MilestoneKind; due: DueResult }[] {
  return input.kinds.flatMap((kind) => {
    const due = computeDueAt({
      policy: input.policy,
      tier: input.tier,
      severity: input.severity,
      deployment: input.deployment,
      openedAt: input.startedAt,
      calendar: input.calendar,
      milestone: kind,
    });
    return due ? [{ kind, due }] : [];
  });
}

/** A milestone is still running when it is neither met nor breached. */
export function isRunning(milestone: SlaMilestone): boolean {
  return milestone.metAt === null && milestone.breachedAt === null;
}

export function isOpenCase(supportCase: SupportCase): boolean {
  return supportCase.status !== 'resolved' && supportCase.status !== 'closed';
}
