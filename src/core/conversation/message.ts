// Flow 5 (talk): a message in a case's alert thread goes to the customer (unless it is an internal
// note), and a message in the customer's case thread goes to the alert thread, each with who said
// it. The first engineer reply meets the first-response target.
import { DeskError } from '../errors.js';
import type { Person, Place, SupportCase } from '../model.js';
import type { NoticeView, RelayView } from '../views.js';
import { refreshAlert } from './alert-view.js';
import type { MessageRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { alertThread, tellCustomer, tellTeam } from './notify.js';

function samePlace(a: Place | null, b: Place | null): boolean {
  return (
    a !== null &&
    b !== null &&
    a.platform === b.platform &&
    a.channelId === b.channelId &&
    (a.threadId ?? null) === (b.threadId ?? null)
  );
}

/** The text after an internal-note prefix, or null when the message is not a note. */
export function internalNoteText(text: string, prefixes: string[]): string | null {
  const trimmed = text.trimStart();
  const prefix = prefixes.find((candidate) => trimmed.startsWith(candidate));
  return prefix === undefined ? null : trimmed.slice(prefix.length).trim();
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

async function fromTeam(
  ctx: DeskContext,
  supportCase: SupportCase,
  person: Person,
  text: string,
): Promise<NoticeView> {
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
  if (!isEngineer(person))
    throw new DeskError(
      'NOT_AN_ENGINEER',
      'Only support engineers can reply to the customer from the team thread.',
    );
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
  const met = await ctx.store.milestones.markMet(supportCase.id, 'first-response', now);
  if (met) {
    await ctx.store.events.append({
      caseId: supportCase.id,
      kind: 'sla-met',
      actorId: person.id,
      at: now,
      data: { milestone: 'first-response' },
    });
    await refreshAlert(ctx, supportCase);
  }
  const suffix = met ? ' First response recorded: the SLA target is met.' : '';
  return {
    kind: 'notice',
    tone: delivered ? 'success' : 'warning',
    text: delivered
      ? `Sent to the customer.${suffix}`
      : 'The customer could not be reached; the reply is kept on the case.',
  };
}

async function fromCustomer(
  ctx: DeskContext,
  supportCase: SupportCase,
  person: Person,
  text: string,
): Promise<NoticeView> {
  const sameOrg = person.orgId !== null && person.orgId === supportCase.orgId;
  if (!sameOrg && !isEngineer(person))
    throw new DeskError('NOT_YOUR_CASE', 'This thread belongs to another customer’s case.');
  const relay: RelayView = {
    kind: 'relay',
    caseReference: supportCase.reference,
    fromName: person.displayName,
    fromRole: isEngineer(person) ? 'engineer' : 'customer',
    text,
  };
  const delivered = await tellTeam(ctx, supportCase, relay);
  await ctx.store.events.append({
    caseId: supportCase.id,
    kind: 'replied',
    actorId: person.id,
    at: ctx.clock.now(),
    data: { side: 'customer', delivered },
  });
  const hint =
    supportCase.status === 'resolved'
      ? ' This case is resolved: reopen it if the problem is back.'
      : '';
  return { kind: 'notice', tone: 'success', text: `Sent to the support team.${hint}` };
}
