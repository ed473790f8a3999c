// The policy file format, validated with zod. Cross-field rules (unknown severities, duplicate
// ids, targets for severities a tier may not open) are checked here too so that every mistake
// is reported with its path in the file.
import { z } from 'zod';
import type { MilestoneKind } from '../model.js';
import {
  DEFAULT_CUSTOMER_WAIT,
  DEFAULT_ESCALATION,
  DEFAULT_SEVERITY_CHANGE,
  rungReach,
  type EscalationRung,
  type Policy,
  type TargetRule,
  type TierPolicy,
} from './policy.js';
import { parseTarget, targetMinutes, type Target } from './target.js';
import { supportedLanguages } from '../i18n/index.js';

/**
 * Names (or descriptions) in other languages: `labels: { fr: Élevé }`. A language casebot has no
 * catalogue for is refused: its readers would get English messages around a translated name, and
 * a typo ("fe") would otherwise go unnoticed.
 */
const translations = z
  .record(z.string(), z.string().min(1, 'a translation cannot be empty'))
  .superRefine((labels, ctx) => {
    const known = supportedLanguages();
    for (const language of Object.keys(labels))
      if (!known.includes(language))
        ctx.addIssue({
          code: 'custom',
          path: [language],
          message: `casebot has no catalogue for language "${language}" (it speaks ${known.join(', ')}): use one of those codes, or add locales/${language}.yml first`,
        });
  });

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

/** Follow-up cadence per severity: `1: 1 hour 24/7`. */
const cadenceTable = z.record(
  z.string().regex(/^\d+$/, 'keys are severity numbers, e.g. 1:'),
  targetText,
);

const rungSchema = z.strictObject({
  notify: z.enum(['owner', 'team', 'on-call', 'contact'], {
    error: 'notify is owner, team, on-call or contact',
  }),
  at: z.union(
    [
      z.literal('first-warning'),
      z.literal('breach'),
      z
        .number()
        .refine(
          (value) => value > 0 && value < 1,
          'at is first-warning, breach, or a fraction of the target between 0 and 1 (e.g. 0.75)',
        ),
    ],
    {
      error: 'at is first-warning, breach, or a fraction of the target between 0 and 1 (e.g. 0.75)',
    },
  ),
  overrun: targetText.optional(),
  contact: z
    .string()
    .regex(/^[a-z0-9._@-]+$/i, 'contact is the handle of a person in the setup file, e.g. lee')
    .optional(),
  severities: z.array(z.number().int().positive()).min(1).optional(),
});

const digestSchema = z.union([
  z.literal('off'),
  z.strictObject({
    window: targetText.refine((target) => !target.businessHours, {
      message: 'a digest window is elapsed time, e.g. "30 minutes" (not business time)',
    }),
  }),
]);

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
  labels: translations.optional(),
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
  labels: translations.optional(),
  description: z.string().min(1, 'describe when to use this level'),
  descriptions: translations.optional(),
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
  updateCadence: cadenceTable.optional(),
  escalation: z
    .array(rungSchema)
    .min(1, 'list at least one rung, or leave escalation out')
    .optional(),
  reminderDigest: digestSchema.optional(),
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
  for (const key of Object.keys(file.updateCadence ?? {}))
    if (!known.has(Number(key)))
      issues.push({
        path: ['updateCadence', key],
        message: `severity ${key} is not defined under severities`,
      });
  issues.push(...checkLadder(file, known));
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

