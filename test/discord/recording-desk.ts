// A small Desk test double (the real core runs the same story in whole-story-core.test.ts): it records every call and plays the core's
// part just far enough for the adapter's flows (alert, claim race, relay, flag, lists), always
// through the ChatPort it is given, as the real core does.
import { CASE_FORM_LIMITS } from '../../src/core/conversation/case-form-limits.js';
import type {
  Actor,
  CaseAction,
  Desk,
  FlagFormRequest,
  FlagRequest,
  MessageRequest,
} from '../../src/core/conversation/desk.js';
import type { Place } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type {
  CaseAlertView,
  CaseFormView,
  NoticeView,
  PostedMessage,
} from '../../src/core/views.js';
import { alertOf, summary, validate } from './recording-desk-views.js';

export interface DeskWorld {
  teamChannelId: string;
  onCallRoleId: string;
  customerRoleId: string;
  engineerRoleId: string;
  moderatorRoleIds: string[];
}

interface OpenCase {
  id: string;
  reference: string;
  requester: Actor;
  title: string;
  severity: number;
  customerPlace: Place;
  alert: PostedMessage;
  alertView: CaseAlertView;
  assignee: Actor | null;
}

export interface RecordingDesk extends Desk {
  calls: { method: string; args: unknown[] }[];
  cases: OpenCase[];
  /** What the SLA loop would do at a threshold: post the event and re-render the alert. */
  slaEvent(caseId: string, event: 'warning' | 'breach', threshold: number): Promise<void>;
  /** Makes the next calls slow, to exercise deferral. */
  delayMs: number;
}

