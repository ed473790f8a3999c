// Flag for private support from Discord: the context-menu command opens the moderator's dialog
// (severity within the author's tier, remove the post or not), and its submission runs the flag
// with those choices. A modal must be the first answer to the command, so when the core is slow
// the dialog is offered behind a button instead. What was flagged (the author, the post's text) is
// kept in memory between the two steps: Discord gives back only the modal's custom id.
import {
  ComponentType,
  type ButtonInteraction,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Actor, Desk, FlagRequest } from '../../core/conversation/desk.js';
import { languageOfView, t } from '../../core/i18n/index.js';
import type { FlagFormView } from '../../core/views.js';
import type { Logger } from '../../core/ports/platform.js';
import { readerLanguage } from './actor.js';
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
      await interaction.showModal(renderFlagModal(quick.view, messageId));
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
    await interaction.showModal(renderFlagModal(pending.view, messageId));
  }

  async submit(interaction: ModalSubmitInteraction, actor: Actor, messageId: string) {
    const pending = this.recall(actor.userId, messageId);
    if (!pending)
      return this.options.responder.answer(interaction, async () => this.expired(actor), {
        ephemeral: true,
      });
    const severity = selected(interaction, flagFieldIds.severity);
    const request: FlagRequest = {
      ...pending.request,
      // Whoever submits is checked again by the core (a role may have been taken away meanwhile).
      actor,
      severity: severity === null ? null : Number(severity),
      removeOriginal: selected(interaction, flagFieldIds.remove) === REMOVE,
    };
    this.pending.delete(keyOf(actor.userId, messageId));
    await this.options.responder.answer(
      interaction,
      async () => renderView(await this.options.desk().flag(request)),
      { ephemeral: true },
    );
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
