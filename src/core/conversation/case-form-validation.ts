// Validates a submitted case form field by field: every problem comes back on its field, in words
// the customer can act on; nothing here throws for bad input.
import { z } from 'zod';
import { CasebotError } from '../errors.js';
import { t } from '../i18n/index.js';
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

const text = (language: string, min: number, max: number, tooShort: string) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(
      z
        .string()
        .min(min, t(language, tooShort))
        // A string: ICU would group the digits ("10,000"), and the sentence says "10000".
        .max(max, t(language, 'conversation.caseForm.tooLong', { max: String(max) })),
    );

/** The typed fields' rules, their messages in the customer's language. */
const baseSchema = (language: string) =>
  z.object({
    title: text(language, 3, CASE_FORM_LIMITS.title, 'conversation.caseForm.titleTooShort'),
    situation: text(
      language,
      10,
      CASE_FORM_LIMITS.situation,
      'conversation.caseForm.situationTooShort',
    ),
    seriousness: text(
      language,
      3,
      CASE_FORM_LIMITS.seriousness,
      'conversation.caseForm.seriousnessTooShort',
    ),
  });

export function validateCaseForm(
  ctx: DeskContext,
  org: Org,
  products: string[],
  form: CaseFormInput,
  language: string,
): ValidCaseForm | CaseFormErrors {
  const errors: Partial<Record<CaseFormField, string>> = {};
  const base = baseSchema(language).safeParse({
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
    errors.severity = t(language, 'conversation.caseForm.chooseSeverity', {
      options: allowed.map((o) => `${o.value} (${o.label})`).join(', '),
    });
  } else {
    try {
      checkSeverityAllowed(ctx.policy, org.tier, severity);
    } catch (error) {
      errors.severity =
        error instanceof CasebotError
          ? error.messageIn(language)
          : error instanceof Error
            ? error.message
            : String(error);
    }
  }
  const product = products.find(
    (candidate) =>
      candidate.toLowerCase() ===
      String(form.product ?? '')
        .trim()
        .toLowerCase(),
  );
  if (!product)
    errors.product = t(language, 'conversation.caseForm.chooseProduct', {
      products: products.join(', '),
    });
  const type = CASE_TYPES.find(
    (candidate) =>
      candidate ===
      String(form.type ?? '')
        .trim()
        .toLowerCase(),
  );
  if (!type)
    errors.type = t(language, 'conversation.caseForm.chooseType', { types: CASE_TYPES.join(', ') });
  if (Object.keys(errors).length > 0 || !base.success || !product || !type)
    return { kind: 'case-form-errors', errors, language };
  return { ...base.data, severity, product, type };
}
