// Flag for private support from Discord: the context-menu command opens the moderator's dialog
// (severity within the author's tier, remove the post or not), and its submission runs the flag
// with those choices. A modal must be the first answer to the command, so when the core is slow
// the dialog is offered behind a button instead. What was flagged (the author, the post's text) is
// kept in memory between the two steps: Discord gives back only the modal's custom id. A
// submission whose dialog is not in this process's memory (casebot restarted, or the submission is
// redone by another process after the first died half-way) reads the flagged post back from
// Discord: the modal was submitted in the post's channel, and its custom id names the post.
import {
  ComponentType,
  RESTJSONErrorCodes,
  type ButtonInteraction,
  type Guild,
  type GuildMember,
  type Message,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Actor, Desk, FlagRequest } from '../../core/conversation/desk.js';
import { languageOfView, t } from '../../core/i18n/index.js';
import type { FlagFormView } from '../../core/views.js';
import type { Logger } from '../../core/ports/platform.js';
import { isRedo } from '../../core/delivery/work-scope.js';
import { placeOf, readerLanguage, roleIdsOf } from './actor.js';
import { flagFieldIds } from './custom-ids.js';
import { renderView } from './render/index.js';
import { REMOVE, renderFlagButton, renderFlagModal } from './render/flag-form.js';
import type { Responder } from './respond.js';

const FLAG_MEMORY_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 1000;

interface Pending {
  request: FlagRequest;
  view: FlagFormView;
  at: number;
}

