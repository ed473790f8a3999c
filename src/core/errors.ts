// One place where errors become what people see. A coded error (a domain refusal such as
// CASE_ALREADY_CLAIMED) is an expected outcome: its message is shown as a friendly notice. Anything
// else is a bug: the person gets a short reference id and the log gets the same id with the stack,
// so a support engineer can find the exact failure from a screenshot.
import { randomBytes } from 'node:crypto';
import { DEFAULT_LANGUAGE, t, type MessageValues } from './i18n/index.js';
import type { Logger } from './ports/platform.js';
import type { NoticeView } from './views.js';

/**
 * What kind of failure a casebot error is:
 * - `refusal`: the request was wrong or not allowed (a claimed case, an unknown severity, a date
 *   in the past); the message is written for the person and shown as it is;
 * - `configuration`: the settings, setup file, policy or environment are wrong (or a server they
 *   name cannot be reached); the message names the setting and the fix, and a start stops on it.
 * Anything that is not a CasebotError is a bug: people get a reference id, the log the stack.
 */
export type ErrorKind = 'refusal' | 'configuration';

/**
 * A catalogue message (key and values) instead of a finished sentence: a refusal raised deep in a
 * use case, which does not know who reads it, is then said in the reader's language where it
 * becomes a notice (errorToNotice). Its `message` stays the English sentence, for logs and tests.
 */
export interface CatalogueMessage {
  key: string;
  /**
   * A value may itself be a catalogue message (a status word, a refusal inside a sentence), or a
   * list of them (missing fields), joined the reader's way.
   */
  values?: Record<string, MessageValues[string] | CatalogueMessage | CatalogueList>;
}

/**
 * Catalogue messages said as one list: "a, b, c" in English, "a, b et c" in French (the
 * language's own short list, Intl.ListFormat's `unit` style, which keeps English's plain commas).
 */
export interface CatalogueList {
  list: CatalogueMessage[];
}

function isCatalogueMessage(value: unknown): value is CatalogueMessage {
  return typeof value === 'object' && value !== null && 'key' in value;
}

function isCatalogueList(value: unknown): value is CatalogueList {
  return typeof value === 'object' && value !== null && 'list' in value;
}

/** `items` joined as a list of `language` ("a, b, c" / "a, b et c"). */
export function listIn(language: string, items: string[]): string {
  return new Intl.ListFormat(language, { type: 'unit', style: 'short' }).format(items);
}

/** A catalogue message said in `language`, its nested messages and lists first. */
export function sayIn(language: string, message: CatalogueMessage): string {
  const values: MessageValues = {};
  for (const [name, value] of Object.entries(message.values ?? {}))
    values[name] = isCatalogueList(value)
      ? listIn(
          language,
          value.list.map((item) => sayIn(language, item)),
        )
      : isCatalogueMessage(value)
        ? sayIn(language, value)
        : value;
  return t(language, message.key, values);
}

/** The one base of casebot's own errors: a kind, an UPPER_SNAKE code, a message for people. */
export class CasebotError extends Error {
  /** The catalogue message when the error was raised with one; null: `message` is all there is. */
  readonly said: CatalogueMessage | null;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string | CatalogueMessage,
  ) {
    super(typeof message === 'string' ? message : sayIn(DEFAULT_LANGUAGE, message));
    this.said = typeof message === 'string' ? null : message;
    this.name = new.target.name;
  }

  /** The message for a reader of `language` (a plain-string message is shown as written). */
  messageIn(language: string): string {
    return this.said ? sayIn(language, this.said) : this.message;
  }
}

/** An expected refusal the core raises itself (the cases' CaseError and SlaRuleError are alike). */
export class DeskError extends CasebotError {
  constructor(code: string, message: string | CatalogueMessage) {
    super('refusal', code, message);
  }
}

/** A refusal to show as it is (a driver error with a code, `P2002` or `ECONNRESET`, never is). */
export function isRefusal(error: unknown): error is CasebotError {
  return error instanceof CasebotError && error.kind === 'refusal';
}

/** A mistake in the settings or the environment: said in one line, never with a stack. */
export function isConfigurationError(error: unknown): error is CasebotError {
  return error instanceof CasebotError && error.kind === 'configuration';
}

/** Short, unambiguous, easy to read aloud: `ERR-` and 8 Crockford base32 characters. */
export function newErrorReference(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(8);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % 32];
  return `ERR-${id}`;
}

/** The error as its reader sees it: a refusal's own words, else a reference id (see above). */
export function errorToNotice(
  error: unknown,
  logger: Logger,
  context: Record<string, unknown> = {},
  /** The reader's language; absent: English, and the notice says no language. */
  language?: string,
): NoticeView {
  const said = language ? { language } : {};
  if (error instanceof CasebotError) {
    // A configuration problem met in a flow (an unwritable folder) is the operator's to fix: the
    // person is told what to change, and the log keeps it at warning level.
    if (error.kind === 'configuration')
      logger.warn('configuration problem', { ...context, code: error.code, reason: error.message });
    else logger.info('refused', { ...context, code: error.code, reason: error.message });
    return {
      kind: 'notice',
      tone: 'warning',
      text: error.messageIn(language ?? DEFAULT_LANGUAGE),
      ...said,
    };
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
    text: t(language ?? DEFAULT_LANGUAGE, 'conversation.errors.unexpected', { reference }),
    errorReference: reference,
    ...said,
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
