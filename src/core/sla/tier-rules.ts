// Which severities a subscription tier may open, with the refusal a customer reads.
import { findSeverity, findTier, severityName, type Policy } from './policy.js';
import { CasebotError } from '../errors.js';

export type SlaRuleCode = 'UNKNOWN_TIER' | 'UNKNOWN_SEVERITY' | 'SEVERITY_NOT_ALLOWED_FOR_TIER';

export class SlaRuleError extends CasebotError {
  declare readonly code: SlaRuleCode;
  constructor(code: SlaRuleCode, message: string) {
    super('refusal', code, message);
  }
}

/** Throws SlaRuleError when `tier` is unknown, `severity` unknown, or not open to that tier. */
export function checkSeverityAllowed(policy: Policy, tier: string, severity: number): void {
  const tierPolicy = findTier(policy, tier);
  if (!tierPolicy) {
    const known = policy.tiers.map((candidate) => candidate.id).join(', ');
    throw new SlaRuleError(
      'UNKNOWN_TIER',
      `unknown tier "${tier}" in policy ${policy.name}: use one of ${known}`,
    );
  }
  if (!findSeverity(policy, severity)) {
    // Only the levels this tier may open: a level the reader cannot use is no help to them.
    const known = policy.severities
      .filter((level) => tierPolicy.severities.includes(level.value))
      .map((level) => `${level.value} (${level.label})`)
      .join(', ');
    throw new SlaRuleError(
      'UNKNOWN_SEVERITY',
      `There is no severity ${severity}: a ${tierPolicy.label} subscription may open ${known}.`,
    );
  }
  if (!tierPolicy.severities.includes(severity)) {
    const allowed = tierPolicy.severities.map((value) => severityName(policy, value)).join(', ');
    const message =
      tierPolicy.refusal ??
      `A ${tierPolicy.label} subscription cannot open ${severityName(policy, severity)} cases: it may open ${allowed}`;
    throw new SlaRuleError('SEVERITY_NOT_ALLOWED_FOR_TIER', message);
  }
}

/** The levels a tier may choose from, most severe first (for pickers and help text). */
export function allowedSeverities(
  policy: Policy,
  tier: string,
): { value: number; label: string; description: string }[] {
  const tierPolicy = findTier(policy, tier);
  if (!tierPolicy) {
    checkSeverityAllowed(policy, tier, Number.NaN);
    return [];
  }
  return policy.severities
    .filter((level) => tierPolicy.severities.includes(level.value))
    .map((level) => ({ value: level.value, label: level.label, description: level.description }));
}
