// A small in-memory stand-in for the conversation core, for Slack tests until the real Desk lands.
// It records every call and plays the core's side of each flow just far enough (suggestions, form
// validation, alert, claim race, relay with internal notes, flag, status, SLA events) to let the
// Slack adapter be driven end to end. It holds no Slack knowledge: it only speaks Desk and ChatPort.
import type {
  Actor,
  AskRequest,
  CaseAction,
  Desk,
  FlagFormRequest,
  FlagRequest,
  MessageRequest,
  SeverityChangeRequest,
  AvailabilityRequest,
} from '../../src/core/conversation/desk.js';
import { chooseLanguage, languageFor, t } from '../../src/core/i18n/index.js';
import type { Place } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import { alertFixture, caseFormFixture } from './story-desk-fixtures.js';
import type {
  HomeView,
  CaseAlertView,
  CaseConfirmationView,
  CaseFormErrors,
  CaseFormInput,
  CaseFormView,
  CaseListView,
  FlagFormView,
  NoticeView,
  PostedMessage,
  SuggestionsView,
} from '../../src/core/views.js';

export interface DeskCall {
  method: keyof Desk;
  args: unknown[];
}

interface StoredCase {
  id: string;
  reference: string;
  orgId: string;
  requester: string;
  alert: PostedMessage;
  customerPlace: Place;
  view: CaseAlertView;
  firstResponseAt: Date | null;
}

export interface StoryDeskSetup {
  /** Slack user id → org id (customers) */
  customers: Record<string, string>;
  engineers: Record<string, string>;
  moderators: string[];
  teamChannel: string;
  internalPrefix?: string;
  /** The team channel's language (the setup's `language` of the team); absent: English. */
  teamLanguage?: string;
}

const notice = (tone: NoticeView['tone'], text: string): NoticeView => ({
  kind: 'notice',
  tone,
  text,
});

export class StoryDesk implements Desk {
  readonly calls: DeskCall[] = [];
  readonly cases: StoredCase[] = [];
  readonly solved: string[] = [];
  chat: ChatPort | null = null;
  private deflections = 0;
  /** Languages chosen with `/support lang`, by Slack user id. */
  private readonly chosen = new Map<string, string>();

  constructor(private readonly setup: StoryDeskSetup) {}

  private port(): ChatPort {
    if (!this.chat) throw new Error('StoryDesk: bind a ChatPort first');
    return this.chat;
  }

