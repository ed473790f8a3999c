// The permissions casebot needs in a server, and the invite URL that asks for exactly those.
import { PermissionFlagsBits } from 'discord.js';

/**
 * View channels, send messages (also in threads), embed links (article previews), attach files (a
 * confirmed call's .ics invitation), read history
 * (replies to the message that asked), create public threads (the engineers' thread under each
 * alert) and private threads (a case's customer side), and manage threads (lock the public thread a
 * moderator flagged, archive an abandoned case thread) and manage messages (remove a flagged public
 * post when the moderator asks; its text is kept on the case). Nothing to mention @everyone: make the
 * on-call role mentionable instead.
 */
export const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.ManageThreads |
  PermissionFlagsBits.ManageMessages;

export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: 'bot applications.commands',
    permissions: BOT_PERMISSIONS.toString(),
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