/** Each audience once, rungs in the order they fire, a contact named and only it overrunning. */
function checkLadder(file: PolicyFile, known: Set<number>): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const seen = new Set<string>();
  let previous = 0;
  (file.escalation ?? []).forEach((rung, i) => {
    const path = ['escalation', i];
    if (seen.has(rung.notify))
      issues.push({
        path: [...path, 'notify'],
        message: `${rung.notify} is on the ladder twice: each rung is told once`,
      });
    seen.add(rung.notify);
    const reach = rungReach(rung.at, file.warningThresholds) + (rung.overrun ? 1 : 0);
    if (reach < previous)
      issues.push({
        path: [...path, 'at'],
        message:
          'list the rungs in the order they fire (first warning, later warnings, breach, overrun)',
      });
    previous = reach;
    if (rung.notify === 'contact' && !rung.contact)
      issues.push({
        path: [...path, 'contact'],
        message: 'name the escalation contact: contact: <handle of a person in the setup file>',
      });
    if (rung.notify !== 'contact' && rung.contact)
      issues.push({
        path: [...path, 'contact'],
        message: 'only the contact rung names a person: use notify: contact',
      });
    if (rung.overrun && rung.at !== 'breach')
      issues.push({
        path: [...path, 'overrun'],
        message: 'an overrun counts past the breach: use at: breach with it',
      });
    (rung.severities ?? []).forEach((value, s) => {
      if (!known.has(value))
        issues.push({
          path: [...path, 'severities', s],
          message: `severity ${value} is not defined under severities`,
        });
    });
  });
  return issues;
}

export function toPolicy(file: PolicyFile, source: string): Policy {
  const severities = [...file.severities]
    .sort((a, b) => a.value - b.value)
    .map(({ labels, descriptions, ...level }) => ({
      ...level,
      ...(labels ? { labels } : {}),
      ...(descriptions ? { descriptions } : {}),
    }));
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
    updateCadence: toCadence(file.updateCadence),
    escalation: file.escalation?.map(toRung) ?? DEFAULT_ESCALATION,
    reminderDigest: toDigest(file.reminderDigest),
    severities,
    tiers: file.tiers.map((tier) => toTier(tier, file.updateCadence ?? DEFAULT_UPDATE_CADENCE)),
  };
}

/**
 * casebot's default cadence (issue 12, not from the sources): an update every hour on severity 1,
 * every business day on severity 2. A policy's `updateCadence` replaces it whole (`{}`: none).
 */
const DEFAULT_UPDATE_CADENCE: Record<string, Target> = {
  '1': { amount: 1, unit: 'hours', businessHours: false, text: '1 hour, 24/7' },
  '2': { amount: 1, unit: 'business-days', businessHours: true, text: '1 business day' },
};

function toCadence(table: Record<string, Target> | undefined): Policy['updateCadence'] {
  const cadence: Policy['updateCadence'] = {};
  for (const [key, target] of Object.entries(table ?? DEFAULT_UPDATE_CADENCE))
    cadence[Number(key)] = target;
  return cadence;
}

function toRung(rung: z.infer<typeof rungSchema>): EscalationRung {
  return {
    notify: rung.notify,
    at: rung.at,
    overrun: rung.overrun ?? null,
    contact: rung.contact ?? null,
    severities: rung.severities ?? null,
  };
}

/** Default: warnings to one engineer within 30 minutes go out together (casebot's choice). */
const DEFAULT_DIGEST_MS = 30 * 60_000;

function toDigest(digest: PolicyFile['reminderDigest']): Policy['reminderDigest'] {
  if (digest === 'off') return null;
  if (!digest) return { windowMs: DEFAULT_DIGEST_MS };
  return { windowMs: targetMinutes(digest.window, 540) * 60_000 };
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

function toTier(tier: TierFile, cadence: Record<string, Target>): TierPolicy {
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
  // The policy's update cadence, for the severities this tier may open: the same target lookup
  // (and severity-change recomputation) as every other milestone.
  const updates: Partial<Record<number, TargetRule>> = {};
  for (const [key, target] of Object.entries(cadence))
    if (tier.severities.includes(Number(key)))
      updates[Number(key)] = { cloud: target, 'self-managed': target };
  if (Object.keys(updates).length > 0) targets['customer-update'] = updates;
  return {
    id: tier.id,
    label: tier.label,
    ...(tier.labels ? { labels: tier.labels } : {}),
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