  private record(method: keyof Desk, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  callsOf(method: keyof Desk): DeskCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The core's rule, as far as the story goes: the person's choice, else their platform's locale. */
  languageOf(actor: Actor): string {
    return languageFor({
      personLanguage: this.chosen.get(actor.userId),
      platformLocale: actor.locale,
    });
  }

  private localized(actor: Actor): { language?: string } {
    const language = this.languageOf(actor);
    return language === 'en' ? {} : { language };
  }

  async ask(request: AskRequest): Promise<SuggestionsView> {
    this.record('ask', request);
    return {
      kind: 'suggestions',
      deflectionId: `defl-${++this.deflections}`,
      question: request.question,
      askerUserId: request.actor.userId,
      articles: [
        {
          id: 'a1',
          title: 'Cluster health is red',
          snippet: 'Check unassigned shards first.',
          url: 'https://help.example.com/kb/red#shards',
          section: 'Shards',
          score: 9,
        },
      ],
      noGoodMatch: false,
      canOpenCase: request.actor.userId in this.setup.customers,
      ...this.localized(request.actor),
    };
  }

  async markSolved(actor: Actor, deflectionId: string): Promise<NoticeView> {
    this.record('markSolved', actor, deflectionId);
    this.solved.push(deflectionId);
    return notice('success', 'Glad it helped. Recorded as solved.');
  }

  async caseForm(
    actor: Actor,
    deflectionId: string | null,
    question?: string,
  ): Promise<CaseFormView | NoticeView> {
    this.record('caseForm', actor, deflectionId, question);
    if (!(actor.userId in this.setup.customers))
      return notice('warning', 'Your account is not linked to a customer organisation.');
    return caseFormFixture(deflectionId, question, this.languageOf(actor));
  }

  async submitCase(
    actor: Actor,
    place: Place,
    form: CaseFormInput,
  ): Promise<CaseConfirmationView | CaseFormErrors | NoticeView> {
    this.record('submitCase', actor, place, form);
    const errors: CaseFormErrors['errors'] = {};
    const french = this.languageOf(actor) === 'fr';
    if (!form.title) errors.title = french ? 'Donnez un titre au cas.' : 'Give the case a title.';
    if (!['1', '2', '3'].includes(form.severity))
      errors.severity = french
        ? 'Choisissez une gravité que votre contrat couvre.'
        : 'Choose a severity your tier allows.';
    if (form.seriousness.length < 5)
      errors.seriousness = french
        ? 'Dites-nous pourquoi c’est urgent (impact métier).'
        : 'Tell us why it matters now (business impact).';
    if (Object.keys(errors).length > 0)
      return { kind: 'case-form-errors', errors, ...this.localized(actor) };
    const view = alertFixture(
      this.cases.length + 1,
      this.setup.customers[actor.userId] ?? '?',
      form,
      chooseLanguage(this.setup.teamLanguage),
    );
    const alert = await this.port().post(
      { platform: 'slack', channelId: this.setup.teamChannel },
      view,
    );
    const customerPlace = { ...place, messageId: null };
    this.cases.push({
      id: view.caseId,
      reference: view.caseReference,
      orgId: this.setup.customers[actor.userId]!,
      requester: actor.userId,
      alert,
      customerPlace,
      view,
      firstResponseAt: null,
    });
    return {
      kind: 'case-confirmation',
      caseReference: view.caseReference,
      title: form.title,
      severityLabel: view.severityLabel,
      targetText: 'within 1 hour',
      dueAt: view.dueAt,
      dueLocalText: 'Monday 11:00 (Europe/Paris)',
      ...this.localized(actor),
    };
  }

  private find(idOrRef: string): StoredCase | undefined {
    return this.cases.find((c) => c.id === idOrRef || c.reference === idOrRef);
  }

  async act(actor: Actor, caseIdOrReference: string, action: CaseAction): Promise<NoticeView> {
    this.record('act', actor, caseIdOrReference, action);
    const found = this.find(caseIdOrReference);
    if (!found) return notice('error', 'No such case.');
    const name = this.setup.engineers[actor.userId];
    if (!name) return notice('warning', 'Only engineers can claim cases.');
    if (action === 'claim') {
      if (found.view.assignee)
        return notice(
          'warning',
          `${found.view.assignee.displayName} already has ${found.reference}.`,
        );
      found.view = {
        ...found.view,
        state: 'claimed',
        assignee: { personId: actor.userId, displayName: name, platformUserId: actor.userId },
      };
      await this.port().update(found.alert, found.view);
      await this.port().post(
        found.customerPlace,
        notice('info', `${name} is working on ${found.reference}.`),
      );
      return notice('success', `You have ${found.reference}.`);
    }
    if (action === 'unclaim') {
      found.view = { ...found.view, state: 'new', assignee: null };
      await this.port().update(found.alert, found.view);
      return notice('success', `You released ${found.reference}.`);
    }
    found.view = { ...found.view, state: action === 'resolve' ? 'resolved' : found.view.state };
    await this.port().update(found.alert, found.view);
    return notice('success', `${found.reference}: ${action} done.`);
  }

  async reassign(actor: Actor, caseIdOrReference: string, toUserId: string): Promise<NoticeView> {
    this.record('reassign', actor, caseIdOrReference, toUserId);
    return notice('info', 'Not in the story.');
  }

  async learnedPhrasings(actor: Actor, request: unknown): Promise<NoticeView> {
    this.record('learnedPhrasings', actor, request);
    return notice('info', 'Not in the story.');
  }

  async draftArticle(actor: Actor, caseIdOrReference: string): Promise<NoticeView> {
    this.record('draftArticle', actor, caseIdOrReference);
    return notice('success', `Draft article written for ${caseIdOrReference}.`);
  }

  async changeSeverity(request: SeverityChangeRequest): Promise<NoticeView> {
    this.record('changeSeverity', request);
    return notice('info', 'Not in the story.');
  }

  async message(request: MessageRequest): Promise<NoticeView | null> {
    this.record('message', request);
    const { channelId, threadId } = request.place;
    const inAlert = this.cases.find(
      (c) => c.alert.place.channelId === channelId && threadId === c.alert.messageId,
    );
    if (inAlert) {
      if (request.text.startsWith(this.setup.internalPrefix ?? '//'))
        return notice('info', 'Internal note: not sent to the customer.');
      inAlert.firstResponseAt ??= new Date();
      await this.port().post(inAlert.customerPlace, {
        kind: 'relay',
        caseReference: inAlert.reference,
        fromName: request.actor.displayName,
        fromRole: 'engineer',
        text: request.text,
      });
      return notice('success', 'Sent to the customer.');
    }
    const inCustomer = this.cases.find(
      (c) =>
        c.customerPlace.channelId === channelId &&
        (c.customerPlace.threadId ?? null) === (threadId ?? null),
    );
    if (inCustomer) {
      await this.port().post(
        { ...inCustomer.alert.place, threadId: inCustomer.alert.messageId },
        {
          kind: 'relay',
          caseReference: inCustomer.reference,
          fromName: request.actor.displayName,
          fromRole: 'customer',
          text: request.text,
        },
      );
      return notice('success', 'Sent to the team.');
    }
    return null;
  }

  async flagForm(request: FlagFormRequest): Promise<FlagFormView | NoticeView> {
    this.record('flagForm', request);
    if (!this.setup.moderators.includes(request.actor.userId))
      return notice('warning', 'Only moderators can move a thread to private support.');
    return {
      kind: 'flag-form',
      authorName: request.author.displayName,
      orgName: null,
      severityOptions: [],
      defaultSeverity: null,
      canRemove: true,
    };
  }

  async flag(request: FlagRequest): Promise<NoticeView> {
    this.record('flag', request);
    if (!this.setup.moderators.includes(request.actor.userId))
      return notice('warning', 'Only moderators can move a thread to private support.');
    const space = await this.port().openPrivateSpace({
      customerUserId: request.author.userId,
      near: request.message,
      title: (request.text ?? '').slice(0, 60),
    });
    await this.port().post(
      space,
      notice('info', 'A moderator moved your question to private support. Continue here.'),
    );
    await this.port().post(
      { ...request.message, threadId: request.message.threadId ?? request.message.messageId },
      notice('info', 'This conversation was moved to private support.'),
    );
    return notice('success', 'Moved to private support.');
  }

  // CSAT goes through the real Desk (test/slack/rating-real.test.ts); here it is only recorded.
  async rate(request: Parameters<Desk['rate']>[0]): Promise<NoticeView> {
    this.record('rate', request);
    return notice('success', `Rated ${request.score}/5.`);
  }

  async commentOnRating(request: Parameters<Desk['commentOnRating']>[0]): Promise<NoticeView> {
    this.record('commentOnRating', request);
    return notice('success', 'Comment recorded.');
  }

  // Callbacks go through the real Desk (test/slack/callback-real.test.ts); here only recorded.
  async callback(request: Parameters<Desk['callback']>[0]): Promise<NoticeView> {
    this.record('callback', request);
    return notice('info', 'Callback recorded.');
  }

  /** No case lives in a Slack place this desk is asked about (only Discord's adapter asks). */
  async hasCaseAt(): Promise<boolean> {
    return false;
  }

  /** `/support lang`: as the core does it for one known code (the real one is tested on the real core). */
  async language(actor: Actor, request: string): Promise<NoticeView> {
    this.record('language', actor, request);
    const requested = request.trim();
    if (requested) this.chosen.set(actor.userId, chooseLanguage(requested));
    const language = this.languageOf(actor);
    const name = t(language, 'language.name', { code: language });
    return {
      kind: 'notice',
      tone: 'success',
      text: requested ? t(language, 'language.set', { language: name }) : name,
      language,
    };
  }

  async home(actor: Actor): Promise<HomeView> {
    this.record('home', actor);
    const engineer = Boolean(this.setup.engineers[actor.userId]);
    const queue = engineer ? (await this.list('engineer', 'Team queue', this.cases)).cases : [];
    return {
      kind: 'home',
      audience: engineer ? 'engineer' : 'customer',
      displayName: actor.displayName,
      mine: [],
      unclaimed: queue,
      week: null,
      isLead: false,
    };
  }

  async status(actor: Actor): Promise<CaseListView | NoticeView> {
    this.record('status', actor);
    const org = this.setup.customers[actor.userId];
    if (!org) return notice('info', 'You are not linked to a customer organisation.');
    return this.list(
      'customer',
      'Your open cases',
      this.cases.filter((c) => c.orgId === org),
    );
  }

  async queue(actor: Actor): Promise<CaseListView | NoticeView> {
    this.record('queue', actor);
    if (!this.setup.engineers[actor.userId]) return notice('info', 'The queue is for engineers.');
    return this.list('engineer', 'Team queue', this.cases);
  }

  async availability(actor: Actor, request: AvailabilityRequest): Promise<NoticeView> {
    this.record('availability', actor, request);
    return notice('success', `availability ${request.kind} recorded`);
  }

  async explain(actor: Actor, reference: string): Promise<NoticeView> {
    this.record('explain', actor, reference);
    return notice('info', `Why this time? ${reference}`);
  }

  private list(
    audience: CaseListView['audience'],
    heading: string,
    cases: StoredCase[],
  ): CaseListView {
    return {
      kind: 'case-list',
      audience,
      heading,
      cases: cases.map((c) => ({
        caseId: c.id,
        caseReference: c.reference,
        title: c.view.title,
        severityLabel: c.view.severityLabel,
        status: c.view.state,
        orgName: c.view.orgName,
        assigneeName: c.view.assignee?.displayName ?? null,
        dueAt: c.view.dueAt,
        msLeft: 3_600_000,
      })),
    };
  }

  /** What the SLA loop would do at a warning or a breach: an event in the team channel, the alert re-rendered. */
  async slaEvent(
    reference: string,
    event: 'warning' | 'breach',
    onCallGroup: string,
  ): Promise<void> {
    const found = this.find(reference)!;
    const mentions = [
      ...(found.view.assignee?.platformUserId
        ? [{ kind: 'user' as const, id: found.view.assignee.platformUserId }]
        : []),
      ...(event === 'breach' && found.view.isTopSeverity
        ? [{ kind: 'role' as const, id: onCallGroup }]
        : []),
    ];
    await this.port().post(
      { ...found.alert.place, threadId: null },
      {
        kind: 'sla-event',
        caseReference: found.reference,
        caseId: found.id,
        title: found.view.title,
        severityLabel: found.view.severityLabel,
        isTopSeverity: found.view.isTopSeverity,
        event,
        threshold: event === 'breach' ? 1 : 0.75,
        dueAt: found.view.dueAt!,
        mentions,
      },
    );
    found.view = { ...found.view, state: event === 'breach' ? 'breached' : 'warned' };
    await this.port().update(found.alert, found.view);
  }
}
