// Flow 5 (talk): a message in a case's alert thread goes to the customer (unless it is an internal
// note), and a message in the customer's case thread goes to the alert thread, each with who said
// it. An engineer's reply meets the first-response (and next-response) target; a customer's reply
// after it starts next-response when the policy sets one. Only staff write in the alert thread.
import {
  endCustomerWait,
  meetResponseMilestones,
  MET_BY_ENGINEER_REPLY,
  metEvent,
  noSuchCase,
  resumePaused,
  startNextResponse,
  startUpdateCadence,
  type WaitEnded,
} from '../cases/index.js';
import { currentWork, isRedo } from '../delivery/work-scope.js';
import { DeskError } from '../errors.js';
import { DEFAULT_LANGUAGE, formatDuration, t } from '../i18n/index.js';
import { teachLinkedArticles } from '../knowledge-loop/teach.js';
import type { Org, Person, Place, SlaMilestone, SupportCase } from '../model.js';
import type { NewCaseEvent } from '../ports/storage.js';
import { timeLeft, wasMetLate } from '../sla/index.js';
import type { NoticeView, RelayView } from '../views.js';
import { isCadence, refreshAlert } from './alert-view.js';
import { canSeeCase, caseDeps } from './case-ops.js';
import type { MessageRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { alertThread, tellCustomer, tellTeam } from './notify.js';
import { caseTeamLanguage, customerLanguage, noticeIn } from './readers.js';

function samePlace(a: Place | null, b: Place | null): boolean {
  return (
    a !== null &&
    b !== null &&
    a.platform === b.platform &&
    a.channelId === b.channelId &&
    (a.threadId ?? null) === (b.threadId ?? null)
  );
}

/**
 * The text after an internal-note prefix, or null when the message is not a note. Prefixes match
 * after leading spaces and in any case (`!Note`, `!NOTE`: phone keyboards capitalise).
 */
export function internalNoteText(text: string, prefixes: string[]): string | null {
  const trimmed = text.trimStart();
  const lower = trimmed.toLowerCase();
  const prefix = prefixes.find(
    (candidate) => candidate.trim() !== '' && lower.startsWith(candidate.trim().toLowerCase()),
  );
  return prefix === undefined ? null : trimmed.slice(prefix.trim().length).trim();
}

export async function message(
  ctx: DeskContext,
  request: MessageRequest,
): Promise<NoticeView | null> {
  const supportCase = await ctx.store.cases.byPlace(request.place);
  if (!supportCase) return null;
  const { person, language } = await resolveActor(ctx, request.actor);
  const place: Place = {
    platform: request.place.platform,
    channelId: request.place.channelId,
    threadId: request.place.threadId ?? null,
  };
  if (samePlace(place, alertThread(supportCase)))
    return fromTeam(ctx, supportCase, person, request.text, language);
  return fromCustomer(ctx, supportCase, person, request.text, language);
}

/**
 * Who may write in a case's alert thread: staff only. A customer of the case's org is told so;
 * anyone else gets the same answer as for a case that does not exist.
 */
function requireStaffInTeamThread(supportCase: SupportCase, person: Person): void {
  if (isEngineer(person)) return;
  if (!canSeeCase(person, supportCase)) throw noSuchCase(supportCase.reference);
  throw new DeskError('NOT_AN_ENGINEER', { key: 'conversation.talk.staffOnlyThread' });
}

async function fromTeam(
  ctx: DeskContext,
  supportCase: SupportCase,
  person: Person,
  text: string,
  language: string,
): Promise<NoticeView> {
  // Checked before the note branch: internal notes are staff-only too.
  requireStaffInTeamThread(supportCase, person);
  const now = ctx.clock.now();
  const note = internalNoteText(text, ctx.options.internalNotePrefixes);
  if (note !== null) {
    await ctx.store.events.append({
      caseId: supportCase.id,
      kind: 'internal-note',
      actorId: person.id,
      at: now,
      data: { text: note },
    });
    return noticeIn(language, t(language, 'conversation.talk.noteKept'));
  }
  // The relayed text is the engineer's own; the adapter's framing is in the customer's language.
  const relay: RelayView = {
    kind: 'relay',
    caseReference: supportCase.reference,
    fromName: person.displayName,
    fromRole: 'engineer',
    text,
    language: await customerLanguage(ctx, supportCase),
  };
  const delivered = await tellCustomer(ctx, supportCase, relay);
  await recordReply(ctx, {
    caseId: supportCase.id,
    kind: 'replied',
    actorId: person.id,
    at: now,
    data: { side: 'engineer', delivered },
  });
  // A response target paused by a wait on the customer resumes first, so the reply is judged
  // against its due instant moved on by the pause (not "met late" for the time the customer took).
  if (supportCase.status === 'waiting-on-customer') {
    const waitOrg = await ctx.store.directory.orgById(supportCase.orgId);
    if (waitOrg)
      await resumePaused(
        ctx.store,
        ctx.policy,
        waitOrg,
        supportCase.id,
        now,
        MET_BY_ENGINEER_REPLY,
      );
  }
  const met = await meetResponseMilestones(ctx.store, supportCase.id, now);
  await ctx.store.events.appendMany(met.map((milestone) => metEvent(milestone, person.id, now)));
  // The answer is an update: the customer's next one is owed within the cadence from now.
  const cadenceOrg = await ctx.store.directory.orgById(supportCase.orgId);
  const cadence = cadenceOrg
    ? await startUpdateCadence(caseDeps(ctx), supportCase, cadenceOrg, now)
    : null;
  const org = met.length > 0 || cadence ? cadenceOrg : null;
  if (met.length > 0 || cadence) await refreshAlert(ctx, supportCase, org ? { org } : {});
  const taught = await teachLinkedArticles(
    { learned: ctx.store.learned, kb: ctx.kb, logger: ctx.logger },
    { reply: text, question: supportCase.title, engineerId: person.id, at: now },
  );
  const learnedSentence =
    taught.length > 0
      ? t(language, 'conversation.talk.learned', { articles: taught.join(', ') })
      : '';
  // An update given in time is the cadence working, not news; one given late is said so.
  const said = met.filter((m) => !isCadence(m) || wasMetLate(m));
  const suffix = said.map((m) => ` ${metSentence(m, org, language)}`).join('') + learnedSentence;
  return noticeIn(
    language,
    t(
      language,
      delivered ? 'conversation.talk.sentToCustomer' : 'conversation.talk.customerUnreachable',
      {
        suffix,
      },
    ),
    delivered ? 'success' : 'warning',
  );
}

/**
 * "First response recorded: the SLA target is met." on time; late, it says so and by how much,
 * counted like the target (working time for a business-hours target): "First response recorded:
 * met late, 40 min after its target." Never "met" alone for a late answer.
 */
export function metSentence(
  milestone: SlaMilestone,
  org: Org | null,
  language: string = DEFAULT_LANGUAGE,
): string {
  // ICU select keys take no hyphen.
  const kind = milestone.kind.replaceAll('-', '_');
  if (!wasMetLate(milestone)) return t(language, 'conversation.talk.metOnTime', { kind });
  const metAt = milestone.metAt ?? milestone.dueAt;
  const overdue = org
    ? -timeLeft({
        dueAt: milestone.dueAt,
        businessHours: milestone.businessHours,
        calendar: org.calendar,
        now: metAt,
      }).ms
    : metAt.getTime() - milestone.dueAt.getTime();
  return t(language, 'conversation.talk.metLate', {
    kind,
    duration: formatDuration(overdue, language),
    working: org && milestone.businessHours ? 'yes' : 'no',
  });
}

async function fromCustomer(
  ctx: DeskContext,
  supportCase: SupportCase,
  person: Person,
  text: string,
  language: string,
): Promise<NoticeView> {
  // Another org's case is answered like a missing one: nothing confirms that it exists.
  if (!canSeeCase(person, supportCase)) throw noSuchCase(supportCase.reference);
  const isStaff = isEngineer(person);
  const team = await caseTeamLanguage(ctx, supportCase);
  // The customer's words as written; the framing around them is in the team's language.
  const relay: RelayView = {
    kind: 'relay',
    caseReference: supportCase.reference,
    fromName: person.displayName,
    fromRole: isStaff ? 'engineer' : 'customer',
    text,
    language: team,
  };
  const now = ctx.clock.now();
  // The customer's answer ends a wait on them: the paused targets run again with the time left.
  const ended = isStaff ? null : await endWait(ctx, supportCase, person, now);
  const current = ended?.case ?? supportCase;
  const delivered = await tellTeam(ctx, current, relay);
  if (ended) await tellTeam(ctx, current, noticeIn(team, resumedSentence(ended, now, team)));
  // The customer wrote again after an engineer's answer: the next reply is due (policy permitting).
  const started = isStaff ? null : await startNextResponseFor(ctx, current, now);
  // Nothing owed to them any more (the cadence stopped with a met target): an update is owed again.
  const update = isStaff ? null : await startUpdateFor(ctx, current, now);
  await recordReply(ctx, {
    caseId: supportCase.id,
    kind: 'replied',
    actorId: person.id,
    at: now,
    data: {
      side: 'customer',
      delivered,
      ...(started ? { nextResponseDueAt: started.dueAt.toISOString() } : {}),
    },
  });
  if (started || ended || update) await refreshAlert(ctx, current);
  const resolved = supportCase.status === 'resolved' ? 'yes' : 'no';
  // Said plainly when the team thread could not be reached: the message is on the case, and the
  // SLA clock runs either way, but nobody has seen it yet.
  return delivered
    ? noticeIn(language, t(language, 'conversation.talk.sentToTeam', { resolved }), 'success')
    : noticeIn(
        language,
        t(language, 'conversation.talk.teamUnreachable', {
          reference: supportCase.reference,
          resolved,
        }),
        'warning',
      );
}

/**
 * Records a relayed reply once per piece of work: a relay redone after its process died (the
 * platform event written down, redone by the next process) finds the reply its first run
 * recorded, and the case's history, reports and response counts see one reply, not two.
 */
async function recordReply(ctx: DeskContext, event: NewCaseEvent): Promise<void> {
  const work = currentWork();
  if (work !== null && isRedo()) {
    const events = await ctx.store.events.forCase(event.caseId);
    if (events.some((earlier) => earlier.kind === 'replied' && earlier.data.work === work)) return;
  }
  await ctx.store.events.append({
    ...event,
    data: { ...event.data, ...(work !== null ? { work } : {}) },
  });
}

async function endWait(
  ctx: DeskContext,
  supportCase: SupportCase,
  person: Person,
  at: Date,
): Promise<(WaitEnded & { org: Org }) | null> {
  if (supportCase.status !== 'waiting-on-customer') return null;
  const org = await ctx.store.directory.orgById(supportCase.orgId);
  if (!org) return null;
  const ended = await endCustomerWait(caseDeps(ctx), supportCase, org, at, person.id);
  return ended ? { ...ended, org } : null;
}

/** "The customer replied after 2 d 3 h: CASE-1001 is no longer waiting; resolution resumes, 3 h left." */
function resumedSentence(
  { case: c, resumed, waitedMs, org }: WaitEnded & { org: Org },
  at: Date,
  language: string,
): string {
  const left = (m: SlaMilestone) => {
    const { ms, isOverdue } = timeLeft({
      dueAt: m.dueAt,
      businessHours: m.businessHours,
      calendar: org.calendar,
      now: at,
    });
    return t(language, 'conversation.talk.timeLeft', {
      overdue: isOverdue ? 'yes' : 'no',
      duration: formatDuration(ms, language),
      business: m.businessHours ? 'yes' : 'no',
    });
  };
  const clocks = resumed
    .filter((m) => !isCadence(m))
    .map((m) =>
      t(language, 'conversation.talk.clock', {
        kind: m.kind.replaceAll('-', '_'),
        left: left(m),
      }),
    );
  const resumes =
    clocks.length > 0
      ? t(language, 'conversation.talk.resumed', { clocks: clocks.join(', ') })
      : '';
  const update = resumed.find(isCadence);
  const cadence = update ? t(language, 'conversation.talk.nextUpdate', { left: left(update) }) : '';
  return t(language, 'conversation.talk.customerReplied', {
    waited: formatDuration(waitedMs, language),
    reference: c.reference,
    resumes,
    cadence,
  });
}

async function startUpdateFor(
  ctx: DeskContext,
  supportCase: SupportCase,
  at: Date,
): Promise<SlaMilestone | null> {
  const org = await ctx.store.directory.orgById(supportCase.orgId);
  return org ? startUpdateCadence(caseDeps(ctx), supportCase, org, at) : null;
}

async function startNextResponseFor(
  ctx: DeskContext,
  supportCase: SupportCase,
  at: Date,
): Promise<SlaMilestone | null> {
  const org = await ctx.store.directory.orgById(supportCase.orgId);
  return org ? startNextResponse(caseDeps(ctx), supportCase, org, at) : null;
}
