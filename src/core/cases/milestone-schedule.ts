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
import type { Repositories } from '../ports/storage.js';

export const MILESTONE_KINDS: MilestoneKind[] = [
  'first-response',
  'next-response',
  'resolution',
  'reopen',
];

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

/** Still owed by the team: not met yet (running, or breached and still unanswered). */
export function isUnmet(milestone: SlaMilestone): boolean {
  return milestone.metAt === null;
}

/** A milestone's new clock: where it starts, when it is due, when the SLA loop looks next. */
export interface NewClock {
  startedAt: Date;
  dueAt: Date;
  businessHours: boolean;
  nextCheckAt: Date | null;
}

/**
 * Gives an owed milestone (running or breached) a new clock inside the caller's transaction:
 * new start, due instant and next check; warnings and breach cleared. Returns null, changing
 * nothing, when it was met meanwhile (that answer stands).
 *
 * The store has no single write for this (`retarget` keeps the start and leaves a breached
 * milestone alone), so it is two conditional writes: `markMet` (only while unmet: a reply
 * committed first wins) then `start` (which restarts a met row). Inside one transaction nobody
 * sees the row met in between, and a reply waiting on the row meets the new clock after commit.
 */
export async function restartOwed(
  tx: Pick<Repositories, 'milestones'>,
  milestone: SlaMilestone,
  clock: NewClock,
): Promise<SlaMilestone | null> {
  const closed = await tx.milestones.markMet(milestone.caseId, milestone.kind, clock.startedAt);
  if (!closed) return null;
  return tx.milestones.start({ caseId: milestone.caseId, kind: milestone.kind, ...clock });
}

export function isOpenCase(supportCase: SupportCase): boolean {
  return supportCase.status !== 'resolved' && supportCase.status !== 'closed';
}
