// Public surface of the Slack adapter.
export {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterOptions,
} from './create-slack-adapter.js';
export {
  parseSlackEnv,
  SlackConfigError,
  SLACK_EVENTS_PATH,
  type SlackConfig,
  type SlackTransport,
} from './slack-config.js';
export {
  ACTION_IDS,
  BOT_EVENTS,
  BOT_SCOPES,
  CALLBACK_IDS,
  GLOBAL_SHORTCUTS,
  MESSAGE_SHORTCUTS,
  SLASH_COMMAND,
} from './ids.js';
export type { DeliveryLedgerOptions } from './dedupe.js';
export { renderView } from './render-view.js';
