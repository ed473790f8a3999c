// The policy file format, validated with zod. Cross-field rules (unknown severities, duplicate
// ids, targets for severities a tier may not open) are checked here too so that every mistake
// is reported with its path in the file.
import { z } from 'zod';
import type { MilestoneKind } from '../model.js';
import {
  DEFAULT_CUSTOMER_WAIT,
  DEFAULT_SEVERITY_CHANGE,
  type Policy,
  type TargetRule,
  type TierPolicy,
} from './policy.js';
import { parseTarget, type Target } from './target.js';

const targetText = z.string().transform((raw, ctx): Target => {
  const parsed = parseTarget(raw);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});

const milestoneName = z.enum(['first-response', 'next-response', 'resolution', 'reopen'], {
  error: 'a milestone is first-response, next-response, resolution or reopen',
});

/** A delay such as "3 business days", or `never`. */
const delayOrNever = z.union([z.literal('never'), targetText]);

const customerWaitSchema = z.strictObject({
  pauses: z.array(milestoneName).optional(),
  remindAfter: delayOrNever.optional(),
  closeAfter: delayOrNever.optional(),
});

const targetRule = z.union([
  targetText,
  z.strictObject({ cloud: targetText.optional(), 'self-managed': targetText.optional() }),
]);

const targetTable = z.record(
  z.string().regex(/^\d+$/, 'keys are severity numbers, e.g. 1:'),
  targetRule,
);

const tierSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'a tier id is lower-case, e.g. "gold" or "standard-cloud"'),
  label: z.string().min(1),
  severities: z
    .array(z.number().int().positive())
    .min(1, 'list at least one severity the tier may open'),
  firstResponse: targetTable.optional(),
  nextResponse: targetTable.optional(),
  resolution: targetTable.optional(),
  reopen: targetTable.optional(),
  refusal: z.string().min(1).optional(),
  note: z.string().optional(),
});

const severitySchema = z.strictObject({
  value: z.number().int().positive(),
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a severity id is lower-case, e.g. "urgent"'),
  label: z.string().min(1),
  description: z.string().min(1, 'describe when to use this level'),
});

export const policyFileSchema = z.strictObject({
  name: z.string().min(1),
  title: z.string().min(1),
  warningThresholds: z
    .array(z.number().gt(0).lt(1))
    .refine(
      (list) => list.every((value, i) => i === 0 || value > (list[i - 1] ?? 0)),
      'list thresholds in ascending order, e.g. [0.5, 0.75, 0.9]',
    )
    .default([0.5, 0.75, 0.9]),
  defaultSeverity: z.number().int().positive().optional(),
  severityChange: z
    .enum(['restart', 'carry-over'], {
      error:
        'severityChange is "restart" (targets count from the change) or "carry-over" (elapsed time counts against the new target)',
    })
    .default(DEFAULT_SEVERITY_CHANGE),
  waitingOnCustomer: customerWaitSchema.optional(),
  criticalHandover: z.boolean().default(false),
  severities: z.array(severitySchema).min(1, 'define at least one severity level'),
  tiers: z.array(tierSchema).min(1, 'define at least one tier'),
});

export type PolicyFile = z.infer<typeof policyFileSchema>;
type TierFile = z.infer<typeof tierSchema>;

const MILESTONE_FIELDS: [
  keyof TierFile & ('firstResponse' | 'nextResponse' | 'resolution' | 'reopen'),
  MilestoneKind,
][] = [
  ['firstResponse', 'first-response'],
  ['nextResponse', 'next-response'],
  ['resolution', 'resolution'],
  ['reopen', 'reopen'],
];

export interface PolicyIssue {
  path: (string | number)[];
  message: string;
}

