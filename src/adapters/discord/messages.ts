// Plain messages: relayed when they are in a case's thread (the core knows which threads are
// cases), answered with suggestions when auto-suggest is on and they are in a support channel or
// start a post in a support forum (the reply becomes the post's first answer).
import type { Client, Message } from 'discord.js';
import type { Desk } from '../../core/conversation/desk.js';
import { FAILURE_NOTICE, keyedApart, withWork } from '../../core/delivery/work-scope.js';
import type { Logger } from '../../core/ports/platform.js';
import { newErrorReference } from '../../core/errors.js';
import { leaveToFirstRun, reportFailure } from '../../core/delivery/failure-report.js';
import { chooseLanguage, t } from '../../core/i18n/index.js';
import { placeOf, toActor } from './actor.js';
import type { DiscordChatPort } from './chat-port.js';
import type { DiscordConfig } from './config.js';
import { MESSAGE_KEY_PREFIX, type DiscordIntake } from './intake-ledger.js';

/**
 * Handles one message from the gateway; `redo` handles one a stopped process had taken (rebuilt
 * from its stored packet) under its first work key, as a redo.
 */
export interface MessageHandler {
  (message: Message): Promise<void>;
  redo(message: Message): Promise<void>;
}

export function createMessageHandler(options: {
  client: Client;
  desk: () => Desk;
  chat: DiscordChatPort;
  config: DiscordConfig;
  logger: Logger;
  /** Writes the questions casebot answers to the delivery ledger while they are handled. */
  intake?: DiscordIntake;
}): MessageHandler {
  const { config, chat, logger, intake } = options;

  // A message the gateway replays after a resume, or the next process redoes, is the same work:
  // its replies go out once (the journal knows them by this key).
  const run = (message: Message, redo: boolean) =>
    withWork(`${MESSAGE_KEY_PREFIX}${message.id}`, () => handle(message), { redo });
  const live = (message: Message): Promise<void> => {
    if (!intake) return run(message, false);
    // Only questions and the messages the core may relay are written down: the rest of the
    // channels' talk costs the store nothing.
    if (!isQuestion(message) && !mayBeRelayed(message)) {
      intake.forgetMessage(message.id);
      return run(message, false);
    }
    return intake.recordMessage(message.id, () => run(message, false));
  };
  return Object.assign(live, { redo: (message: Message) => run(message, true) });

  /**
   * A person's message in a thread while relaying is on: the core relays it when the thread is a
   * case's (only the core knows), and a process that dies on the way must not lose it.
   */
  function mayBeRelayed(message: Message): boolean {
    if (!config.relayThreadMessages || message.author.bot || message.webhookId) return false;
    return message.inGuild() && placeOf(options.client, message.channelId).threadId != null;
  }

  /** A message answered with suggestions (what a dead process must not leave unanswered). */
  function isQuestion(message: Message): boolean {
    if (!config.autoSuggest || message.author.bot || message.webhookId || !message.inGuild())
      return false;
    return isSupportMessage(message, placeOf(options.client, message.channelId), config);
  }

  async function handle(message: Message): Promise<void> {
    if (message.author.bot || message.webhookId || !message.inGuild()) return;
    const place = placeOf(options.client, message.channelId);
    const actor = toActor(message.author, {
      channelId: place.channelId,
      guildId: message.guildId,
      member: message.member,
      permissions: null,
      moderatorRoleIds: config.moderatorRoleIds,
    });
    try {
      if (place.threadId && config.relayThreadMessages) {
        const notice = await options.desk().message({ actor, place, text: message.content });
        if (notice) {
          if ((notice.tone === 'warning' || notice.tone === 'error') && !leftToFirstRun(message))
            await chat.reply(place, message.id, notice);
          return;
        }
      }
      if (!config.autoSuggest || !isSupportMessage(message, place, config)) return;
      const suggestions = await options.desk().ask({ actor, place, question: message.content });
      await chat.reply(place, message.id, suggestions);
    } catch (error) {
      if (leftToFirstRun(message)) return;
      const errorReference = newErrorReference();
      // Answered, and left for a redo when one can fix it (failure-scope.ts).
      const redone = reportFailure(error);
      logger.error('discord message handling failed', {
        errorReference,
        messageId: message.id,
        redoneAfterLease: redone,
        error: String(error),
      });
      // A message carries no client locale: the server's language says it.
      const language = chooseLanguage(message.guild?.preferredLocale);
      // Keyed apart from the answer: a redo's answer must not meet this notice's journal row.
      await keyedApart(FAILURE_NOTICE, () =>
        chat.reply(place, message.id, {
          kind: 'notice',
          tone: 'error',
          text: t(language, 'discord.notice.messageFailed'),
          errorReference,
          language,
        }),
      ).catch(() => undefined);
    }
  }

  /** As respond.ts: a redo that met its first run still sending leaves the reply to it. */
  function leftToFirstRun(message: Message): boolean {
    if (!leaveToFirstRun()) return false;
    logger.info('discord redo met its first run still working; left to it', {
      messageId: message.id,
    });
    return true;
  }
}

function isSupportMessage(
  message: Message,
  place: { channelId: string; threadId?: string | null },
  config: DiscordConfig,
): boolean {
  if (!place.threadId) return config.supportChannelIds.includes(place.channelId);
  // A forum post's starter message has the id of the post (thread) itself.
  return config.supportForumIds.includes(place.channelId) && message.id === place.threadId;
}
