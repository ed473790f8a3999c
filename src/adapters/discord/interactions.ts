// Interactions → Desk calls. Only routing and rendering here: who may do what is the core's call,
// except the asker-only buttons, which Discord cannot restrict by itself.
import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Actor, AvailabilityRequest, Desk } from '../../core/conversation/desk.js';
import type { Logger } from '../../core/ports/platform.js';
import type { CaseListView, NoticeView } from '../../core/views.js';
import { t } from '../../core/i18n/index.js';
import { startsWithAwayLead } from '../../core/routing/availability-input.js';
import { placeOf, readerLanguage, toActor } from './actor.js';
import { CaseFormFlow } from './case-form-flow.js';
import { withWork } from '../../core/delivery/work-scope.js';
import { FLAG_COMMAND_NAME } from './commands.js';
import { decodeCustomId, ratingCommentFieldId } from './custom-ids.js';
import { decodeInstant } from './render/callback.js';
import { renderRatingCommentModal } from './render/rating.js';
import { FlagFlow, flagRequestOf } from './flag-flow.js';
import type { InteractionTokens } from './interaction-tokens.js';
import type { DiscordChatPort } from './chat-port.js';
import { renderView, toInteractionOptions } from './render/index.js';
import { renderNotice } from './render/views.js';
import type { Responder } from './respond.js';
import type { DiscordIntake } from './intake-ledger.js';

export interface InteractionRouterOptions {
  client: Client;
  desk: () => Desk;
  chat: DiscordChatPort;
  responder: Responder;
  tokens: InteractionTokens;
  logger: Logger;
  moderatorRoleIds: string[];
  deferAfterMs: number;
  /** How long a failed form's empty private thread waits for a successful retry. */
  abandonedThreadMs?: number;
  /** `/case dashboard`: the app's signed link for staff (absent: the dashboard is not served). */
  dashboardLink?: (actor: Actor) => Promise<NoticeView>;
  /** Writes each interaction down while it is handled, so that a crash does not lose its work. */
  intake?: DiscordIntake;
}

const SEEN_LIMIT = 5000;

/**
 * Handles one interaction; `redo` handles one a stopped process had taken (rebuilt from its
 * stored packet) under its first work key, as a redo; `stop` cancels pending work (the
 * abandoned-form thread removals).
 */
export type InteractionRouter = ((interaction: Interaction) => Promise<void>) & {
  redo(interaction: Interaction): Promise<void>;
  stop(): void;
  /** Starts removing the empty form threads a stopped process left (once the guilds are known). */
  sweepAbandonedForms(): void;
};

