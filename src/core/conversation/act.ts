// Flows 4 and 6: claim / unclaim / reassign, and resolve / reopen / close, through the case use
// cases (which enforce the rules and settle the claim race atomically). Their coded refusals, e.g.
// "CASE-1001 is already claimed by Sam Rivera.", reach the loser as a notice via errors.ts.
import {
  claimCase,
  closeCase,
  reassignCase,
  reopenCase,
  resolveCase,
  startCustomerWait,
  unclaimCase,
  type WaitStarted,
} from '../cases/index.js';
import { CaseError } from '../cases/case-error.js';
import { currentWork, isRedo } from '../delivery/work-scope.js';
import { DeskError } from '../errors.js';
import type { Person, Platform, SupportCase } from '../model.js';
import type { NoticeView } from '../views.js';
import { refreshAlert } from './alert-view.js';
import { caseDeps, findVisibleCase } from './case-ops.js';
import type { Actor, CaseAction } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { info, tellCustomer, tellTeam } from './notify.js';
import { localDueText } from './submit-case.js';
import { resolutionKey } from './rate.js';
import { MILESTONE_NAMES } from '../sla/index.js';
import { isCadence, pausedLeftText, severityLabel } from './alert-view.js';
import { platformUserId } from './identity.js';

const ok = (text: string): NoticeView => ({ kind: 'notice', tone: 'success', text });

export async function act(
  ctx: DeskContext,
  actor: Actor,
  idOrReference: string,
  action: CaseAction,
): Promise<NoticeView> {
  const { person } = await resolveActor(ctx, actor);
  const found = await findVisibleCase(ctx, person, idOrReference);
  const input = { caseId: found.id, actorId: person.id };
  const deps = caseDeps(ctx);
  switch (action) {
    case 'claim': {
      const updated = await claimCase(deps, input).catch((error: unknown) =>
        claimWonBeforeCrash(ctx, error, found.id),
      );
      await refreshAlert(ctx, updated);
      await tellCustomer(
        ctx,
        updated,
        info(`${person.displayName} from support is on ${updated.reference} now.`),
      );
      return ok(
        `You own ${updated.reference} now. Reply in its alert thread to reach the customer.`,
      );
    }
    case 'unclaim': {
      const updated = await unclaimCase(deps, input);
      await refreshAlert(ctx, updated);
      await tellTeam(
        ctx,
        updated,
        info(`${person.displayName} unclaimed ${updated.reference}: it is free to claim.`),
      );
      return ok(`You released ${updated.reference}.`);
    }
    case 'resolve':
      return announceFinish(ctx, await resolveCase(deps, input), person, 'resolved');
    case 'close':
      return announceFinish(ctx, await closeCase(deps, input), person, 'closed');
    case 'pending':
      return announceWait(ctx, person, await startCustomerWait(deps, input));
    case 'reopen': {
      const updated = await reopenCase(deps, input);
      await refreshAlert(ctx, updated);
      const due = await reopenDueSentence(ctx, updated, person);
      await tellTeam(
        ctx,
        updated,
        info(`${person.displayName} reopened ${updated.reference}.${due.team}`),
      );
      if (isEngineer(person))
        await tellCustomer(
          ctx,
          updated,
          info(`${person.displayName} reopened ${updated.reference}.${due.customer}`),
        );
      return ok(`${updated.reference} is open again.${due.actor}`);
    }
  }
}

/**
 * " A response is due Monday 14:00 (Europe/Paris)." for the reopen target just started, in each
 * reader's zone (the team's in UTC, as alerts are), or '' when the policy sets none. Read after the
 * commit: a failing read only leaves the sentence out.
 */
async function reopenDueSentence(
  ctx: DeskContext,
  updated: SupportCase,
  person: Person,
): Promise<{ actor: string; team: string; customer: string }> {
  const none = { actor: '', team: '', customer: '' };
  try {
    const milestones = await ctx.store.milestones.forCase(updated.id);
    const owed = milestones.find((m) => m.kind === 'reopen' && m.metAt === null);
    if (!owed) return none;
    const org = await ctx.store.directory.orgById(updated.orgId);
    const requester = await ctx.store.directory.personById(updated.requesterId);
    const now = ctx.clock.now();
    const orgZone = org?.calendar.timeZone ?? 'UTC';
    const sentence = (zone: string) => ` A response is due ${localDueText(now, owed.dueAt, zone)}.`;
    return {
      actor: sentence(person.timeZone ?? orgZone),
      team: sentence('UTC'),
      customer: sentence(requester?.timeZone ?? orgZone),
    };
  } catch (error) {
    ctx.logger.warn('could not read the reopen target', {
      case: updated.reference,
      error: String(error),
    });
    return none;
  }
}

async function announceFinish(
  ctx: DeskContext,
  updated: SupportCase,
  person: Person,
  verb: 'resolved' | 'closed',
): Promise<NoticeView> {
  await refreshAlert(ctx, updated);
  const days = Math.round(ctx.options.reopenWindowMs / 86_400_000);
  if (isEngineer(person)) {
    const reopen = verb === 'resolved' ? ` Not fixed? Reopen it within ${days} days.` : '';
    const notice: NoticeView = {
      kind: 'notice',
      tone: 'info',
      text: `${updated.reference} was ${verb} by ${person.displayName}.${reopen}`,
    };
    // Adapters with buttons offer *Reopen* right there; the domain still checks who presses it.
    // A resolution also asks the requester for a rating (CSAT) of this very resolution.
    const resolution = verb === 'resolved' ? await resolutionKey(ctx, updated) : null;
    if (verb === 'resolved')
      notice.offer = { action: 'reopen', caseId: updated.id, caseReference: updated.reference };
    if (resolution) {
      notice.text += ' How did we do? Rate it from 1 (poor) to 5 (excellent).';
      notice.rating = {
        ask: 'score',
        caseId: updated.id,
        caseReference: updated.reference,
        resolution,
      };
    }
    await tellCustomer(ctx, updated, notice);
  } else {
    await tellTeam(
      ctx,
      updated,
      info(`${person.displayName} (customer) ${verb} ${updated.reference}.`),
    );
  }
  return ok(`${updated.reference} is ${verb}.`);
}

