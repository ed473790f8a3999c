// Which severities a subscription tier may open, with the refusal a customer reads.
import {
  descriptionIn,
  findSeverity,
  findTier,
  labelIn,
  severityName,
  tierLabel,
  type Policy,
} from './policy.js';
import { CasebotError } from '../errors.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';

export type SlaRuleCode = 'UNKNOWN_TIER' | 'UNKNOWN_SEVERITY' | 'SEVERITY_NOT_ALLOWED_FOR_TIER';

export class SlaRuleError extends CasebotError {
  declare readonly code: SlaRuleCode;
  constructor(code: SlaRuleCode, message: string) {
    super('refusal', code, message);
  }
}

/**
 * Throws SlaRuleError when `tier` is unknown, `severity` unknown, or not open to that tier; the
 * message in the reader's `language`. A tier's own `refusal` is the policy's prose, written in the
 * policy's language: readers of another language get the catalogue's sentence instead.
 */
export function checkSeverityAllowed(
  policy: Policy,
  tier: string,
  severity: number,
  language: string = DEFAULT_LANGUAGE,
): void {
  const tierPolicy = findTier(policy, tier);
  if (!tierPolicy) {
    const known = policy.tiers.map((candidate) => candidate.id).join(', ');
    throw new SlaRuleError(
      'UNKNOWN_TIER',
      t(language, 'sla.tierRules.unknownTier', { tier, policy: policy.name, known }),
    );
  }
  const tierName = tierLabel(policy, tierPolicy.id, language);
  if (!findSeverity(policy, severity)) {
    // Only the levels this tier may open: a level the reader cannot use is no help to them.
    const known = policy.severities
      .filter((level) => tierPolicy.severities.includes(level.value))
      .map((level) =>
        t(language, 'sla.tierRules.levelChoice', {
          value: level.value,
          label: labelIn(level, language),
        }),
      )
      .join(', ');
    throw new SlaRuleError(
      'UNKNOWN_SEVERITY',
      t(language, 'sla.tierRules.unknownSeverity', { value: severity, tier: tierName, known }),
    );
  }
  if (!tierPolicy.severities.includes(severity)) {
    const allowed = tierPolicy.severities
      .map((value) => severityName(policy, value, language))
      .join(', ');
    const ownRefusal = language === DEFAULT_LANGUAGE ? tierPolicy.refusal : undefined;
    const message =
      ownRefusal ??
      t(language, 'sla.tierRules.notAllowed', {
        tier: tierName,
        severity: severityName(policy, severity, language),
        allowed,
      });
    throw new SlaRuleError('SEVERITY_NOT_ALLOWED_FOR_TIER', message);
  }
}

/** The levels a tier may choose from, most severe first (for pickers and help text). */
export function allowedSeverities(
  policy: Policy,
  tier: string,
  language: string = DEFAULT_LANGUAGE,
): { value: number; label: string; description: string }[] {
  const tierPolicy = findTier(policy, tier);
  if (!tierPolicy) {
    checkSeverityAllowed(policy, tier, Number.NaN, language);
    return [];
  }
  return policy.severities
    .filter((level) => tierPolicy.severities.includes(level.value))
    .map((level) => ({
      value: level.value,
      label: labelIn(level, language),
      description: descriptionIn(level, language),
    }));
}