export function createInteractionRouter(options: InteractionRouterOptions): InteractionRouter {
  const { responder, desk } = options;
  const forms = new CaseFormFlow({
    desk,
    chat: options.chat,
    responder,
    deferAfterMs: options.deferAfterMs,
    logger: options.logger,
    ...(options.abandonedThreadMs !== undefined
      ? { abandonedThreadMs: options.abandonedThreadMs }
      : {}),
  });
  const flags = new FlagFlow({
    desk,
    responder,
    deferAfterMs: options.deferAfterMs,
    logger: options.logger,
  });
  // A replayed or duplicated dispatch must not run a flow twice (Discord delivers at least once).
  const seen = new Set<string>();

  /** The person's language for what the adapter says itself, in time for a first answer. */
  const languageOf = (actor: Actor) =>
    readerLanguage(desk, actor, { waitMs: options.deferAfterMs, logger: options.logger });

  /** A refusal the adapter makes itself, ephemeral, in the person's language. */
  async function refuse(
    interaction: Extract<Interaction, { reply: unknown }>,
    actor: Actor,
    key: string,
    values?: Record<string, string>,
  ): Promise<void> {
    const language = await languageOf(actor);
    const text = t(language, key, values);
    const notice = toInteractionOptions(
      renderNotice({ kind: 'notice', tone: 'warning', text, language }),
    );
    // Redone after a crash (deferred: redo below): the refusal edits the first answer, which a
    // reply could not, and the error notice would take the refusal's place.
    if (interaction.deferred) await interaction.editReply(notice);
    else await interaction.reply({ ...notice, flags: MessageFlags.Ephemeral });
  }

  const actorOf = (interaction: Exclude<Interaction, { type: never }>) =>
    toActor(interaction.user, {
      guildId: interaction.guildId,
      channelId: interaction.channelId
        ? placeOf(interaction.client, interaction.channelId).channelId
        : null,
      member: interaction.member,
      permissions: interaction.memberPermissions,
      moderatorRoleIds: options.moderatorRoleIds,
      locale: interaction.locale,
    });

  async function onChatInput(interaction: ChatInputCommandInteraction): Promise<void> {
    const actor = actorOf(interaction);
    if (interaction.commandName === 'ask') {
      const question = interaction.options.getString('question', true);
      const product = interaction.options.getString('product');
      const place = placeOf(interaction.client, interaction.channelId);
      return responder.answer(
        interaction,
        async () => renderView(await desk().ask({ actor, place, question, product })),
        { ephemeral: false },
      );
    }
    if (interaction.commandName === 'queue')
      return responder.answer(interaction, async () => renderView(await desk().queue(actor)), {
        ephemeral: true,
      });
    if (interaction.commandName === 'case') {
      const subcommand = interaction.options.getSubcommand(false);
      if (subcommand === 'severity') return onSeverity(interaction, actor);
      // `/case lang [code|auto]`: the language casebot speaks to this person, or where it comes from.
      if (subcommand === 'lang') {
        const request = interaction.options.getString('language') ?? '';
        return responder.answer(
          interaction,
          async () => renderView(await desk().language(actor, request)),
          { ephemeral: true },
        );
      }
      if (subcommand === 'dashboard') {
        const link = options.dashboardLink;
        return responder.answer(
          interaction,
          async () => {
            if (link) return renderView(await link(actor));
            const language = await readerLanguage(desk, actor, { logger: options.logger });
            return renderView({
              kind: 'notice',
              tone: 'warning',
              text: t(language, 'discord.notice.noDashboard'),
              language,
            });
          },
          { ephemeral: true },
        );
      }
      if (subcommand === 'callback') {
        const typed = interaction.options.getString('reference', true).trim();
        const text = interaction.options.getString('what')?.trim() ?? '';
        return responder.answer(
          interaction,
          async () =>
            renderView(
              await desk().callback({ actor, caseIdOrReference: caseReferenceOf(typed), text }),
            ),
          { ephemeral: true },
        );
      }
      if (subcommand === 'why') {
        const typed = interaction.options.getString('reference', true).trim();
        return responder.answer(
          interaction,
          async () => renderView(await desk().explain(actor, caseReferenceOf(typed))),
          { ephemeral: true },
        );
      }
      if (subcommand === 'away' || subcommand === 'back' || subcommand === 'shift')
        return responder.answer(
          interaction,
          async () => renderView(await desk().availability(actor, availabilityOf(interaction))),
          { ephemeral: true },
        );
      if (subcommand === 'pending') {
        const typed = interaction.options.getString('reference', true).trim();
        return responder.answer(
          interaction,
          async () => renderView(await desk().act(actor, caseReferenceOf(typed), 'pending')),
          { ephemeral: true },
        );
      }
      if (subcommand === 'learned') {
        const remove = interaction.options.getInteger('remove');
        const article = interaction.options.getString('article')?.trim() || null;
        return responder.answer(
          interaction,
          async () =>
            renderView(
              await desk().learnedPhrasings(
                actor,
                remove !== null ? { remove } : { articleId: article },
              ),
            ),
          { ephemeral: true },
        );
      }
      if (subcommand === 'draft') {
        const typed = interaction.options.getString('reference', true).trim();
        return responder.answer(
          interaction,
          async () => renderView(await desk().draftArticle(actor, caseReferenceOf(typed))),
          { ephemeral: true },
        );
      }
      const reference = subcommand === 'status' ? interaction.options.getString('reference') : null;
      return responder.answer(
        interaction,
        async () => renderView(onlyReference(await desk().status(actor), reference)),
        { ephemeral: true },
      );
    }
    await refuse(interaction, actor, 'discord.notice.unknownCommand', {
      command: interaction.commandName,
    });
  }

  /** `/case severity reference level reason`: Discord has already required all three options. */
  async function onSeverity(interaction: ChatInputCommandInteraction, actor: Actor): Promise<void> {
    const typed = interaction.options.getString('reference', true).trim();
    const request = {
      actor,
      caseIdOrReference: caseReferenceOf(typed),
      severity: interaction.options.getInteger('level', true),
      reason: interaction.options.getString('reason', true),
    };
    return responder.answer(
      interaction,
      async () => renderView(await desk().changeSeverity(request)),
      { ephemeral: true },
    );
  }

  /** Opens the moderator's dialog; the flag itself runs when it is submitted. */
  async function onFlag(interaction: MessageContextMenuCommandInteraction): Promise<void> {
    const actor = actorOf(interaction);
    const request = flagRequestOf(
      actor,
      interaction.targetMessage,
      interaction.guild,
      options.logger,
    );
    return flags.open(interaction, request);
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const action = decodeCustomId(interaction.customId);
    const actor = actorOf(interaction);
    if (!action) return refuse(interaction, actor, 'discord.notice.buttonGone');
    if (
      (action.kind === 'solved' || action.kind === 'open-case') &&
      action.askerId !== actor.userId
    ) {
      return refuse(interaction, actor, 'discord.suggestions.askerOnly');
    }
    if (
      (action.kind === 'retry-form' || action.kind === 'cancel-form') &&
      action.userId !== actor.userId
    )
      return refuse(interaction, actor, 'discord.caseForm.notYours');
    switch (action.kind) {
      case 'solved':
        return responder.answer(
          interaction,
          async () =>
            renderView(await desk().markSolved(actor, action.deflectionId, action.article)),
          { ephemeral: true },
        );
      case 'open-case':
        return forms.open(interaction, actor, action.deflectionId);
      case 'case-form':
        return forms.openRemembered(interaction, actor, action.deflectionId);
      case 'retry-form':
        return forms.retry(interaction, actor);
      case 'cancel-form':
        return forms.discard(interaction, actor);
      case 'flag-form':
        return flags.openRemembered(interaction, actor, action.messageId);
      case 'why':
        return responder.answer(
          interaction,
          async () => renderView(await desk().explain(actor, action.caseId)),
          { ephemeral: true },
        );
      case 'callback': {
        // The same line a person could type: `book <instant>` for a time, else the step.
        const at = action.at ? decodeInstant(action.at) : null;
        const text =
          action.step === 'pick'
            ? at
              ? `book ${at.toISOString()}`
              : ''
            : action.step === 'request'
              ? ''
              : action.step;
        return responder.answer(
          interaction,
          async () =>
            renderView(await desk().callback({ actor, caseIdOrReference: action.caseId, text })),
          { ephemeral: true },
        );
      }
      case 'rate':
        return responder.answer(
          interaction,
          async () =>
            renderView(
              await desk().rate({
                actor,
                caseIdOrReference: action.caseId,
                resolution: action.resolution,
                score: action.score,
              }),
            ),
          { ephemeral: true },
        );
      case 'rate-comment':
        // The modal must be the first answer to the click; the core checks the comment on submit.
        return interaction.showModal(renderRatingCommentModal(action, await languageOf(actor)));
      case 'claim':
      case 'unclaim':
      case 'resolve':
      case 'reopen':
      case 'pending':
        return responder.answer(
          interaction,
          async () => renderView(await desk().act(actor, action.caseId, action.kind)),
          { ephemeral: true },
        );
    }
  }

  async function route(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) return onChatInput(interaction);
    if (interaction.isMessageContextMenuCommand() && interaction.commandName === FLAG_COMMAND_NAME)
      return onFlag(interaction);
    if (interaction.isButton()) return onButton(interaction);
    if (interaction.isModalSubmit()) {
      const action = decodeCustomId(interaction.customId);
      if (action?.kind === 'case-form')
        return forms.submit(interaction, actorOf(interaction), action.deflectionId, action.formId);
      if (action?.kind === 'flag-form')
        return flags.submit(interaction, actorOf(interaction), action.messageId, action.authorId);
      if (action?.kind === 'rate-comment') {
        const comment = interaction.fields.getTextInputValue(ratingCommentFieldId);
        const actor = actorOf(interaction);
        return responder.answer(
          interaction,
          async () =>
            renderView(
              await desk().commentOnRating({
                actor,
                caseIdOrReference: action.caseId,
                resolution: action.resolution,
                comment,
              }),
            ),
          { ephemeral: true },
        );
      }
    }
    if (interaction.isRepliable())
      await refuse(interaction, actorOf(interaction), 'discord.notice.unknownAction');
  }

  const handle = async (interaction: Interaction): Promise<void> => {
    if (seen.has(interaction.id)) return;
    seen.add(interaction.id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
    if (interaction.channelId)
      options.tokens.remember(interaction.user.id, interaction.token, interaction.channelId);
    const run = () => routeInWork(interaction, false);
    await (options.intake ? options.intake.record(interaction.id, run) : run());
  };

  async function routeInWork(interaction: Interaction, redo: boolean): Promise<void> {
    try {
      await withWork(workKeyOf(interaction), () => route(interaction), { redo });
    } catch (error) {
      if (interaction.isRepliable()) await responder.fail(interaction, error, redo);
      else options.logger.error('discord interaction failed', { error: String(error) });
    }
  }

  // The process that died had 3 s to answer first, and usually did (deferred, or answered): the
  // redo's answer edits that first answer (its token lives 15 minutes), never a new one. When it
  // did not, Discord refuses the edit and the redo ends without an answer (respond.ts).
  const redo = (interaction: Interaction) => {
    if (interaction.isRepliable()) interaction.deferred = true;
    return routeInWork(interaction, true);
  };
  return Object.assign(handle, {
    redo,
    stop: () => forms.stop(),
    sweepAbandonedForms: () => forms.startSweeping(() => [...options.client.guilds.cache.keys()]),
  });
}