export function createRecordingDesk(chat: () => ChatPort, world: DeskWorld): RecordingDesk {
  const calls: RecordingDesk['calls'] = [];
  const cases: OpenCase[] = [];
  const deflections = new Map<string, { askerId: string; question: string }>();
  const isCustomer = (actor: Actor) => actor.roleIds?.includes(world.customerRoleId) ?? false;
  const isEngineer = (actor: Actor) => actor.roleIds?.includes(world.engineerRoleId) ?? false;
  const notice = (tone: NoticeView['tone'], text: string): NoticeView => ({
    kind: 'notice',
    tone,
    text,
  });
  const find = (idOrRef: string) => cases.find((c) => c.id === idOrRef || c.reference === idOrRef);

  const desk: RecordingDesk = {
    calls,
    cases,
    delayMs: 0,
    async ask(request) {
      await record('ask', request);
      const deflectionId = `d${deflections.size + 1}x${Date.now().toString(36)}`;
      deflections.set(deflectionId, { askerId: request.actor.userId, question: request.question });
      return {
        kind: 'suggestions',
        deflectionId,
        question: request.question,
        askerUserId: request.actor.userId,
        articles: [
          {
            id: 'a1',
            title: 'Restart the ingest pipeline',
            snippet: 'Stop the workers, then [click here](https://evil.example) @everyone',
            url: 'https://docs.example/ingest#restart',
            section: 'Restart',
            score: 3,
          },
          {
            id: 'a2',
            title: 'Tune the JVM heap',
            snippet: 'Give the nodes half the RAM.',
            url: 'https://docs.example/heap',
            section: null,
            score: 2,
          },
        ],
        noGoodMatch: false,
        canOpenCase: isCustomer(request.actor),
      };
    },
    async markSolved(actor, deflectionId, articleNumber) {
      await record('markSolved', actor, deflectionId, articleNumber);
      return notice('success', 'Glad it helped!');
    },
    async caseForm(actor, deflectionId) {
      await record('caseForm', actor, deflectionId);
      if (!isCustomer(actor))
        return notice('warning', 'Your account is not linked to a customer org.');
      const question = deflectionId ? (deflections.get(deflectionId)?.question ?? '') : '';
      const form: CaseFormView = {
        kind: 'case-form',
        deflectionId,
        limits: CASE_FORM_LIMITS,
        severityOptions: [
          { value: 1, label: 'Urgent (1)', description: 'Production down' },
          { value: 2, label: 'High (2)', description: 'Degraded' },
          { value: 3, label: 'Normal (3)', description: 'Not as expected' },
        ],
        productOptions: ['Elasticsearch', 'Kibana'],
        typeOptions: ['bug', 'question'],
        prefill: {
          title: question.slice(0, 100),
          situation: question,
          severity: null,
          seriousness: '',
          product: null,
          type: 'bug',
        },
      };
      return form;
    },
    async submitCase(actor, place, form) {
      await record('submitCase', actor, place, form);
      const errors = validate(form);
      if (Object.keys(errors).length) return { kind: 'case-form-errors', errors };
      const number = 1000 + cases.length + 1;
      const id = `case${number}`;
      const reference = `CASE-${number}`;
      const severity = Number(form.severity);
      // As the real core does: the conversation continues where the form was submitted (for
      // Discord, the private thread the adapter made for it).
      const customerPlace: Place = {
        ...place,
        threadId: place.threadId ?? place.messageId ?? null,
      };
      const alertView = alertOf({ id, reference, severity, form, state: 'new', assignee: null });
      // As the real core does: a severity-1 alert pings the on-call role when posted, never again.
      const alert = await chat().post(
        { platform: 'discord', channelId: world.teamChannelId },
        severity === 1
          ? { ...alertView, mentions: [{ kind: 'role', id: world.onCallRoleId }] }
          : alertView,
      );
      cases.push({
        id,
        reference,
        requester: actor,
        title: form.title,
        severity,
        customerPlace,
        alert,
        alertView,
        assignee: null,
      });
      return {
        kind: 'case-confirmation',
        caseReference: reference,
        title: form.title,
        severityLabel: alertView.severityLabel,
        targetText: 'within 1 hour',
        dueAt: alertView.dueAt,
        dueLocalText: null,
      };
    },
    async act(actor, idOrRef, action: CaseAction) {
      await record('act', actor, idOrRef, action);
      const found = find(idOrRef);
      if (!found) return notice('error', 'No such case.');
      if (!isEngineer(actor) && action !== 'reopen')
        return notice('warning', 'Only engineers can claim cases.');
      if (action === 'claim') {
        if (found.assignee && found.assignee.userId !== actor.userId)
          return notice('warning', `${found.assignee.displayName} already has ${found.reference}.`);
        found.assignee = actor;
        found.alertView = {
          ...found.alertView,
          state: 'claimed',
          assignee: {
            personId: actor.userId,
            displayName: actor.displayName,
            platformUserId: actor.userId,
          },
        };
        await chat().update(found.alert, found.alertView);
        await chat().post(found.customerPlace, notice('info', `${actor.displayName} is on it.`));
        return notice('success', `You have ${found.reference}.`);
      }
      if (action === 'unclaim') {
        found.assignee = null;
        found.alertView = { ...found.alertView, state: 'new', assignee: null };
        await chat().update(found.alert, found.alertView);
        return notice('info', `You released ${found.reference}.`);
      }
      if (action === 'resolve') {
        found.alertView = { ...found.alertView, state: 'resolved' };
        await chat().update(found.alert, found.alertView);
        await chat().post(found.customerPlace, {
          ...notice(
            'success',
            `${found.reference} is resolved. Not fixed? Reopen it within 7 days.`,
          ),
          offer: { action: 'reopen', caseId: found.id, caseReference: found.reference },
        });
        return notice('success', `${found.reference} resolved.`);
      }
      if (action === 'reopen' && actor.userId === found.requester.userId) {
        found.alertView = { ...found.alertView, state: 'claimed' };
        await chat().update(found.alert, found.alertView);
        return notice('success', `${found.reference} is open again.`);
      }
      return notice('info', `${action} done.`);
    },
    async reassign(actor, idOrRef, toUserId) {
      await record('reassign', actor, idOrRef, toUserId);
      return notice('info', 'reassigned');
    },
    async learnedPhrasings(actor, request) {
      await record('learnedPhrasings', actor, request);
      return notice('info', 'learned');
    },
    async draftArticle(actor, idOrRef) {
      await record('draftArticle', actor, idOrRef);
      return notice('success', `Draft article written for ${idOrRef}.`);
    },
    async changeSeverity(request) {
      await record('changeSeverity', request);
      return notice('info', 'severity changed');
    },
    async message(request: MessageRequest) {
      await record('message', request);
      const staff = cases.find((c) => request.place.threadId === c.alert.messageId);
      const customer = cases.find((c) => request.place.threadId === c.customerPlace.threadId);
      if (staff) {
        if (request.text.startsWith('!note')) return notice('info', 'Internal note kept in staff.');
        await chat().post(staff.customerPlace, {
          kind: 'relay',
          caseReference: staff.reference,
          fromName: request.actor.displayName,
          fromRole: 'engineer',
          text: request.text,
        });
        return notice('success', 'relayed');
      }
      if (customer) {
        const thread = {
          platform: 'discord' as const,
          channelId: world.teamChannelId,
          threadId: customer.alert.messageId,
        };
        await chat().post(thread, {
          kind: 'relay',
          caseReference: customer.reference,
          fromName: request.actor.displayName,
          fromRole: 'customer',
          text: request.text,
        });
        return notice('success', 'relayed');
      }
      return null;
    },
    async flagForm(request: FlagFormRequest) {
      await record('flagForm', request);
      const moderator =
        request.actor.platformModerator ||
        (request.actor.roleIds ?? []).some((id) => world.moderatorRoleIds.includes(id));
      if (!moderator)
        return notice('warning', 'Only moderators can move a thread to private support.');
      return {
        kind: 'flag-form' as const,
        authorName: request.author.displayName,
        orgName: null,
        severityOptions: [],
        defaultSeverity: null,
        canRemove: true,
      };
    },
    async flag(request: FlagRequest) {
      await record('flag', request);
      const moderator =
        request.actor.platformModerator ||
        (request.actor.roleIds ?? []).some((id) => world.moderatorRoleIds.includes(id));
      if (!moderator)
        return notice('warning', 'Only moderators can move a thread to private support.');
      const space = await chat().openPrivateSpace({
        customerUserId: request.author.userId,
        near: request.message,
        title: `Private support for ${request.author.displayName}`,
      });
      await chat().post(
        request.message,
        notice('info', 'This conversation was moved to private support.'),
      );
      await chat().post(
        space,
        notice('info', `Hi ${request.author.displayName}, we moved your question here.`),
      );
      return notice('success', `Moved to a private thread for ${request.author.displayName}.`);
    },
    // CSAT goes through the real Desk (test/discord/rating.test.ts); here it is only recorded.
    async rate(request) {
      await record('rate', request);
      return notice('success', `Rated ${request.score}/5.`);
    },
    async commentOnRating(request) {
      await record('commentOnRating', request);
      return notice('success', 'Comment recorded.');
    },
    async callback(request) {
      await record('callback', request);
      return { kind: 'notice', tone: 'info', text: 'Callback recorded.' };
    },
    async language(actor, request) {
      await record('language', actor, request);
      return notice('success', `Language: ${request}`);
    },
    async hasCaseAt(place) {
      return cases.some(
        ({ customerPlace }) =>
          customerPlace.channelId === place.channelId &&
          (customerPlace.threadId ?? null) === (place.threadId ?? null),
      );
    },
    async home(actor) {
      await record('home', actor);
      return {
        kind: 'home',
        audience: 'customer',
        displayName: actor.displayName,
        mine: [],
        unclaimed: [],
        week: null,
        isLead: false,
      };
    },
    async status(actor) {
      await record('status', actor);
      const mine = isCustomer(actor) ? cases : [];
      return {
        kind: 'case-list',
        audience: 'customer',
        heading: 'Your open cases',
        cases: mine.map(summary),
      };
    },
    async queue(actor) {
      await record('queue', actor);
      if (!isEngineer(actor)) return notice('warning', 'The queue is for engineers.');
      return {
        kind: 'case-list',
        audience: 'engineer',
        heading: 'Team queue',
        cases: cases.map(summary),
      };
    },
    async availability(actor, request) {
      await record('availability', actor, request);
      return notice('success', `availability ${request.kind} recorded`);
    },
    async explain(actor, reference) {
      await record('explain', actor, reference);
      return notice('info', `Why this time? ${reference}`);
    },
    async slaEvent(caseId, event, threshold) {
      const found = find(caseId)!;
      found.alertView = {
        ...found.alertView,
        state: event === 'breach' ? 'breached' : 'warned',
        elapsedFraction: threshold,
      };
      await chat().update(found.alert, found.alertView);
      const mentions = [
        ...(found.severity === 1 && event === 'breach'
          ? [{ kind: 'role' as const, id: world.onCallRoleId }]
          : []),
        ...(found.assignee ? [{ kind: 'user' as const, id: found.assignee.userId }] : []),
      ];
      await chat().post(
        { platform: 'discord', channelId: world.teamChannelId },
        {
          kind: 'sla-event',
          caseReference: found.reference,
          caseId,
          title: found.title,
          severityLabel: found.alertView.severityLabel,
          isTopSeverity: found.severity === 1,
          event,
          threshold,
          dueAt: found.alertView.dueAt!,
          mentions,
        },
      );
    },
  };

  async function record(method: string, ...args: unknown[]): Promise<void> {
    calls.push({ method, args });
    if (desk.delayMs) await new Promise((resolve) => setTimeout(resolve, desk.delayMs));
  }

  return desk;
}
