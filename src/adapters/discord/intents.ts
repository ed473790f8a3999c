// The gateway intents casebot asks for: as few as the enabled features need, because Message
// Content is privileged (it must be switched on in the Developer Portal, and verified bots in
// 100+ servers must apply for it).
import { GatewayIntentBits } from 'discord.js';
import type { DiscordConfig } from './config.js';

export function needsMessageContent(
  config: Pick<DiscordConfig, 'autoSuggest' | 'relayThreadMessages'>,
): boolean {
  return config.autoSuggest || config.relayThreadMessages;
}

/** Guilds always (channels, threads, roles, interactions); message intents only when read. */
export function computeIntents(
  config: Pick<DiscordConfig, 'autoSuggest' | 'relayThreadMessages'>,
): number {
  let intents = GatewayIntentBits.Guilds;
  if (needsMessageContent(config))
    intents |= GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent;
  return intents;
}