/** `/case status CASE-1042`: the one case from the org's list (the core already scoped it to the org). */
function onlyReference<T extends CaseListView | { kind: 'notice' }>(
  view: T,
  reference: string | null,
): T {
  if (!reference || view.kind !== 'case-list') return view;
  const list = view as CaseListView;
  const wanted = reference.trim().toUpperCase();
  return {
    ...list,
    heading: `${list.heading} · ${wanted}`,
    cases: list.cases.filter((c) => c.caseReference.toUpperCase() === wanted),
  } as T;
}

/** `1042` and `case-1042` as people type them → `CASE-1042`; anything else is passed on as is. */
function caseReferenceOf(typed: string): string {
  if (/^\d+$/.test(typed)) return `CASE-${typed}`;
  return /^case-\d+$/i.test(typed) ? typed.toUpperCase() : typed;
}

/**
 * The work an interaction is (core/delivery/work-scope.ts): a modal submitted twice is one piece
 * of work (its messages go out once, its case is opened once); anything else is its own
 * interaction. A flag is named by the post it moves: a post moves once, whoever submits again.
 */
function workKeyOf(interaction: Interaction): string {
  if (interaction.isModalSubmit()) {
    const action = decodeCustomId(interaction.customId);
    if (action?.kind === 'case-form' && action.formId) return `discord:form:${action.formId}`;
    if (action?.kind === 'flag-form') return `discord:flag:${action.messageId}`;
  }
  return `discord:${interaction.id}`;
}

/**
 * `/case away|back|shift` as the text the core reads (the same grammar as the shell and Slack):
 * `until` becomes "until …" (or "for 3h", "jusqu’à lundi 9h", "pour 3h" as typed), the shift's
 * options are joined in order.
 */
function availabilityOf(interaction: ChatInputCommandInteraction): AvailabilityRequest {
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'back') return { kind: 'back' };
  if (subcommand === 'away') {
    const until = interaction.options.getString('until')?.trim() ?? '';
    const text = until === '' || startsWithAwayLead(until) ? until : `until ${until}`;
    return { kind: 'away', text };
  }
  const parts = [
    interaction.options.getString('hours', true),
    interaction.options.getString('time_zone') ?? '',
    interaction.options.getString('days') ?? '',
  ];
  return {
    kind: 'shift',
    text: parts
      .map((part) => part.trim())
      .filter(Boolean)
      .join(' '),
  };
}
