// What a case's due milestones call for right now, recorded with conditional updates: a level is
// written only if the stored level is still the one read (markWarned / markBreached), so two
// replicas, or a restart, never announce the same warning twice. Pure over the repository given,
// so that the SLA loop can run a whole batch of these inside one transaction.
import type { MilestoneRepository } from '../ports/storage.js';
import type { Org, SlaMilestone, SupportCase } from '../model.js';
import { nextThresholdInstant, type Policy } from '../sla/index.js';
import { overrunCheckAt } from './escalation-ladder.js';
import type { SpanFigures } from '../conversation/alert-view.js';
import type { Announcement } from './announce.js';
import { levelToReport, nextFractionAfter, severityRank, type SlaLevel } from './sla-levels.js';

interface Decision {
  milestone: SlaMilestone;
  level: SlaLevel | null;
}

export interface CaseCheck {
  caseId: string;
  /** Null when the case is gone. */
  supportCase: SupportCase | null;
  /** Null when the case's org is gone. */
  org: Org | null;
  milestones: SlaMilestone[];
}

/**
 * Records the case's levels; returns what to announce: the most serious event of its targets, and
 * the update cadence's reminder when it is due.
 */
export async function recordCase(
  repo: MilestoneRepository,
  check: CaseCheck,
  thresholds: number[],
  now: Date,
  figures: SpanFigures,
  ladder: Pick<Policy, 'escalation'>,
): Promise<Announcement[]> {
  const { supportCase, org } = check;
  const isDone = supportCase?.status === 'resolved' || supportCase?.status === 'closed';
  if (!supportCase || isDone || !org) {
    await repo.stopChecks(check.caseId);
    return [];
  }
  const won: { milestone: SlaMilestone; level: SlaLevel }[] = [];
  for (const milestone of check.milestones) {
    // The update cadence has no warnings: the owner is reminded once, at its due instant.
    const own = milestone.kind === 'customer-update' ? [] : thresholds;
    const overrun = isOverrunDue(milestone);
    const level: SlaLevel | null = overrun
      ? { event: 'overrun', threshold: 2 }
      : levelToReport(milestone, figures.elapsedFraction(milestone, org), now, own);
    // The ladder's overrun rung waits past the breach; the cadence's reminder has no ladder.
    const after =
      level?.event === 'breach' && milestone.kind !== 'customer-update'
        ? overrunCheckAt(ladder, supportCase.severity, milestone.dueAt, org.calendar)
        : null;
    if ((await record(repo, { milestone, level }, org, own, now, after)) && level)
      won.push({ milestone, level });
  }
  // One message per case per tick: the most serious event among its milestones.
  // The cadence reminder is the owner's own message: it neither hides a target's level nor hides
  // behind one.
  const targets = won.filter((w) => w.milestone.kind !== 'customer-update');
  const reminders = won.filter((w) => w.milestone.kind === 'customer-update');
  const worst = targets.sort((a, b) => severityRank(b.level) - severityRank(a.level))[0];
  return [...(worst ? [worst] : []), ...reminders].map(({ milestone, level }) => ({
    supportCase,
    org,
    milestone,
    level,
  }));
}

/** Writes the level (or just the next wake-up); true when this caller should announce. */
async function record(
  repo: MilestoneRepository,
  { milestone, level }: Decision,
  org: Org,
  thresholds: number[],
  now: Date,
  overrunAt: Date | null,
): Promise<boolean> {
  // Every write names the target it measured: one moved meanwhile (severity change) wins.
  if (level?.event === 'breach')
    return repo.markBreached(milestone.id, now, milestone.dueAt, overrunAt);
  if (level?.event === 'overrun' && milestone.nextCheckAt)
    return repo.markOverrun(milestone.id, milestone.nextCheckAt);
  // A met or breached milestone has nothing left to announce. One still carrying a next check
  // (left re-armed by a write that raced a reply) is stopped, not rescheduled: rescheduling it
  // would bring it back every tick forever.
  // A paused one (the case waits on the customer) has nothing to announce until it resumes.
  if (milestone.metAt !== null || milestone.breachedAt !== null || milestone.pausedAt !== null) {
    await repo.clearDoneCheck(milestone.id);
    return false;
  }
  const from = level?.threshold ?? milestone.warnedAt ?? 0;
  const fraction = nextFractionAfter(from, thresholds);
  let next = nextThresholdInstant({ ...span(milestone, org), fraction });
  // Never schedule in the past: a rounding slip would make the same tick pick it up forever.
  if (next.getTime() <= now.getTime()) next = new Date(now.getTime() + 1000);
  if (level)
    return repo.markWarned(
      milestone.id,
      milestone.warnedAt,
      level.threshold,
      next,
      milestone.dueAt,
    );
  if (milestone.warnedAt === null) await repo.reschedule(milestone.id, milestone.dueAt, next);
  else
    await repo.markWarned(
      milestone.id,
      milestone.warnedAt,
      milestone.warnedAt,
      next,
      milestone.dueAt,
    );
  return false;
}

/**
 * A breached target still unanswered whose next check is due: the check markBreached left for the
 * ladder's overrun rung (nothing else keeps a breached milestone's check; a stray one is stopped).
 */
function isOverrunDue(milestone: SlaMilestone): boolean {
  return (
    milestone.breachedAt !== null &&
    milestone.metAt === null &&
    milestone.pausedAt === null &&
    milestone.nextCheckAt !== null &&
    milestone.kind !== 'customer-update'
  );
}

function span(milestone: SlaMilestone, org: Org) {
  return {
    startedAt: milestone.startedAt,
    dueAt: milestone.dueAt,
    businessHours: milestone.businessHours,
    calendar: org.calendar,
  };
}

export function groupByCase(milestones: SlaMilestone[]): Map<string, SlaMilestone[]> {
  const byCase = new Map<string, SlaMilestone[]>();
  for (const m of milestones) byCase.set(m.caseId, [...(byCase.get(m.caseId) ?? []), m]);
  return byCase;
}
