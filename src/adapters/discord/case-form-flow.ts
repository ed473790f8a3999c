// Opening a case from Discord: the modal must be the first answer to a click, so the form is
// fetched within the deadline or offered behind an *Open the form* button; what the customer typed
// is kept (in memory, per user) so that *Retry* after a validation error loses nothing. The private
// thread made for a form that failed waits for that retry; when the customer gives up (*Discard*, or
// no successful submit within `abandonedThreadMs`) it is removed so no empty thread stays behind;
// one whose process stopped before removing it is found among the guild's threads and removed by
// the next process (startSweeping).
import { ComponentType, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { Actor, Desk } from '../../core/conversation/desk.js';
import type { Place } from '../../core/model.js';
import type { Logger } from '../../core/ports/platform.js';
import type { CaseFormInput, CaseFormView } from '../../core/views.js';
import type { DiscordChatPort } from './chat-port.js';
import { RepeatedOneAtATime } from '../../core/delivery/one-at-a-time.js';
import { languageOfView, t } from '../../core/i18n/index.js';
import { placeOf, readerLanguage } from './actor.js';
import { readCaseModal, renderCaseModal, renderView } from './render/index.js';
import type { DiscordMessage } from './render/message.js';
import type { Responder } from './respond.js';

const FORM_MEMORY_MS = 60 * 60 * 1000;
const ABANDONED_THREAD_MS = 15 * 60 * 1000;

interface Remembered {
  view: CaseFormView;
  typed: CaseFormInput | null;
  /** The private thread made for this case, reused by a retry (the customer is not in it yet). */
  thread?: Place;
  /**
   * The form that thread was made for: a retry shows it again, so the retry's submission is the
   * same work and finds that thread in the message journal, also when redone in another process.
   */
  formId?: string;
  at: number;
}

export class CaseFormFlow {
  private readonly forms = new Map<string, Remembered>();
  /** Per user: the pending removal of the empty thread a failed form left. */
  private readonly abandon = new Map<string, ReturnType<typeof setTimeout>>();
  private sweeper: RepeatedOneAtATime | null = null;

  constructor(
    private readonly options: {
      desk: () => Desk;
      chat: DiscordChatPort;
      responder: Responder;
      deferAfterMs: number;
      logger?: Logger;
      abandonedThreadMs?: number;
    },
  ) {}

  /** *Discard* on the errors: forget the form and remove its empty thread now. */
  async discard(interaction: ButtonInteraction, actor: Actor): Promise<void> {
    const language =
      this.recall(actor.userId)?.view.language ??
      (await readerLanguage(this.options.desk, actor, {
        waitMs: this.options.deferAfterMs,
        ...(this.options.logger ? { logger: this.options.logger } : {}),
      }));
    await interaction.update({
      content: t(language, 'discord.caseForm.discarded'),
      components: [],
      allowedMentions: { parse: [] },
    });
    await this.removeThread(actor.userId);
    this.forms.delete(actor.userId);
  }

  /** Stops pending removals (adapter shutdown); the threads stay as they are. */
  stop(): void {
    for (const timer of this.abandon.values()) clearTimeout(timer);
    this.abandon.clear();
    this.sweeper?.stop();
    this.sweeper = null;
  }

  /**
   * A removal timer lives in memory: a process stopped within a failed form's retry window leaves
   * its empty thread for good. So, every retry window, the bot's private threads older than it
   * that nobody joined and nothing was posted in are removed, but for a form this process still
   * waits on and a thread a case names (its customer not added yet: a redo adds them). The first
   * sweep comes one window after start, once the delivery worker has redone the forms a stopped
   * process left half done (their cases name their threads from then on).
   */
  startSweeping(guildIds: () => string[]): void {
    if (this.sweeper) return;
    const windowMs = this.options.abandonedThreadMs ?? ABANDONED_THREAD_MS;
    this.sweeper = new RepeatedOneAtATime(windowMs, () => this.sweep(guildIds(), windowMs));
  }

  private async sweep(guildIds: string[], windowMs: number): Promise<void> {
    const before = new Date(Date.now() - windowMs);
    for (const guildId of guildIds) {
      try {
        for (const thread of await this.options.chat.emptyPrivateThreads(guildId, before))
          await this.removeIfAbandoned(thread);
      } catch (error) {
        this.options.logger?.warn('discord could not look for abandoned case form threads', {
          guildId,
          error: String(error),
        });
      }
    }
  }

  private async removeIfAbandoned(thread: Place): Promise<void> {
    const threadId = thread.threadId!;
    const waited = [...this.forms.values()].some((form) => form.thread?.threadId === threadId);
    if (waited || (await this.options.desk().hasCaseAt(thread))) return;
    const outcome = await this.options.chat.removeEmptyThread(threadId);
    this.options.logger?.info('discord case form thread left by a stopped process removed', {
      threadId,
      outcome,
    });
  }

  /** *Open a case* or *Open the form*: shows the modal, or answers why not. */
  async open(
    interaction: ButtonInteraction,
    actor: Actor,
    deflectionId: string | null,
  ): Promise<void> {
    const pending = this.options.desk().caseForm(actor, deflectionId);
    const quick = await Promise.race([pending, sleep(this.options.deferAfterMs).then(() => null)]);
    if (quick?.kind === 'case-form') {
      this.rememberNewForm(actor.userId, quick);
      await interaction.showModal(renderCaseModal(quick));
      return;
    }
    // Too slow for a modal, or a refusal: answer ephemerally; the button re-opens a ready form.
    await this.options.responder.answer(
      interaction,
      async () => {
        const result = await pending;
        if (result.kind !== 'case-form') return renderView(result, { userId: actor.userId });
        this.rememberNewForm(actor.userId, result);
        return renderView(result, { userId: actor.userId });
      },
      // Part of the 3 seconds is spent already: defer now rather than wait a second time.
      { ephemeral: true, deferNow: quick === null },
    );
  }

  /** *Retry*: the modal again, prefilled with what the user typed. */
  async retry(interaction: ButtonInteraction, actor: Actor): Promise<void> {
    const remembered = this.recall(actor.userId);
    if (!remembered) return this.open(interaction, actor, null);
    this.keepWhileRetried(actor.userId, remembered);
    await interaction.showModal(
      renderCaseModal(remembered.view, remembered.typed, ...formOf(remembered)),
    );
  }

  /** Like *Open the form*, but reuses a form fetched a moment ago when there is one. */
  async openRemembered(
    interaction: ButtonInteraction,
    actor: Actor,
    deflectionId: string | null,
  ): Promise<void> {
    const remembered = this.recall(actor.userId);
    if (remembered && remembered.view.deflectionId === deflectionId) {
      this.keepWhileRetried(actor.userId, remembered);
      await interaction.showModal(
        renderCaseModal(remembered.view, remembered.typed, ...formOf(remembered)),
      );
      return;
    }
    await this.open(interaction, actor, deflectionId);
  }

  async submit(
    interaction: ModalSubmitInteraction,
    actor: Actor,
    deflectionId: string | null,
    formId?: string,
  ): Promise<void> {
    await this.options.responder.answer(
      interaction,
      () => this.submitWork(interaction, actor, deflectionId, formId),
      { ephemeral: true },
    );
  }

  private async submitWork(
    interaction: ModalSubmitInteraction,
    actor: Actor,
    deflectionId: string | null,
    formId: string | undefined,
  ): Promise<DiscordMessage> {
    const desk = this.options.desk();
    let view = this.recall(actor.userId)?.view;
    if (!view) {
      // The adapter restarted since the form was shown: ask the core for the form's options again.
      const fresh = await desk.caseForm(actor, deflectionId);
      if (fresh.kind !== 'case-form') return renderView(fresh);
      view = fresh;
    }
    const typed = readCaseModal(view, {
      text: (id) => fieldOf(interaction, id, ComponentType.TextInput),
      selected: (id) => fieldOf(interaction, id, ComponentType.StringSelect),
    });
    const thread = await this.threadFor(interaction, actor, view, typed, formId);
    this.forms.set(actor.userId, {
      view,
      typed,
      thread,
      ...(formId ? { formId } : {}),
      at: Date.now(),
    });
    // The same modal submitted twice (a retry after a timeout or a restart) opens one case.
    const intake = formId ? { intakeKey: `discord:form:${formId}` } : undefined;
    const result = await desk.submitCase(actor, thread, typed, intake);
    if (result.kind !== 'case-confirmation') this.scheduleRemoval(actor.userId, thread);
    else {
      this.cancelRemoval(actor.userId);
      this.forms.delete(actor.userId);
      await this.options.chat.addToThread(thread.threadId!, actor.userId);
      await this.options.chat.post(thread, result);
    }
    return renderView(result, { userId: actor.userId });
  }

  /**
   * The case lives in a private thread (customer and support): made before the core stores the
   * case, as its customer place; the customer is added only once the case exists, so a form that
   * fails validation leaves nothing in their sidebar. The thread is opened through the message
   * journal under the submission's work: the same form submitted again (a retry, a redo after a
   * crash, in any process) gets the thread its first try made, the one its case names.
   */
  private async threadFor(
    interaction: ModalSubmitInteraction,
    actor: Actor,
    view: CaseFormView,
    typed: CaseFormInput,
    formId: string | undefined,
  ): Promise<Place> {
    // The same form again in this process: its thread as remembered (also where no journal runs).
    const remembered = this.recall(actor.userId);
    if (remembered?.thread && (!formId || remembered.formId === formId)) return remembered.thread;
    const language = languageOfView(view);
    const place = await this.options.chat.openPrivateSpace({
      customerUserId: actor.userId,
      near: placeOf(interaction.client, interaction.channelId ?? '0'),
      title: typed.title
        ? t(language, 'discord.caseForm.thread', { title: typed.title })
        : t(language, 'discord.caseForm.threadUntitled'),
      language,
      customerJoinsLater: true,
    });
    if (!place.threadId) throw new Error('discord opened a private space that is no thread');
    return place;
  }

  /**
   * A new form replaces the one remembered. A failed form's thread is empty (its customer is added
   * only with a case) and would be forgotten with it, its removal never finding it: removed now.
   */
  private rememberNewForm(userId: string, view: CaseFormView): void {
    if (this.forms.get(userId)?.thread) void this.removeThread(userId);
    this.forms.set(userId, { view, typed: null, at: Date.now() });
  }

  /**
   * The form shown again names its thread (its form id): the removal window starts over, or the
   * thread could be removed under the person still filling the form, whose case would then name a
   * thread that is gone.
   */
  private keepWhileRetried(userId: string, remembered: Remembered): void {
    if (remembered.thread && this.abandon.has(userId))
      this.scheduleRemoval(userId, remembered.thread);
  }

  private scheduleRemoval(userId: string, thread: Place): void {
    this.cancelRemoval(userId);
    const timer = setTimeout(
      () => void this.removeThread(userId, thread.threadId ?? null),
      this.options.abandonedThreadMs ?? ABANDONED_THREAD_MS,
    );
    timer.unref?.();
    this.abandon.set(userId, timer);
  }

  private cancelRemoval(userId: string): void {
    const timer = this.abandon.get(userId);
    if (timer) clearTimeout(timer);
    this.abandon.delete(userId);
  }

  /** Removes the user's empty form thread (only `expected`, when given: a newer one stays). */
  private async removeThread(userId: string, expected: string | null = null): Promise<void> {
    this.cancelRemoval(userId);
    const remembered = this.forms.get(userId);
    const threadId = remembered?.thread?.threadId;
    if (!remembered || !threadId || (expected !== null && threadId !== expected)) return;
    // Forgotten first: a retry from now on is a new form with a fresh thread, never the removed one.
    const { thread: _removed, formId: _form, ...rest } = remembered;
    this.forms.set(userId, rest);
    const outcome = await this.options.chat.removeEmptyThread(threadId);
    this.options.logger?.info('discord abandoned case form thread removed', { threadId, outcome });
  }

  private recall(userId: string): Remembered | null {
    const remembered = this.forms.get(userId);
    if (!remembered || Date.now() - remembered.at > FORM_MEMORY_MS) return null;
    return remembered;
  }
}

/** The form id a retry shows again: the one its thread was made for, while that thread stands. */
function formOf(remembered: Remembered): [] | [string] {
  return remembered.thread && remembered.formId ? [remembered.formId] : [];
}

function fieldOf(
  interaction: ModalSubmitInteraction,
  id: string,
  type: ComponentType.TextInput,
): string | null;
function fieldOf(
  interaction: ModalSubmitInteraction,
  id: string,
  type: ComponentType.StringSelect,
): string[] | null;
function fieldOf(
  interaction: ModalSubmitInteraction,
  id: string,
  type: ComponentType,
): string | string[] | null {
  try {
    const field = interaction.fields.getField(id) as {
      type: ComponentType;
      value?: string;
      values?: readonly string[];
    };
    if (field.type !== type) return null;
    return type === ComponentType.TextInput ? (field.value ?? null) : [...(field.values ?? [])];
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
