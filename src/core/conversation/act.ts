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
import { DeskError } from '../errors.js';
import { formatDuration, t } from '../i18n/index.js';
import type { Person, Platform, SupportCase } from '../model.js';
import type { NoticeView } from '../views.js';
import { refreshAlert } from './alert-view.js';
import { caseDeps, findVisibleCase } from './case-ops.js';
import type { Actor, CaseAction } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { tellCustomer, tellTeam } from './notify.js';
import { caseTeamLanguage, customerLanguage, noticeIn } from './readers.js';
import { localDueText } from './submit-case.js';
import { resolutionKey } from './rate.js';
import { isCadence, pausedLeftMs, severityLabel } from './alert-view.js';
import { languageOf, platformUserId } from './identity.js';
import type { Org, SlaMilestone } from '../model.js';

const ok = (language: string, text: string): NoticeView => noticeIn(language, text, 'success');

/** Who reads an action's news: the actor, the customer's thread, the team's thread. */
interface Readers {
  actor: string;
  customer: string;
  team: string;
}

async function readersOf(
  ctx: DeskContext,
  supportCase: SupportCase,
  actor: string,
): Promise<Readers> {
  return {
    actor,
    customer: await customerLanguage(ctx, supportCase),
    team: await caseTeamLanguage(ctx, supportCase),
  };
}