export async function reassign(
  ctx: DeskContext,
  actor: Actor,
  idOrReference: string,
  toUserId: string,
): Promise<NoticeView> {
  const { person } = await resolveActor(ctx, actor);
  const found = await findVisibleCase(ctx, person, idOrReference);
  const { directory } = ctx.store;
  const target =
    (await directory.personByIdentity({ platform: actor.platform, userId: toUserId })) ??
    (await directory.personByHandle(toUserId));
  if (!target) throw new DeskError('UNKNOWN_PERSON', `I do not know ${toUserId}.`);
  const updated = await reassignCase(caseDeps(ctx), {
    caseId: found.id,
    actorId: person.id,
    toPersonId: target.id,
  });
  await refreshAlert(ctx, updated);
  await tellCustomer(
    ctx,
    updated,
    info(`${target.displayName} from support is on ${updated.reference} now.`),
  );
  await tellNewOwner(ctx, updated, person, target, actor.platform);
  return ok(`${updated.reference} is now with ${target.displayName}.`);
}

/**
 * A reassignment tells the new owner directly (issue 12 item 3), on the platform it was made on:
 * who gave them the case, its severity and title, and where to reply. Not when they took it
 * themselves; a failed message is logged, the reassignment stands.
 */
async function tellNewOwner(
  ctx: DeskContext,
  updated: SupportCase,
  by: Person,
  target: Person,
  platform: Platform,
): Promise<void> {
  if (by.id === target.id) return;
  const userId = platformUserId(target, platform);
  const port = ctx.ports[platform];
  if (!userId || !port) return;
  const level = severityLabel(ctx.policy, updated.severity);
  try {
    await port.sendDirect(
      userId,
      info(
        `${by.displayName} gave you ${updated.reference} (${level}): "${updated.title}". Reply in its alert thread to reach the customer.`,
      ),
    );
  } catch (error) {
    ctx.logger.warn('could not tell the new owner of a reassigned case', {
      case: updated.reference,
      error: String(error),
    });
  }
}

/**
 * Redoing a claim whose first run won it and then died: the claim stands, and what followed it
 * (alert, customer notice) is sent now; the journal skips whatever had gone out already. Only
 * the work that won it reads as won: the same engineer's other press stays "already yours".
 */
async function claimWonBeforeCrash(
  ctx: DeskContext,
  error: unknown,
  caseId: string,
): Promise<SupportCase> {
  const mine = isRedo() && error instanceof CaseError && error.code === 'ALREADY_YOURS';
  if (!mine) throw error;
  const events = await ctx.store.events.forCase(caseId);
  const claim = events.filter((event) => event.kind === 'claimed').at(-1);
  if (!claim || claim.data.work !== currentWork()) throw error;
  const current = await ctx.store.cases.byId(caseId);
  if (!current) throw error;
  return current;
}

/**
 * The wait announced to everyone concerned, in advance: what paused and with how much time left,
 * when the customer will be reminded and when the case closes by itself without a reply.
 */
async function announceWait(
  ctx: DeskContext,
  person: Person,
  started: WaitStarted,
): Promise<NoticeView> {
  const { case: updated, paused, remindAt, closeAt } = started;
  const now = ctx.clock.now();
  const org = await ctx.store.directory.orgById(updated.orgId);
  const requester = await ctx.store.directory.personById(updated.requesterId);
  const orgZone = org?.calendar.timeZone ?? 'UTC';
  const plan = (zone: string, you: boolean) => {
    const parts: string[] = [];
    if (remindAt)
      parts.push(
        `${you ? 'you will get a reminder' : 'the customer is reminded'} ${localDueText(now, remindAt, zone)}`,
      );
    if (closeAt) parts.push(`the case closes by itself ${localDueText(now, closeAt, zone)}`);
    return parts.length > 0 ? ` Without a reply, ${parts.join(' and ')}.` : '';
  };
  // The update cadence stops too, said apart: it is a promise to the customer, not a target.
  const targets = paused.filter((m) => !isCadence(m));
  const update = paused.find(isCadence);
  const cadence =
    update && org
      ? ` Updates to the customer are paused too (next update: ${pausedLeftText(update, org)}).`
      : '';
  const stopped =
    (targets.length > 0 && org
      ? ` Paused: ${targets.map((m) => `${MILESTONE_NAMES[m.kind]} (${pausedLeftText(m, org)})`).join(', ')}.`
      : ' No SLA target was running to pause.') + cadence;
  await refreshAlert(ctx, updated, org ? { org } : {});
  await tellTeam(
    ctx,
    updated,
    info(
      `${person.displayName} set ${updated.reference} to wait on the customer.${stopped}${plan('UTC', false)}`,
    ),
  );
  await tellCustomer(
    ctx,
    updated,
    info(
      `${person.displayName} from support is waiting for your reply on ${updated.reference}: reply here to carry on.${plan(requester?.timeZone ?? orgZone, true)}`,
    ),
  );
  return ok(
    `${updated.reference} is waiting on the customer.${stopped}${plan(person.timeZone ?? orgZone, false)}`,
  );
}
