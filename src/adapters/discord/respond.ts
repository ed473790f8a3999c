// Discord's 3-second rule: answer directly when the core is quick, defer first when it is not,
// and never leave an interaction unanswered: a failure is answered with its reference id, which
// the log records too. A failure a redo can fix is reported as well (failure-scope.ts), so the
// interaction's ledger row is left for the delivery worker, whose redo edits this answer.
import { MessageFlags, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';
import { newErrorReference } from '../../core/errors.js';
import { t } from '../../core/i18n/index.js';
import type { Logger } from '../../core/ports/platform.js';
import { adapterLanguage } from './actor.js';
import { leaveToFirstRun, reportFailure } from '../../core/delivery/failure-report.js';
import { isRedo } from '../../core/delivery/work-scope.js';
import { renderNotice } from './render/views.js';
import { toInteractionOptions, withoutFiles, type DiscordMessage } from './render/message.js';

export interface Responder {
  /** Runs `work` and shows its message; defers when it takes longer than `deferAfterMs`. */
  answer(
    interaction: RepliableInteraction,
    work: () => Promise<DiscordMessage>,
    options: { ephemeral: boolean; deferNow?: boolean },
  ): Promise<void>;
  /**
   * Answers with the error's reference id, whatever state the interaction is in. `redo`: the work
   * was a redo (default: whether the caller runs in a redo's scope).
   */
  fail(interaction: RepliableInteraction, error: unknown, redo?: boolean): Promise<void>;
}

export function createResponder(options: { deferAfterMs: number; logger: Logger }): Responder {
  const { logger } = options;

  /**
   * Shows the message. Its files (a call's .ics invitation) go as attachments of the reply; when
   * Discord refuses them (too large, a permission), the reply is made again with the files' text
   * in a code block, so the invitation still reaches the reader.
   */
  async function show(
    interaction: RepliableInteraction,
    message: DiscordMessage,
    ephemeral: boolean,
  ): Promise<void> {
    // Read before the try: a follow-up is made on an interaction already replied to, and its
    // failure must still get the text fallback; a first reply that went out must not be doubled.
    const repliedBefore = interaction.replied;
    try {
      await showOnce(interaction, message, ephemeral);
    } catch (error) {
      if (!message.files?.length || (interaction.replied && !repliedBefore)) throw error;
      logger.warn('discord reply with a file failed; sending the file as text', {
        interactionId: interaction.id,
        error: String(error),
      });
      await showOnce(interaction, withoutFiles(message).inline, ephemeral);
    }
  }

  async function showOnce(
    interaction: RepliableInteraction,
    message: DiscordMessage,
    ephemeral: boolean,
  ): Promise<void> {
    const payload = toInteractionOptions(message);
    if (interaction.deferred && !(await firstAnswerHidden(interaction, ephemeral)))
      await interaction.editReply(payload);
    else if (interaction.deferred) await interaction.followUp(payload);
    else if (interaction.replied)
      await interaction.followUp({
        ...payload,
        flags: ephemeral ? MessageFlags.Ephemeral : undefined,
      });
    else
      await interaction.reply({
        ...payload,
        flags: ephemeral ? MessageFlags.Ephemeral : undefined,
      });
  }

  /**
   * True when a redo's public answer would edit a first answer only its asker sees: the first run
   * failed and told them so privately (fail), and an edit keeps a message's flags, so the answer
   * the channel should see goes out as a follow-up instead. Asked only on a redo (rare); a live
   * run knows how it answered.
   */
  async function firstAnswerHidden(
    interaction: RepliableInteraction,
    ephemeral: boolean,
  ): Promise<boolean> {
    if (ephemeral || !isRedo()) return false;
    const first = await interaction.fetchReply();
    return first.flags.has(MessageFlags.Ephemeral);
  }

  /**
   * A redo that met its first run still going (one of its messages held by a live sender: the
   * process was slow, not dead) leaves the answer to that run rather than editing it with what the
   * redo saw; the work stays undone, and the worker looks at it again after its lease.
   */
  function leftToFirstRun(interaction: RepliableInteraction): boolean {
    if (!leaveToFirstRun()) return false;
    logger.info('discord redo met its first run still working; left to it', {
      interactionId: interaction.id,
    });
    return true;
  }

  /**
   * A redo's answer to an interaction its first run never answered cannot be shown: Discord kept
   * no webhook for it (neverAnswered). The person saw "This interaction failed" while the work was
   * done all the same (a case opened, a post moved), so the answer reaches them by DM, under a line
   * saying what it answers. A DM refused (closed DMs) is logged: nothing else can reach them.
   */
  async function showOrSendDirect(
    interaction: RepliableInteraction,
    message: DiscordMessage,
    ephemeral: boolean,
  ): Promise<void> {
    try {
      await show(interaction, message, ephemeral);
      return;
    } catch (error) {
      if (!isRedo() || !neverAnswered(error)) throw error;
    }
    const language = adapterLanguage({ locale: interaction.locale });
    const { components: _buttons, ...options } = toInteractionOptions(message);
    const intro = t(language, 'discord.notice.lateAnswer');
    const together = options.content ? `${intro}\n${options.content}` : intro;
    try {
      // Discord takes 2,000 characters of content: a long answer follows its intro on its own.
      if (together.length <= DISCORD_CONTENT_MAX)
        await interaction.user.send({ ...options, content: together });
      else {
        await interaction.user.send({ content: intro, allowedMentions: options.allowedMentions });
        await interaction.user.send(options);
      }
      logger.info('discord redo answered by DM; its interaction was never answered', {
        interactionId: interaction.id,
      });
    } catch (error) {
      logger.warn('discord redo done; its interaction was never answered and the DM failed', {
        interactionId: interaction.id,
        error: String(error),
      });
    }
  }

  async function fail(
    interaction: RepliableInteraction,
    error: unknown,
    redo = isRedo(),
  ): Promise<void> {
    if (leftToFirstRun(interaction)) return;
    if (redo && neverAnswered(error)) {
      logger.info(
        'discord redo done; its interaction was never answered, so nobody can answer it now',
        {
          interactionId: interaction.id,
        },
      );
      return;
    }
    const errorReference = newErrorReference();
    // Answered, and left for a redo when one can fix it (failure-scope.ts).
    const redone = reportFailure(error);
    logger.error('discord interaction failed', {
      errorReference,
      interactionId: interaction.id,
      redoneAfterLease: redone,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    const language = adapterLanguage({ locale: interaction.locale });
    const notice = renderNotice({
      kind: 'notice',
      tone: 'error',
      text: t(language, 'discord.notice.failed'),
      errorReference,
      language,
    });
    try {
      await show(interaction, notice, true);
    } catch (secondError) {
      logger.error('discord could not even report the failure', {
        errorReference,
        error: String(secondError),
      });
    }
  }

  async function answer(
    interaction: RepliableInteraction,
    work: () => Promise<DiscordMessage>,
    { ephemeral, deferNow = false }: { ephemeral: boolean; deferNow?: boolean },
  ): Promise<void> {
    try {
      const pending = work();
      const quick = await Promise.race([
        pending,
        delay(deferNow ? 0 : options.deferAfterMs).then(() => null),
      ]);
      if (quick) {
        if (!leftToFirstRun(interaction)) await showOrSendDirect(interaction, quick, ephemeral);
        return;
      }
      // Deferred already when redone after a crash (its first answer went out then).
      if (!interaction.deferred)
        await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      const message = await pending;
      if (!leftToFirstRun(interaction)) await showOrSendDirect(interaction, message, ephemeral);
    } catch (error) {
      await fail(interaction, error);
    }
  }

  return { answer, fail };
}

/**
 * Asked of a redo's failure: an interaction its first run never answered (killed within its 3 s,
 * or while waiting out a 429 on the answer) has no webhook on Discord (Unknown Webhook), so
 * neither the redo's answer nor an error notice can reach the person, who was shown "This
 * interaction failed" and may act again. The work itself is done; nothing is left to redo.
 */
function neverAnswered(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === RESTJSONErrorCodes.UnknownWebhook;
}

/** The most content characters Discord takes in one message. */
const DISCORD_CONTENT_MAX = 2000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