export class FlagFlow {
  /** By moderator and message: two moderators flagging the same post each get their own. */
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly options: {
      desk: () => Desk;
      responder: Responder;
      deferAfterMs: number;
      logger?: Logger;
    },
  ) {}

  /** The context-menu command: the dialog, or why not (not a moderator). */
  async open(
    interaction: MessageContextMenuCommandInteraction,
    request: Promise<FlagRequest>,
  ): Promise<void> {
    const messageId = interaction.targetMessage.id;
    const work = (async () => {
      const resolved = await request;
      return { request: resolved, view: await this.options.desk().flagForm(resolved) };
    })();
    const quick = await Promise.race([work, sleep(this.options.deferAfterMs).then(() => null)]);
    if (quick?.view.kind === 'flag-form') {
      this.remember(quick.request, quick.view);
      await interaction.showModal(
        renderFlagModal(quick.view, messageId, quick.request.author.userId),
      );
      return;
    }
    await this.options.responder.answer(
      interaction,
      async () => {
        const { request: resolved, view } = await work;
        if (view.kind !== 'flag-form') return renderView(view);
        this.remember(resolved, view);
        return renderFlagButton(messageId, languageOfView(view));
      },
      { ephemeral: true, deferNow: quick === null },
    );
  }

  /** *Flag…* (offered when the dialog was too slow to be the first answer). */
  async openRemembered(interaction: ButtonInteraction, actor: Actor, messageId: string) {
    const pending = this.recall(actor.userId, messageId);
    if (!pending)
      return this.options.responder.answer(interaction, async () => this.expired(actor), {
        ephemeral: true,
      });
    await interaction.showModal(
      renderFlagModal(pending.view, messageId, pending.request.author.userId),
    );
  }

  async submit(
    interaction: ModalSubmitInteraction,
    actor: Actor,
    messageId: string,
    authorId?: string,
  ) {
    const pending = this.recall(actor.userId, messageId);
    this.pending.delete(keyOf(actor.userId, messageId));
    const severity = selected(interaction, flagFieldIds.severity);
    const choices = {
      // Whoever submits is checked again by the core (a role may have been taken away meanwhile).
      actor,
      severity: severity === null ? null : Number(severity),
      removeOriginal: selected(interaction, flagFieldIds.remove) === REMOVE,
    };
    await this.options.responder.answer(
      interaction,
      async () => {
        const flagged =
          pending?.request ?? (await this.readBack(interaction, actor, messageId, authorId));
        if (!flagged) return this.expired(actor);
        return renderView(await this.options.desk().flag({ ...flagged, ...choices }));
      },
      { ephemeral: true },
    );
  }

  /**
   * The flag request read back from the flagged post (null when it is gone: removed, or its
   * channel not readable). A failure that may pass (a 5xx, a cut connection) is thrown: the
   * submission is then redone later.
   */
  private async readBack(
    interaction: ModalSubmitInteraction,
    actor: Actor,
    messageId: string,
    authorId: string | undefined,
  ): Promise<FlagRequest | null> {
    const { logger } = this.options;
    if (!interaction.channelId) return null;
    try {
      const channel = await interaction.client.channels.fetch(interaction.channelId);
      if (!channel?.isTextBased()) return null;
      const target = await channel.messages.fetch(messageId);
      logger?.info('discord flag dialog not in memory; flagged post read back', { messageId });
      return await flagRequestOf(actor, target, interaction.guild, logger);
    } catch (error) {
      if (!isGone(error)) throw error;
      // Redone after its first run removed the post: the core takes the text it recorded then.
      if (isRedo() && authorId)
        return withoutPost(interaction, actor, interaction.channelId, messageId, authorId, logger);
      logger?.warn('discord flagged post not found; the flag dialog is expired', {
        messageId,
        error: String(error),
      });
      return null;
    }
  }

  private remember(request: FlagRequest, view: FlagFormView): void {
    if (this.pending.size >= MAX_REMEMBERED)
      this.pending.delete(this.pending.keys().next().value as string);
    this.pending.set(keyOf(request.actor.userId, request.message.messageId), {
      request,
      view,
      at: Date.now(),
    });
  }

  /** The dialog is gone from memory (expired, or casebot restarted): say how to start again. */
  private async expired(actor: Actor) {
    const language = await readerLanguage(this.options.desk, actor, {
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    return renderView({
      kind: 'notice',
      tone: 'warning',
      text: t(language, 'discord.flag.expired'),
      language,
    });
  }

  private recall(userId: string, messageId: string): Pending | null {
    const pending = this.pending.get(keyOf(userId, messageId));
    if (!pending || Date.now() - pending.at > FLAG_MEMORY_MS) return null;
    return pending;
  }
}

const keyOf = (userId: string, messageId: string) => `${userId}:${messageId}`;

/** What a flag moves: the post (its place), its author (with their roles: their org) and text. */
export async function flagRequestOf(
  actor: Actor,
  target: Message,
  guild: Guild | null,
  logger?: Logger,
): Promise<FlagRequest> {
  const place = placeOf(target.client, target.channelId, target.id);
  return {
    actor,
    message: { ...place, messageId: target.id },
    author: {
      userId: target.author.id,
      displayName: target.author.globalName ?? target.author.username,
      // The author's roles place them in their org (a role-mapped customer never met before).
      roleIds: roleIdsOf(await authorMember(target, guild, logger)),
    },
    text: target.content,
  };
}

/** The request of a flag whose post is gone: its author from the guild, no text (see FlagRequest). */
async function withoutPost(
  interaction: ModalSubmitInteraction,
  actor: Actor,
  channelId: string,
  messageId: string,
  authorId: string,
  logger?: Logger,
): Promise<FlagRequest> {
  const member = await memberOf(interaction.guild, authorId, logger);
  const place = placeOf(interaction.client, channelId, messageId);
  return {
    actor,
    message: { ...place, messageId },
    author: {
      userId: authorId,
      displayName: member?.user.globalName ?? member?.user.username ?? authorId,
      roleIds: roleIdsOf(member ?? null),
    },
    text: null,
  };
}

/**
 * The flagged message's author as a guild member: from the message or the cache, else fetched
 * (Discord does not send it with the interaction). Null when they left the guild, or on failure.
 */
async function authorMember(
  target: Message,
  guild: Guild | null,
  logger?: Logger,
): Promise<GuildMember | null> {
  return target.member ?? memberOf(guild, target.author.id, logger);
}

/** The flagged author fetched as a member of the guild; null when they left it, or on failure. */
async function memberOf(
  guild: Guild | null,
  userId: string,
  logger?: Logger,
): Promise<GuildMember | null> {
  try {
    return (await guild?.members.fetch(userId)) ?? null;
  } catch (error) {
    // Without roles the author may still be known by their user id; the core says if not.
    logger?.warn('discord could not fetch the flagged author as a member', {
      userId,
      error: String(error),
    });
    return null;
  }
}

/** Discord says the post or its channel is not there (or not for the bot to read) for good. */
function isGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === RESTJSONErrorCodes.UnknownMessage ||
    code === RESTJSONErrorCodes.UnknownChannel ||
    code === RESTJSONErrorCodes.MissingAccess
  );
}

/** The one value picked in a select of the submitted modal, or null when it was not there. */
function selected(interaction: ModalSubmitInteraction, id: string): string | null {
  try {
    const field = interaction.fields.getField(id) as {
      type: ComponentType;
      values?: readonly string[];
    };
    return field.type === ComponentType.StringSelect ? (field.values?.[0] ?? null) : null;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
