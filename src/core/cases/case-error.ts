// Refusals and failures of the case use cases. Each has a code (for adapters and logs) and a
// message written for the person who asked: adapters show it as is.
import { CasebotError, type CatalogueMessage } from '../errors.js';
import type { CaseStatus } from '../model.js';

/** A case status as a word of the reader's language ("waiting-on-customer" in English, as stored). */
export function statusWord(status: CaseStatus): CatalogueMessage {
  // ICU select keys take no hyphen.
  return { key: 'conversation.cases.status', values: { status: status.replaceAll('-', '_') } };
}

/** A refusal's catalogue message, `values` nested messages allowed. */
export function said(key: string, values?: CatalogueMessage['values']): CatalogueMessage {
  return values
    ? { key: `conversation.cases.${key}`, values }
    : { key: `conversation.cases.${key}` };
}
export type CaseErrorCode =
  | 'CASE_NOT_FOUND'
  | 'UNKNOWN_PERSON'
  | 'NO_ORG_ACCESS'
  | 'INVALID_CASE_INPUT'
  | 'UNKNOWN_PRODUCT'
  | 'UNKNOWN_TIER'
  | 'UNKNOWN_SEVERITY'
  | 'SEVERITY_NOT_ALLOWED_FOR_TIER'
  | 'NOT_AN_ENGINEER'
  | 'NOT_ALLOWED'
  | 'CASE_ALREADY_CLAIMED'
  | 'ALREADY_YOURS'
  | 'CASE_NOT_OPEN'
  | 'NOT_CLAIMED'
  | 'NOT_YOUR_CASE'
  | 'AT_CAPACITY'
  | 'ENGINEER_AWAY'
  | 'WRONG_TEAM'
  | 'REASON_REQUIRED'
  | 'SAME_SEVERITY'
  | 'REOPEN_WINDOW_PASSED'
  | 'CONCURRENT_CHANGE'
  | 'ALREADY_WAITING'
  | 'HANDOVER_REQUIRED'
  | 'RATING_INVALID'
  | 'RATING_NOT_ASKED'
  | 'RATING_CLOSED'
  | 'ALREADY_RATED';

export class CaseError extends CasebotError {
  declare readonly code: CaseErrorCode;
  constructor(
    code: CaseErrorCode,
    /** A catalogue message (said in each reader's language), or a finished sentence. */
    message: string | CatalogueMessage,
    /** Facts for the caller (e.g. who holds a claimed case). */
    readonly details: Record<string, unknown> = {},
  ) {
    super('refusal', code, message);
  }
}

export function isCaseError(error: unknown, code?: CaseErrorCode): error is CaseError {
  return error instanceof CaseError && (code === undefined || error.code === code);
}

/**
 * The refusal for a case that does not exist, or that the person may not know exists. Buttons carry
 * internal ids: echo only what a person could have typed (CASE-1001, 1001).
 */
export function noSuchCase(idOrReference: string): CaseError {
  const typed = /^(case-)?\d+$/i.test(idOrReference.trim());
  return new CaseError(
    'CASE_NOT_FOUND',
    typed
      ? said('noSuchCase', { reference: idOrReference.trim().toUpperCase() })
      : said('noSuchCaseUntyped'),
  );
}
