// Every sentence the callback feature shows people lives in the catalogues (locales/<code>.yml,
// section `callbacks:`). Sentences are made as Localized values, said in a language only when the
// reader is known: a refusal in the actor's language, a notice in its recipient's.
import { rawMessage, t } from '../i18n/index.js';

const KEYS = [
  'notInTier',
  'caseNotOpen',
  'noOwner',
  'noOwnerUrgent',
  'notAllowed',
  'ownerOnly',
  'customerOnly',
  'offer',
  'offerHint',
  'offerByOwner',
  'offeredAck',
  'noSlots',
  'needContact',
  'badContact',
  'badTime',
  'badWindows',
  'windowBackwards',
  'usage',
  'past',
  'offGrid',
  'tooFar',
  'holiday',
  'closedDay',
  'notWorkingDay',
  'outsideHours',
  'ownerDayOff',
  'ownerOffShift',
  'ownerAway',
  'ownerBusy',
  'slotTaken',
  'changed',
  'noSlotInWindows',
  'booked',
  'bookedOwner',
  'bookedTeam',
  'proposed',
  'proposedAck',
  'confirmed',
  'confirmedTeam',
  'nothingToConfirm',
  'noLiveCallback',
  'alreadyConfirmed',
  'notStarted',
  'reminder',
  'held',
  'heldAck',
  'heldAckMet',
  'heldTeam',
  'missed',
  'missedAck',
  'missedTeam',
  'cancelled',
  'cancelledAck',
  'immediateTopOnly',
  'immediateAck',
  'immediatePage',
  'immediateTeam',
  'onCallWho',
  'inviteTitle',
  'inviteDescription',
  'listRequested',
  'listBooked',
  'listProposed',
  'listConfirmed',
  'listImmediate',
] as const;

export type CallbackMessageKey = (typeof KEYS)[number];

/** Text to be said in a language once the reader is known. */
export type Localized = (language: string) => string;

export type LocalizedValues = Record<string, string | number | Localized>;

/** Says a value in `language`. */
export function say(value: string | number | Localized, language: string): string {
  return typeof value === 'function' ? value(language) : String(value);
}

/** The sentence `callbacks.<key>` with its placeholders filled in, in the reader's language. */
export function callbackText(key: CallbackMessageKey, values: LocalizedValues = {}): Localized {
  return (language) => {
    const said: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(values))
      said[name] = typeof value === 'function' ? value(language) : value;
    return t(language, `callbacks.${key}`, said);
  };
}

/** The luxon pattern of a call's time in `language` ("cccc d LLLL HH:mm"). */
export function callTimePattern(language: string): string {
  return rawMessage(language, 'callbacks.when');
}

export const CALLBACK_MESSAGE_KEYS: readonly string[] = KEYS;
