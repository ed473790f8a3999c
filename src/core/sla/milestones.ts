// What the store and the SLA loop need around deadlines: every milestone a policy sets for a case,
// and the next instant a milestone must be looked at (next warning threshold, then the breach).
import type { BusinessCalendar, Deployment, MilestoneKind } from '../model.js';
import { computeDueAt, nextThresholdInstant, type DueResult } from './deadlines.js';
import type { Policy } from './policy.js';

/** Planned by default: the reopen target starts only when a resolved case is reopened. */
const MILESTONES: MilestoneKind[] = ['first-response', 'next-response', 'resolution'];

export interface PlannedMilestone extends DueResult {
  kind: MilestoneKind;
  startedAt: Date;
}

/**
 * Every milestone the policy sets for this tier, severity and deployment, clock started at
 * `startedAt` (case opening; for next-response, the customer's last message). Milestones without
 * a target are left out. Throws SlaRuleError like computeDueAt.
 */
export function planMilestones(input: {
  policy: Policy;
  tier: string;
  severity: number;
  deployment: Deployment;
  startedAt: Date;
  calendar: BusinessCalendar;
  kinds?: MilestoneKind[];
}): PlannedMilestone[] {
  const planned: PlannedMilestone[] = [];
  for (const kind of input.kinds ?? MILESTONES) {
    const due = computeDueAt({ ...input, openedAt: input.startedAt, milestone: kind });
    if (due) planned.push({ kind, startedAt: input.startedAt, ...due });
  }
  return planned;
}

export interface NextCheck {
  /** The threshold this check is for; 1 means the breach. */
  fraction: number;
  at: Date;
}

/**
 * The next check after warnings up to `warnedFraction` were sent (null: none yet): the instant of
 * the next warning threshold, or the due instant once all warnings are out. Null once `breached`.
 */
export function nextCheck(input: {
  startedAt: Date;
  dueAt: Date;
  businessHours: boolean;
  calendar: BusinessCalendar;
  thresholds: number[];
  warnedFraction: number | null;
  breached: boolean;
}): NextCheck | null {
  if (input.breached) return null;
  const sent = input.warnedFraction ?? 0;
  const fraction =
    [...input.thresholds, 1].sort((a, b) => a - b).find((candidate) => candidate > sent) ?? 1;
  return { fraction, at: nextThresholdInstant({ ...input, fraction }) };
}
