// Which SLA event a due milestone calls for right now. After downtime several thresholds may have
// passed: only the highest one crossed is reported (one message per case, not a burst of stale ones).
import type { SlaMilestone } from '../model.js';

export type SlaLevel =
  | { event: 'warning'; threshold: number }
  | { event: 'breach'; threshold: 1 }
  /** The escalation ladder's overrun rung: the target breached and still unanswered past it. */
  | { event: 'overrun'; threshold: 2 };

/** Float slack: elapsedFraction at a threshold's own instant can come out a hair below it. */
const EPSILON = 1e-6;

export function levelToReport(
  milestone: SlaMilestone,
  fraction: number,
  now: Date,
  thresholds: number[],
): SlaLevel | null {
  if (milestone.metAt || milestone.breachedAt || milestone.pausedAt) return null;
  if (now.getTime() >= milestone.dueAt.getTime() || fraction >= 1 - EPSILON)
    return { event: 'breach', threshold: 1 };
  const already = milestone.warnedAt ?? 0;
  const crossed = thresholds.filter((t) => t <= fraction + EPSILON && t > already + EPSILON);
  const highest = crossed.length > 0 ? Math.max(...crossed) : null;
  return highest === null ? null : { event: 'warning', threshold: highest };
}

/** The next fraction to wake up at after `level` (a higher threshold, else the due instant). */
export function nextFractionAfter(level: number, thresholds: number[]): number {
  const higher = thresholds.filter((t) => t > level + EPSILON);
  return higher.length > 0 ? Math.min(...higher) : 1;
}

export function severityRank(level: SlaLevel): number {
  if (level.event === 'overrun') return 3;
  return level.event === 'breach' ? 2 : level.threshold;
}
