// Validates a submitted case form field by field: every problem comes back on its field, in words
// the customer can act on; nothing here throws for bad input.
import { z } from 'zod';
import type { CaseType, Org } from '../model.js';
import { allowedSeverities, checkSeverityAllowed } from '../sla/index.js';
import type { CaseFormErrors, CaseFormField, CaseFormInput } from '../views.js';
import { CASE_TYPES } from './case-form.js';
import { CASE_FORM_LIMITS } from './case-form-limits.js';
import type { DeskContext } from './desk-context.js';

export interface ValidCaseForm {
  title: string;
  situation: string;
  severity: number;
  seriousness: string;
  product: string;
  type: CaseType;
}

const text = (min: number, max: number, tooShort: string) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().min(min, tooShort).max(max, `Keep it to ${max} characters at most.`));

const baseSchema = z.object({
  title: text(3, CASE_FORM_LIMITS.title, 'Give the case a short title (at least 3 characters).'),
  situation: text(
    10,
    CASE_FORM_LIMITS.situation,
    'Describe the situation: what you see, error messages, since when (at least 10 characters).',
  ),
  seriousness: text(
    3,
    CASE_FORM_LIMITS.seriousness,
    'Tell us the business impact: who is affected and what happens if this is not fixed soon.',
  ),
});

export function validateCaseForm(
  ctx: DeskContext,
  org: Org,
  products: string[],
  form: CaseFormInput,
): ValidCaseForm | CaseFormErrors {
  const errors: Partial<Record<CaseFormField, string>> = {};
  const base = baseSchema.safeParse({
    title: form.title ?? '',
    situation: form.situation ?? '',
    seriousness: form.seriousness ?? '',
  });
  if (!base.success) {
    for (const issue of base.error.issues) {
      const field = issue.path[0] as CaseFormField;
      errors[field] ??= issue.message;
    }
  }
  const severity = Number(String(form.severity ?? '').trim());
  const allowed = allowedSeverities(ctx.policy, org.tier);
  if (!String(form.severity ?? '').trim() || !Number.isInteger(severity)) {
    errors.severity = `Choose a severity: ${allowed.map((o) => `${o.value} (${o.label})`).join(', ')}.`;
  } else {
    try {
      checkSeverityAllowed(ctx.policy, org.tier, severity);
    } catch (error) {
      errors.severity = error instanceof Error ? error.message : String(error);
    }
  }
  const product = products.find(
    (candidate) =>
      candidate.toLowerCase() ===
      String(form.product ?? '')
        .trim()
        .toLowerCase(),
  );
  if (!product) errors.product = `Choose a product: ${products.join(', ')}.`;
  const type = CASE_TYPES.find(
    (candidate) =>
      candidate ===
      String(form.type ?? '')
        .trim()
        .toLowerCase(),
  );
  if (!type) errors.type = `Choose a case type: ${CASE_TYPES.join(', ')}.`;
  if (Object.keys(errors).length > 0 || !base.success || !product || !type)
    return { kind: 'case-form-errors', errors };
  return { ...base.data, severity, product, type };
}
