// A support policy as data: tiers, severity (or criticality) levels and response targets.
// The file format is validated by zod (policy-schema.ts); this is the trusted, parsed shape.
import type { Deployment, MilestoneKind } from '../model.js';
import type { Target } from './target.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';

/**
 * A level's or tier's name in other languages, by catalogue code (`labels: { fr: … }` in the
 * file); `label` is the policy's own name, said in every language the file does not translate to.
 */
export type PolicyLabels = Readonly<Record<string, string>>;

/** Anything the policy names: its own label, and its names in other languages. */
export interface Labelled {
  label: string;
  labels?: PolicyLabels;
}

/** The name of a severity level or tier in `language`, else the policy's own name. */
export function labelIn(entry: Labelled, language: string): string {
  return entry.labels?.[language] ?? entry.label;
}

export interface SeverityLevel {
  /** 1 is the most severe. */
  value: number;
  /** Stable id, e.g. `urgent`. */
  id: string;
  label: string;
  /** `label` in other languages (absent or without the reader's language: `label`). */
  labels?: PolicyLabels;
  description: string;
  /** `description` in other languages, as `labels`. */
  descriptions?: PolicyLabels;
}

/** A level's description in `language`, else the policy's own. */
export function descriptionIn(level: SeverityLevel, language: string): string {
  return level.descriptions?.[language] ?? level.description;
}

/** A target that may differ by deployment; a missing deployment means no target for it. */
export type TargetRule = Partial<Record<Deployment, Target>>;

export interface TierPolicy {
  id: string;
  label: string;
  /** `label` in other languages (absent or without the reader's language: `label`). */
  labels?: PolicyLabels;
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

/** Who a rung of the escalation ladder tells. */
export type EscalationAudience = 'owner' | 'team' | 'on-call' | 'contact';

/**
 * One rung of the escalation ladder: who is told, and when. `at` is a fraction of the target (a
 * warning), `first-warning` (the policy's lowest threshold, whatever it is) or `breach`; the
 * contact rung may wait `overrun` past the breach. Each rung is told once per target.
 */
export interface EscalationRung {
  notify: EscalationAudience;
  at: number | 'first-warning' | 'breach';
  /** Past the breach: how long the target is overrun before this rung (contact only). */
  overrun: Target | null;
  /** The person told (a handle of the setup file), for the contact rung. */
  contact: string | null;
  /** The severities it applies to; null: every severity. */
  severities: number[] | null;
}

/**
 * casebot's default ladder (issue 12, not from the sources): the owner by direct message at the
 * first warning, the team channel at the second, the on-call role at a top-severity breach. A named
 * escalation contact needs a person, so it is only in a policy that names one.
 */
export const DEFAULT_ESCALATION: EscalationRung[] = [
  { notify: 'owner', at: 'first-warning', overrun: null, contact: null, severities: null },
  { notify: 'team', at: 0.75, overrun: null, contact: null, severities: null },
  { notify: 'on-call', at: 'breach', overrun: null, contact: null, severities: [1] },
];

/** Where a rung fires, as a fraction of the target (1: the breach). */
export function rungReach(at: EscalationRung['at'], thresholds: number[]): number {
  if (at === 'breach') return 1;
  if (at === 'first-warning') return thresholds[0] ?? 1;
  return at;
}

/** Grouping of non-urgent warnings per engineer; null: every warning is sent at once. */
export interface ReminderDigest {
  /** Warnings to one engineer within this window go out as one message at its end. */
  windowMs: number;
}

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
  /**
   * How often the customer is owed an update once the first response is given, per severity
   * (`customer-update` milestones); a severity without an entry has no cadence.
   */
  updateCadence: Partial<Record<number, Target>>;
  /** Who is told as a target runs out, rung by rung (DEFAULT_ESCALATION when the file sets none). */
  escalation: EscalationRung[];
  reminderDigest: ReminderDigest | null;
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

/** "Urgent (1)" ("Élevé (2)" in French), or "severity 7" when the policy does not know it. */
export function severityName(
  policy: Policy,
  severity: number,
  language: string = DEFAULT_LANGUAGE,
): string {
  const level = findSeverity(policy, severity);
  return level
    ? t(language, 'sla.policy.severityName', {
        label: labelIn(level, language),
        value: level.value,
      })
    : t(language, 'sla.policy.unknownSeverity', { value: severity });
}

/** The tier's name in `language` ("Gold"); an id the policy does not know, as written. */
export function tierLabel(
  policy: Policy,
  tier: string,
  language: string = DEFAULT_LANGUAGE,
): string {
  const found = findTier(policy, tier);
  return found ? labelIn(found, language) : tier;
}

export function targetFor(
  tier: TierPolicy,
  milestone: MilestoneKind,
  severity: number,
  deployment: Deployment,
): Target | undefined {
  return tier.targets[milestone]?.[severity]?.[deployment];
}
