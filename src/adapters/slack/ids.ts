// Every id the adapter registers with Bolt. The manifest test compares these with manifest.yml, so
// a command, shortcut, event or action added on one side only fails the build.

export const SLASH_COMMAND = '/support';

export const ACTION_IDS = {
  solved: 'casebot_solved',
  openCase: 'casebot_open_case',
  claim: 'casebot_claim',
  unclaim: 'casebot_unclaim',
  resolve: 'casebot_resolve',
  /** *Waiting on customer*: the case waits on the customer's reply (the policy's clocks pause). */
  pending: 'casebot_pending',
  /** *Why this time?*: the case's target explained, to the person who asked (ephemeral). */
  why: 'casebot_why',
  /** On the customer's resolution notice. */
  reopen: 'casebot_reopen',
  /** CSAT, on the resolution notice: one button per score (ids are unique within a block). */
  rate1: 'casebot_rate_1',
  rate2: 'casebot_rate_2',
  rate3: 'casebot_rate_3',
  rate4: 'casebot_rate_4',
  rate5: 'casebot_rate_5',
  /** On the thanks for a score: opens the optional comment form. */
  rateComment: 'casebot_rate_comment',
  /** Scheduled callbacks: *Request a call* on the case confirmation, the time picked, the steps. */
  callbackRequest: 'casebot_callback_request',
  callbackPick: 'casebot_callback_pick',
  callbackConfirm: 'casebot_callback_confirm',
  callbackHeld: 'casebot_callback_held',
  callbackMissed: 'casebot_callback_missed',
  callbackCancel: 'casebot_callback_cancel',
} as const;

/** The score buttons in order, 1 (poor) to 5 (excellent). */
export const RATE_ACTION_IDS = [
  ACTION_IDS.rate1,
  ACTION_IDS.rate2,
  ACTION_IDS.rate3,
  ACTION_IDS.rate4,
  ACTION_IDS.rate5,
] as const;

export const CALLBACK_IDS = {
  caseForm: 'casebot_case_form',
  flagMessage: 'casebot_flag_message',
  /** The moderator's flag dialog (severity, remove the post). */
  flagForm: 'casebot_flag_form',
  openCaseShortcut: 'casebot_open_case_shortcut',
  /** The optional comment after a CSAT score. */
  ratingComment: 'casebot_rating_comment',
} as const;

/** Message shortcuts (on a message's "More actions" menu). */
export const MESSAGE_SHORTCUTS = [CALLBACK_IDS.flagMessage] as const;
/** Global shortcuts (the composer's shortcut menu). */
export const GLOBAL_SHORTCUTS = [CALLBACK_IDS.openCaseShortcut] as const;

/** Bot events the app subscribes to (the manifest's settings.event_subscriptions.bot_events). */
export const BOT_EVENTS = [
  'app_home_opened',
  'app_mention',
  'message.channels',
  'message.groups',
  'message.im',
] as const;

/** Bot scopes the code needs; the manifest must request exactly these. */
export const BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'chat:write',
  'commands',
  // files.uploadV2: a call's .ics invitation as a file.
  'files:write',
  'groups:history',
  'im:history',
  'im:write',
  'users:read',
] as const;
