// Who is acting and where, from discord.js objects, in the core's terms.
import {
  PermissionFlagsBits,
  type Client,
  type GuildMember,
  type APIInteractionGuildMember,
  type User,
} from 'discord.js';
import type { Actor, Desk } from '../../core/conversation/desk.js';
import { chooseLanguage } from '../../core/i18n/index.js';
import type { Logger } from '../../core/ports/platform.js';
import type { Place } from '../../core/model.js';

type AnyMember = GuildMember | APIInteractionGuildMember | null | undefined;

export function roleIdsOf(member: AnyMember): string[] {
  if (!member) return [];
  if (Array.isArray(member.roles)) return [...member.roles];
  return [...(member as GuildMember).roles.cache.keys()];
}

/**
 * Moderators are recognised by a configured role or by Discord's own Manage Messages permission;
 * the core still decides (it knows moderators from the setup file too).
 */
export function toActor(
  user: User,
  context: {
    guildId: string | null;
    /** The channel acted in (a thread's parent): an org may be mapped to a channel. */
    channelId?: string | null;
    member: AnyMember;
    permissions?: { has(bit: bigint): boolean } | null;
    moderatorRoleIds: string[];
    /** The user's client language (an interaction's `locale`); messages carry none. */
    locale?: string | null;
  },
): Actor {
  const roleIds = roleIdsOf(context.member);
  const isModerator =
    Boolean(context.permissions?.has(PermissionFlagsBits.ManageMessages)) ||
    roleIds.some((id) => context.moderatorRoleIds.includes(id));
  return {
    platform: 'discord',
    userId: user.id,
    displayName: user.globalName ?? user.username,
    guildId: context.guildId,
    channelId: context.channelId ?? null,
    roleIds,
    platformModerator: isModerator,
    ...(context.locale ? { locale: context.locale } : {}),
  };
}

/**
 * The client's locale alone: for what must be said before the core can be asked (its failure).
 * What the adapter says on its own otherwise follows the person's choice: readerLanguage.
 */
export function adapterLanguage(actor: Pick<Actor, 'locale'>): string {
  return chooseLanguage(actor.locale);
}

/**
 * The language of what the adapter says on its own (refusals before any core call, its own
 * modals): the core's choice for this person (`/case lang`, their Discord locale, their org's),
 * read through desk.language with an empty request, which changes no setting (it may record the
 * person, as any first contact does). An interaction must be
 * answered within 3 s: past `waitMs`, or when the core fails, the client's locale is used.
 */
export async function readerLanguage(
  desk: () => Desk,
  actor: Actor,
  options: { waitMs?: number; logger?: Logger } = {},
): Promise<string> {
  const fallback = adapterLanguage(actor);
  const asked = desk()
    .language(actor, '')
    // A notice that names no language (a desk that does not say) leaves the client's locale.
    .then((view) => view.language ?? fallback)
    .catch((error: unknown) => {
      options.logger?.warn('discord: the reader’s language could not be read; using the locale', {
        error: String(error),
      });
      return fallback;
    });
  if (options.waitMs === undefined) return asked;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(fallback), options.waitMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A Discord channel id as a core Place: a thread is the thread of its parent channel. */
export function placeOf(client: Client, channelId: string, messageId?: string | null): Place {
  const channel = client.channels.cache.get(channelId);
  const base: Place =
    channel?.isThread() && channel.parentId
      ? { platform: 'discord', channelId: channel.parentId, threadId: channelId }
      : { platform: 'discord', channelId };
  return messageId ? { ...base, messageId } : base;
}