export async function act(
  ctx: DeskContext,
  actor: Actor,
  idOrReference: string,
  action: CaseAction,
): Promise<NoticeView> {
  const { person, language } = await resolveActor(ctx, actor);
  const found = await findVisibleCase(ctx, person, idOrReference);
  const input = { caseId: found.id, actorId: person.id };
  const deps = caseDeps(ctx);
  const readers = await readersOf(ctx, found, language);
  const name = person.displayName;
  switch (action) {
    case 'claim': {
      const updated = await claimCase(deps, input);
      const reference = updated.reference;
      await refreshAlert(ctx, updated);
      await tellCustomer(
        ctx,
        updated,
        noticeIn(
          readers.customer,
          t(readers.customer, 'conversation.act.onIt', { name, reference }),
        ),
      );
      return ok(language, t(language, 'conversation.act.youOwn', { reference }));
    }
    case 'unclaim': {
      const updated = await unclaimCase(deps, input);
      const reference = updated.reference;
      await refreshAlert(ctx, updated);
      await tellTeam(
        ctx,
        updated,
        noticeIn(readers.team, t(readers.team, 'conversation.act.unclaimed', { name, reference })),
      );
      return ok(language, t(language, 'conversation.act.released', { reference }));
    }
    case 'resolve':
      return announceFinish(ctx, await resolveCase(deps, input), person, 'resolved', readers);
    case 'close':
      return announceFinish(ctx, await closeCase(deps, input), person, 'closed', readers);
    case 'pending':
      return announceWait(ctx, person, await startCustomerWait(deps, input), readers);
    case 'reopen': {
      const updated = await reopenCase(deps, input);
      const reference = updated.reference;
      await refreshAlert(ctx, updated);
      const due = await reopenDueSentence(ctx, updated, person, readers);
      await tellTeam(
        ctx,
        updated,
        noticeIn(
          readers.team,
          t(readers.team, 'conversation.act.reopened', { name, reference, due: due.team }),
        ),
      );
      if (isEngineer(person))
        await tellCustomer(
          ctx,
          updated,
          noticeIn(
            readers.customer,
            t(readers.customer, 'conversation.act.reopened', {
              name,
              reference,
              due: due.customer,
            }),
          ),
        );
      return ok(language, t(language, 'conversation.act.openAgain', { reference, due: due.actor }));
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
  readers: Readers,
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
    const sentence = (zone: string, language: string) =>
      t(language, 'conversation.act.responseDue', {
        due: localDueText(now, owed.dueAt, zone, language),
      });
    return {
      actor: sentence(person.timeZone ?? orgZone, readers.actor),
      team: sentence('UTC', readers.team),
      customer: sentence(requester?.timeZone ?? orgZone, readers.customer),
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
  readers: Readers,
): Promise<NoticeView> {
  await refreshAlert(ctx, updated);
  const days = String(Math.round(ctx.options.reopenWindowMs / 86_400_000));
  const reference = updated.reference;
  const name = person.displayName;
  if (isEngineer(person)) {
    // Adapters with buttons offer *Reopen* right there; the domain still checks who presses it.
    // A resolution also asks the requester for a rating (CSAT) of this very resolution.
    const resolution = verb === 'resolved' ? await resolutionKey(ctx, updated) : null;
    const notice = noticeIn(
      readers.customer,
      t(readers.customer, 'conversation.act.finishedBy', {
        verb,
        reference,
        name,
        days,
        rate: resolution ? 'yes' : 'no',
      }),
    );
    if (verb === 'resolved')
      notice.offer = { action: 'reopen', caseId: updated.id, caseReference: updated.reference };
    if (resolution) {
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
      noticeIn(
        readers.team,
        t(readers.team, 'conversation.act.finishedByCustomer', { name, verb, reference }),
      ),
    );
  }
  return ok(readers.actor, t(readers.actor, 'conversation.act.finished', { reference, verb }));
}

export async function reassign(
  ctx: DeskContext,
  actor: Actor,
  idOrReference: string,
  toUserId: string,
): Promise<NoticeView> {
  const { person, language } = await resolveActor(ctx, actor);
  const found = await findVisibleCase(ctx, person, idOrReference);
  const { directory } = ctx.store;
  const target =
    (await directory.personByIdentity({ platform: actor.platform, userId: toUserId })) ??
    (await directory.personByHandle(toUserId));
  if (!target)
    throw new DeskError('UNKNOWN_PERSON', {
      key: 'conversation.act.unknownPerson',
      values: { who: toUserId },
    });
  const updated = await reassignCase(caseDeps(ctx), {
    caseId: found.id,
    actorId: person.id,
    toPersonId: target.id,
  });
  await refreshAlert(ctx, updated);
  const customer = await customerLanguage(ctx, updated);
  const values = { name: target.displayName, reference: updated.reference };
  await tellCustomer(
    ctx,
    updated,
    noticeIn(customer, t(customer, 'conversation.act.onIt', values)),
  );
  await tellNewOwner(ctx, updated, person, target, actor.platform);
  return ok(language, t(language, 'conversation.act.nowWith', values));
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
  // Staff have no org: their own setting, else the platform's last locale.
  const language = languageOf(target, null);
  try {
    await port.sendDirect(
      userId,
      noticeIn(
        language,
        t(language, 'conversation.act.gaveYou', {
          by: by.displayName,
          reference: updated.reference,
          level,
          title: updated.title,
        }),
      ),
    );
  } catch (error) {
    ctx.logger.warn('could not tell the new owner of a reassigned case', {
      case: updated.reference,
      error: String(error),
    });
  }
}

/** "first response (2 h 10 min left (business time))": what a paused target keeps, in `language`. */
function pausedItem(milestone: SlaMilestone, org: Org, language: string): string {
  return t(language, 'conversation.act.pausedItem', {
    name: milestoneName(milestone, language),
    left: pausedLeft(milestone, org, language),
  });
}

function milestoneName(milestone: SlaMilestone, language: string): string {
  // ICU select keys take no hyphen.
  return t(language, 'conversation.act.milestone', { kind: milestone.kind.replaceAll('-', '_') });
}

function pausedLeft(milestone: SlaMilestone, org: Org, language: string): string {
  return t(language, 'conversation.act.pausedLeft', {
    duration: formatDuration(Math.max(0, pausedLeftMs(milestone, org) ?? 0), language),
    business: milestone.businessHours ? 'yes' : 'no',
  });
}

/**
 * The wait announced to everyone concerned, in advance: what paused and with how much time left,
 * when the customer will be reminded and when the case closes by itself without a reply. Each
 * reader gets it in their language and time zone (the team's thread in UTC, as alerts are).
 */
async function announceWait(
  ctx: DeskContext,
  person: Person,
  started: WaitStarted,
  readers: Readers,
): Promise<NoticeView> {
  const { case: updated, paused, remindAt, closeAt } = started;
  const now = ctx.clock.now();
  const org = await ctx.store.directory.orgById(updated.orgId);
  const requester = await ctx.store.directory.personById(updated.requesterId);
  const orgZone = org?.calendar.timeZone ?? 'UTC';
  const plan = (zone: string, you: boolean, language: string) =>
    t(language, 'conversation.act.waitPlan', {
      remind: remindAt ? 'yes' : 'no',
      close: closeAt ? 'yes' : 'no',
      you: you ? 'yes' : 'no',
      remindAt: remindAt ? localDueText(now, remindAt, zone, language) : '',
      closeAt: closeAt ? localDueText(now, closeAt, zone, language) : '',
    });
  // The update cadence stops too, said apart: it is a promise to the customer, not a target.
  const targets = paused.filter((m) => !isCadence(m));
  const update = paused.find(isCadence);
  const stopped = (language: string) => {
    const cadence =
      update && org
        ? t(language, 'conversation.act.waitCadence', { left: pausedLeft(update, org, language) })
        : '';
    return (
      (targets.length > 0 && org
        ? t(language, 'conversation.act.waitPaused', {
            list: targets.map((m) => pausedItem(m, org, language)).join(', '),
          })
        : t(language, 'conversation.act.waitNothingPaused')) + cadence
    );
  };
  const name = person.displayName;
  const reference = updated.reference;
  await refreshAlert(ctx, updated, org ? { org } : {});
  const team = readers.team;
  await tellTeam(
    ctx,
    updated,
    noticeIn(
      team,
      t(team, 'conversation.act.waitTeam', {
        name,
        reference,
        stopped: stopped(team),
        plan: plan('UTC', false, team),
      }),
    ),
  );
  const customer = readers.customer;
  await tellCustomer(
    ctx,
    updated,
    noticeIn(
      customer,
      t(customer, 'conversation.act.waitCustomer', {
        name,
        reference,
        plan: plan(requester?.timeZone ?? orgZone, true, customer),
      }),
    ),
  );
  const own = readers.actor;
  return ok(
    own,
    t(own, 'conversation.act.waitActor', {
      reference,
      stopped: stopped(own),
      plan: plan(person.timeZone ?? orgZone, false, own),
    }),
  );
}
