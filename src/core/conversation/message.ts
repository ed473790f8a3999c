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
import { DeskError } from '../errors.js';
import { teachLinkedArticles } from '../knowledge-loop/teach.js';
import type { Org, Person, Place, SlaMilestone, SupportCase } from '../model.js';
import { formatDuration, timeLeft, wasMetLate } from '../sla/index.js';
import type { NoticeView, RelayView } from '../views.js';
import { isCadence, MILESTONE_NAMES, refreshAlert } from './alert-view.js';
import { canSeeCase, caseDeps } from './case-ops.js';
import type { MessageRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { alertThread, info, tellCustomer, tellTeam } from './notify.js';

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
  const { person } = await resolveActor(ctx, request.actor);
  const place: Place = {
    platform: request.place.platform,
    channelId: request.place.channelId,
    threadId: request.place.threadId ?? null,
  };
  if (samePlace(place, alertThread(supportCase)))
    return fromTeam(ctx, supportCase, person, request.text);
  return fromCustomer(ctx, supportCase, person, request.text);
}

/**
 * Who may write in a case's alert thread: staff only. A customer of the case's org is told so;
 * anyone else gets the same answer as for a case that does not exist.
 */
function requireStaffInTeamThread(supportCase: SupportCase, person: Person): void {
  if (isEngineer(person)) return;
  if (!canSeeCase(person, supportCase)) throw noSuchCase(supportCase.reference);
  throw new DeskError(
    'NOT_AN_ENGINEER',
    'Only support engineers can write in the team thread (replies and internal notes).',
  );
}

async function fromTeam(
  ctx: DeskContext,
  supportCase: SupportCase,
  person: Person,
  text: string,
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
    return {
      kind: 'notice',
      tone: 'info',
      text: 'Internal note kept in the team thread (not sent to the customer).',
    };
  }
  const relay: RelayView = {
    kind: 'relay',
    caseReference: supportCase.reference,
    fromName: person.displayName,
    fromRole: 'engineer',
    text,
  };
  const delivered = await tellCustomer(ctx, supportCase, relay);
  await ctx.store.events.append({
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
      ? ` Its question now points to ${taught.join(', ')} (casebot kb learned to review).`
      : '';
  // An update given in time is the cadence working, not news; one given late is said so.
  const said = met.filter((m) => !isCadence(m) || wasMetLate(m));
  const suffix = said.map((m) => ` ${metSentence(m, org)}`).join('') + learnedSentence;
  return {
    kind: 'notice',
    tone: delivered ? 'success' : 'warning',
    text: delivered
      ? `Sent to the customer.${suffix}`
      : `The customer could not be reached; the reply is kept on the case.${suffix}`,
  };
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "First response recorded: the SLA target is met." on time; late, it says so and by how much,
 * counted like the target (working time for a business-hours target): "First response recorded:
 * met late, 40 min after its target." Never "met" alone for a late answer.
 */
export function metSentence(milestone: SlaMilestone, org: Org | null): string {
  const name = capitalised(MILESTONE_NAMES[milestone.kind]);
  if (!wasMetLate(milestone)) return `${name} recorded: the SLA target is met.`;
  const metAt = milestone.metAt ?? milestone.dueAt;
  const overdue = org
    ? -timeLeft({
        dueAt: milestone.dueAt,
        businessHours: milestone.businessHours,
        calendar: org.calendar,
        now: metAt,
      }).ms
    : metAt.getTime() - milestone.dueAt.getTime();
  const working = org && milestone.businessHours ? ' of working time' : '';
  return `${name} recorded: met late, ${formatDuration(overdue)}${working} after its target.`;
}

async function fromCustomer(
  ctx: DeskContext,
  supportCase: SupportCase,
  person: Person,
  text: string,
): Promise<NoticeView> {
  // Another org's case is answered like a missing one: nothing confirms that it exists.
  if (!canSeeCase(person, supportCase)) throw noSuchCase(supportCase.reference);
  const isStaff = isEngineer(person);
  const relay: RelayView = {
    kind: 'relay',
    caseReference: supportCase.reference,
    fromName: person.displayName,
    fromRole: isStaff ? 'engineer' : 'customer',
    text,
  };
  const now = ctx.clock.now();
  // The customer's answer ends a wait on them: the paused targets run again with the time left.
  const ended = isStaff ? null : await endWait(ctx, supportCase, person, now);
  const current = ended?.case ?? supportCase;
  const delivered = await tellTeam(ctx, current, relay);
  if (ended) await tellTeam(ctx, current, info(resumedSentence(ended, now)));
  // The customer wrote again after an engineer's answer: the next reply is due (policy permitting).
  const started = isStaff ? null : await startNextResponseFor(ctx, current, now);
  // Nothing owed to them any more (the cadence stopped with a met target): an update is owed again.
  const update = isStaff ? null : await startUpdateFor(ctx, current, now);
  await ctx.store.events.append({
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
  const hint =
    supportCase.status === 'resolved'
      ? ' This case is resolved: reopen it if the problem is back.'
      : '';
  // Said plainly when the team thread could not be reached: the message is on the case, and the
  // SLA clock runs either way, but nobody has seen it yet.
  return delivered
    ? { kind: 'notice', tone: 'success', text: `Sent to the support team.${hint}` }
    : {
        kind: 'notice',
        tone: 'warning',
        text: `The support team could not be reached just now; your message is kept on ${supportCase.reference}.${hint}`,
      };
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
): string {
  const clocks = resumed
    .filter((m) => !isCadence(m))
    .map((m) => {
      const left = timeLeft({
        dueAt: m.dueAt,
        businessHours: m.businessHours,
        calendar: org.calendar,
        now: at,
      });
      return `${MILESTONE_NAMES[m.kind]} ${left.text}`;
    });
  const resumes = clocks.length > 0 ? ` SLA resumed: ${clocks.join(', ')}.` : '';
  const update = resumed.find(isCadence);
  const cadence = update
    ? ` Next update to the customer: ${
        timeLeft({
          dueAt: update.dueAt,
          businessHours: update.businessHours,
          calendar: org.calendar,
          now: at,
        }).text
      }.`
    : '';
  return `The customer replied after ${formatDuration(waitedMs)}: ${c.reference} is no longer waiting on them.${resumes}${cadence}`;
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
