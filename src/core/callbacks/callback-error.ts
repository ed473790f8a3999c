// Refusals of the callback flows: a CasebotError of kind `refusal` with an UPPER_SNAKE code and a
// sentence from messages.ts, shown to the person as it is.
import { CasebotError } from '../errors.js';
import { DEFAULT_LANGUAGE } from '../i18n/index.js';
import {
  callbackText,
  type CallbackMessageKey,
  type Localized,
  type LocalizedValues,
} from './messages.js';

export type CallbackErrorCode =
  | 'CALLBACK_NOT_IN_TIER'
  | 'CALLBACK_CASE_NOT_OPEN'
  | 'CALLBACK_NO_OWNER'
  | 'CALLBACK_NOT_ALLOWED'
  | 'CALLBACK_BAD_INPUT'
  | 'CALLBACK_BAD_CONTACT'
  | 'CALLBACK_NEEDS_CONTACT'
  | 'CALLBACK_SLOT_REFUSED'
  | 'CALLBACK_SLOT_TAKEN'
  | 'CALLBACK_CHANGED'
  | 'CALLBACK_NONE'
  | 'CALLBACK_NOT_STARTED'
  | 'CALLBACK_NOT_URGENT';

export class CallbackError extends CasebotError {
  declare readonly code: CallbackErrorCode;
  /** The message in English (logs); `in(language)` says it to the person who asked. */
  constructor(
    code: CallbackErrorCode,
    readonly localized: Localized,
    language = DEFAULT_LANGUAGE,
  ) {
    super('refusal', code, localized(language));
  }

  in(language: string): CallbackError {
    return new CallbackError(this.code, this.localized, language);
  }
}

/** A refusal whose sentence is `key` of the catalogue. */
export function refuse(
  code: CallbackErrorCode,
  key: CallbackMessageKey,
  values: LocalizedValues = {},
): CallbackError {
  return new CallbackError(code, callbackText(key, values));
}
