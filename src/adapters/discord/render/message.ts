// What a rendered view is on Discord: plain API JSON (discord-api-types), so that it can go to
// REST as is and to discord.js interaction methods through toInteractionOptions.
import type {
  APIActionRowComponent,
  APIAllowedMentions,
  APIComponentInMessageActionRow,
  APIEmbed,
} from 'discord.js';

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Always present: the bot pings nobody it did not mean to (never @everyone/@here from user text). */
  allowed_mentions: APIAllowedMentions;
}

export function mentionsOnly(
  mentions: { users?: string[]; roles?: string[] } = {},
): APIAllowedMentions {
  return {
    parse: [],
    users: mentions.users ?? [],
    roles: mentions.roles ?? [],
    replied_user: false,
  };
}

/** The same message in discord.js's camelCase reply options (interaction.reply / editReply / followUp). */
export function toInteractionOptions(message: DiscordMessage) {
  return {
    content: message.content ?? '',
    embeds: message.embeds,
    components: message.components,
    allowedMentions: {
      parse: [],
      users: message.allowed_mentions.users ?? [],
      roles: message.allowed_mentions.roles ?? [],
      repliedUser: false,
    },
  };
}

export const colours = {
  severity: [0xd0021b, 0xf5a623, 0x4a90e2, 0x9b9b9b] as const,
  breached: 0x7a0010,
  success: 0x2ecc71,
  info: 0x5865f2,
  warning: 0xf5a623,
  error: 0xd0021b,
};

export function severityColour(severity: number): number {
  return colours.severity[Math.min(Math.max(severity, 1), 4) - 1]!;
}
