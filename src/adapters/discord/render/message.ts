// What a rendered view is on Discord: plain API JSON (discord-api-types), so that it can go to
// REST as is and to discord.js interaction methods through toInteractionOptions.
import type {
  APIActionRowComponent,
  APIAllowedMentions,
  APIComponentInMessageActionRow,
  APIEmbed,
} from 'discord.js';
import type { Attachment } from '../../../core/views.js';

/** A text file sent with a message (the .ics invitation), as JSON so a kept post can be stored. */
export interface MessageFile {
  name: string;
  contentType: string;
  content: string;
}

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Always present: the bot pings nobody it did not mean to (never @everyone/@here from user text). */
  allowed_mentions: APIAllowedMentions;
  /**
   * Files to attach (multipart). Not Discord JSON: whoever sends the message takes them out
   * (withoutFiles) and sends them as attachments, or, when Discord refuses the files, sends
   * `inlineContent` (the same message with the files' text in it) instead.
   */
  files?: MessageFile[];
  inlineContent?: string;
}

export function invitationFile(attachment: Attachment): MessageFile {
  return {
    name: attachment.filename,
    contentType: attachment.contentType,
    content: attachment.content,
  };
}

/** A message (or a REST body made from one) split into its JSON and its files. */
export function withoutFiles<T extends { files?: MessageFile[]; inlineContent?: string }>(
  message: T,
): {
  json: Omit<T, 'files' | 'inlineContent'>;
  files: MessageFile[];
  inline: Omit<T, 'files' | 'inlineContent'>;
} {
  const { files, inlineContent, ...json } = message;
  const inline = inlineContent === undefined ? json : { ...json, content: inlineContent };
  return { json, files: files ?? [], inline };
}

/** The files as @discordjs/rest sends them: multipart parts beside `payload_json`. */
export function restFiles(files: MessageFile[]) {
  return files.map((file) => ({
    name: file.name,
    data: Buffer.from(file.content, 'utf8'),
    contentType: file.contentType,
  }));
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
    // discord.js sends these as multipart attachments of the reply.
    ...(message.files?.length
      ? {
          files: message.files.map((file) => ({
            attachment: Buffer.from(file.content, 'utf8'),
            name: file.name,
          })),
        }
      : {}),
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
