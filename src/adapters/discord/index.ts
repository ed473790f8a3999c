export { createDiscordAdapter, type DiscordAdapter } from './adapter.js';
export { createDiscordChatPort, type DiscordChatPort } from './chat-port.js';
export { commandDefinitions, registerCommands, FLAG_COMMAND_NAME } from './commands.js';
export {
  parseDiscordEnv,
  discordDefaults,
  DiscordConfigError,
  type DiscordConfig,
} from './config.js';
export { computeIntents, needsMessageContent } from './intents.js';
export { inviteUrl, BOT_PERMISSIONS } from './invite.js';
export { renderView, renderCaseModal, readCaseModal, type DiscordMessage } from './render/index.js';
