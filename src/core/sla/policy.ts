// A support policy as data: tiers, severity (or criticality) levels and response targets.
// The file format is validated by zod (policy-schema.ts); this is the trusted, parsed shape.
import type { Deployment, MilestoneKind } from '../model.js';
import type { Target } from './target.js';

export interface SeverityLevel {
  /** 1 is the most severe. */
  value: number;
  /** Stable id, e.g. `urgent`. */
  id: string;
  label: string;
  description: string;
}

/** A target that may differ by deployment; a missing deployment means no target for it. */
export type TargetRule = Partial<Record<Deployment, Target>>;

export interface TierPolicy {
  id: string;
  label: string;
  /** Severity values this tier may open, ascending. */
  severities: number[];
  /**
   * Per milestone, per severity value. A missing entry means "no target". `reopen` is the tier's
   * `reopen` table, or its first-response table when the file sets none.
   */
  targets: Partial<Record<MilestoneKind, Partial<Record<number, TargetRule>>>>;
  /** Message shown when a severity outside `severities` is asked for (optional). */
  refusal?: string;
  note?: string;
}

/**
 * What a severity change does to every target the case still owes (running or breached):
 * - `restart` (the default): the new level's target counts from the change, so a raise to
 *   Urgent gets Urgent's full target from now, and a target already missed at the old level is
 *   owed again under the new one;
 * - `carry-over`: the time elapsed since the target started counts against the new level's target
 *   (a raise past the new target is breached at once).
 */
export type SeverityChangeRule = 'restart' | 'carry-over';

export const DEFAULT_SEVERITY_CHANGE: SeverityChangeRule = 'restart';

/**
 * What "waiting on the customer" does (casebot's defaults, not from the sources):
 * - `pauses`: the milestones whose clock stops while the case waits (default next response and
 *   resolution: the first response is never paused, an engineer answers it before asking);
 * - `remindAfter`: how long the case waits before the customer gets one reminder (default
 *   3 business days of the org's calendar); null: no reminder;
 * - `closeAfter`: how long after the reminder (after the wait's start when there is none) the case
 *   closes itself (default 2 business days); null: it never closes by itself.
 */
export interface CustomerWaitRule {
  pauses: MilestoneKind[];
  remindAfter: Target | null;
  closeAfter: Target | null;
}

export const DEFAULT_CUSTOMER_WAIT = {
  pauses: ['next-response', 'resolution'] as MilestoneKind[],
  remindAfter: '3 business days',
  closeAfter: '2 business days',
};

export interface Policy {
  name: string;
  title: string;
  /** Where it was loaded from (file path), for error messages. */
  source: string;
  /** Fractions of a target at which to warn, ascending, each in (0, 1). */
  warningThresholds: number[];
  /** Severity a new case gets when none is chosen. */
  defaultSeverity: number;
  /** Whether elapsed time carries over when a case's severity changes (default `restart`). */
  severityChange: SeverityChangeRule;
  /**
   * Handover rule (Premier's "the engineer stays on a critical incident"): the owner of a case at
   * the top severity cannot unclaim it, only hand it to a named engineer (reassign). Default false.
   */
  criticalHandover: boolean;
  /** What waiting on the customer pauses, and when the customer is reminded and the case closed. */
  customerWait: CustomerWaitRule;
  severities: SeverityLevel[];
  tiers: TierPolicy[];
}

export function findTier(policy: Policy, tier: string): TierPolicy | undefined {
  const wanted = tier.trim().toLowerCase();
  return policy.tiers.find((candidate) => candidate.id === wanted);
}

export function findSeverity(policy: Policy, severity: number): SeverityLevel | undefined {
  return policy.severities.find((candidate) => candidate.value === severity);
}

/** "Urgent (1)", or "severity 7" when the policy does not know it. */
export function severityName(policy: Policy, severity: number): string {
  const level = findSeverity(policy, severity);
  return level ? `${level.label} (${level.value})` : `severity ${severity}`;
}

export function tierLabel(policy: Policy, tier: string): string {
  return findTier(policy, tier)?.label ?? tier;
}

export function targetFor(
  tier: TierPolicy,
  milestone: MilestoneKind,
  severity: number,
  deployment: Deployment,
): Target | undefined {
  return tier.targets[milestone]?.[severity]?.[deployment];
}
