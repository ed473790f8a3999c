// Labels every adapter shows the same way, from the catalogues' `labels:` section: a case's type,
// status and form fields as the reader's language names them (English keeps the core's own words).
import { t } from '../core/i18n/index.js';

/** ICU select keys are identifiers: `waiting-on-customer` is looked up as `waitingOnCustomer`. */
export function selectKey(value: string): string {
  return value.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

export const caseTypeLabel = (language: string, type: string) =>
  t(language, 'labels.caseType', { type: selectKey(type) });

export const caseStatusLabel = (language: string, status: string) =>
  t(language, 'labels.caseStatus', { status: selectKey(status) });

export const formFieldLabel = (language: string, field: string) =>
  t(language, 'labels.formField', { field: selectKey(field) });