/** Rules zod cannot express field by field; each issue names where in the file it is. */
export function crossCheck(file: PolicyFile): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const known = new Set<number>();
  file.severities.forEach((level, i) => {
    if (known.has(level.value))
      issues.push({
        path: ['severities', i, 'value'],
        message: `severity ${level.value} is defined twice`,
      });
    known.add(level.value);
  });
  if (file.defaultSeverity !== undefined && !known.has(file.defaultSeverity)) {
    issues.push({
      path: ['defaultSeverity'],
      message: `severity ${file.defaultSeverity} is not defined under severities`,
    });
  }
  const tierIds = new Set<string>();
  file.tiers.forEach((tier, t) => {
    if (tierIds.has(tier.id))
      issues.push({ path: ['tiers', t, 'id'], message: `tier "${tier.id}" is defined twice` });
    tierIds.add(tier.id);
    tier.severities.forEach((value, s) => {
      if (!known.has(value))
        issues.push({
          path: ['tiers', t, 'severities', s],
          message: `severity ${value} is not defined under severities: add it there or remove it here`,
        });
    });
    for (const [field] of MILESTONE_FIELDS) {
      for (const key of Object.keys(tier[field] ?? {})) {
        if (!tier.severities.includes(Number(key))) {
          issues.push({
            path: ['tiers', t, field, key],
            message: `tier "${tier.id}" has a target for severity ${key} but may not open it: add ${key} to its severities or remove the target`,
          });
        }
      }
    }
  });
  return issues;
}

export function toPolicy(file: PolicyFile, source: string): Policy {
  const severities = [...file.severities].sort((a, b) => a.value - b.value);
  return {
    name: file.name,
    title: file.title,
    source,
    warningThresholds: file.warningThresholds,
    defaultSeverity:
      file.defaultSeverity ?? severities[Math.floor((severities.length - 1) / 2)]?.value ?? 1,
    severityChange: file.severityChange,
    customerWait: toCustomerWait(file.waitingOnCustomer),
    criticalHandover: file.criticalHandover,
    severities,
    tiers: file.tiers.map(toTier),
  };
}

function toCustomerWait(wait: PolicyFile['waitingOnCustomer']): Policy['customerWait'] {
  // Defaults are written as text (DEFAULT_CUSTOMER_WAIT) and parsed here like the file's own.
  const delay = (value: Target | 'never' | string): Target | null => {
    if (value === 'never') return null;
    if (typeof value !== 'string') return value;
    const parsed = parseTarget(value);
    return typeof parsed === 'string' ? null : parsed;
  };
  return {
    pauses: [...new Set(wait?.pauses ?? DEFAULT_CUSTOMER_WAIT.pauses)],
    remindAfter: delay(wait?.remindAfter ?? DEFAULT_CUSTOMER_WAIT.remindAfter),
    closeAfter: delay(wait?.closeAfter ?? DEFAULT_CUSTOMER_WAIT.closeAfter),
  };
}

function toTier(tier: TierFile): TierPolicy {
  const targets: TierPolicy['targets'] = {};
  for (const [field, milestone] of MILESTONE_FIELDS) {
    const table = tier[field];
    if (!table) continue;
    const bySeverity: Partial<Record<number, TargetRule>> = {};
    for (const [key, rule] of Object.entries(table)) {
      bySeverity[Number(key)] =
        'unit' in rule ? { cloud: rule, 'self-managed': rule } : stripUndefined(rule);
    }
    targets[milestone] = bySeverity;
  }
  // A reopened case is answered as fast as a new one unless the tier says otherwise (`reopen: {}`
  // sets no reopen target at all).
  if (!tier.reopen && targets['first-response']) targets.reopen = targets['first-response'];
  return {
    id: tier.id,
    label: tier.label,
    severities: [...new Set(tier.severities)].sort((a, b) => a - b),
    targets,
    ...(tier.refusal ? { refusal: tier.refusal } : {}),
    ...(tier.note ? { note: tier.note } : {}),
  };
}

function stripUndefined(rule: {
  cloud?: Target | undefined;
  'self-managed'?: Target | undefined;
}): TargetRule {
  const out: TargetRule = {};
  if (rule.cloud) out.cloud = rule.cloud;
  if (rule['self-managed']) out['self-managed'] = rule['self-managed'];
  return out;
}
