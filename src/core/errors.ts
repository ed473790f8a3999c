// One place where errors become what people see. A coded error (a domain refusal such as
// CASE_ALREADY_CLAIMED) is an expected outcome: its message is shown as a friendly notice. Anything
// else is a bug: the person gets a short reference id and the log gets the same id with the stack,
// so a support engineer can find the exact failure from a screenshot.
import { randomBytes } from 'node:crypto';
import type { Logger } from './ports.js';
import type { NoticeView } from './views.js';

/** An expected refusal the core raises itself (not the case domain's CaseError, handled alike). */
export class DeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

export interface CodedError extends Error {
  code: string;
}

/** Codes of library and system failures: bugs or outages, never refusals to show as is. */
const SYSTEM_CODE = /^(ERR_|SQLITE_|UND_ERR_|E[A-Z]+$|P\d{4}$)/;

/**
 * Coded errors from any layer of core (DeskError, the cases' CaseError, SlaRuleError): UPPER_SNAKE
 * codes only, so that a Node or driver error (`ECONNRESET`, `ERR_INVALID_ARG`, `SQLITE_BUSY`,
 * Prisma's `P2002`) is never mistaken for a refusal written for people.
 */
export function isCodedError(error: unknown): error is CodedError {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(code) &&
    !SYSTEM_CODE.test(code)
  );
}

/** Short, unambiguous, easy to read aloud: `ERR-` and 8 Crockford base32 characters. */
export function newErrorReference(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(8);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % 32];
  return `ERR-${id}`;
}

export function errorToNotice(
  error: unknown,
  logger: Logger,
  context: Record<string, unknown> = {},
): NoticeView {
  if (isCodedError(error)) {
    logger.info('refused', { ...context, code: error.code, reason: error.message });
    return { kind: 'notice', tone: 'warning', text: error.message };
  }
  const reference = newErrorReference();
  const err = error instanceof Error ? error : new Error(String(error));
  logger.error('unexpected error', {
    ...context,
    errorReference: reference,
    error: err.message,
    stack: err.stack,
  });
  return {
    kind: 'notice',
    tone: 'error',
    text: `Something went wrong on our side. If it happens again, quote ${reference} to the support team.`,
    errorReference: reference,
  };
}

/** Runs a flow and turns any error into a notice: adapters never see an exception from the Desk. */
export async function guarded<T>(
  logger: Logger,
  context: Record<string, unknown>,
  flow: () => Promise<T>,
): Promise<T | NoticeView> {
  try {
    return await flow();
  } catch (error) {
    return errorToNotice(error, logger, context);
  }
}
