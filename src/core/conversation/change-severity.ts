// Flow 4b (change severity): the requester or a support engineer raises or lowers a case's
// severity with a reason (usually grown or shrunk business impact). The use case enforces who may,
// the tier rules and the reason, and recomputes the SLA targets; this flow re-renders the alert,
// tells the other side and answers with the new level and due times. The reason is put raw into
// notice views, like a relay's text: each adapter escapes notice text for its platform (no
// @everyone/@channel pings, no markup or link injection). The one real ping is structured: a raise
// to the top severity pages the on-call role(s) in the alert thread, as a top-severity alert's
// first post does, through the team notice's `mentions`, never through its text.
import { changeSeverity as changeCaseSeverity } from '../cases/index.js';
import { DeskError } from '../errors.js';
import type { MilestoneKind, Org, Person, SlaMilestone, SupportCase } from '../model.js';
import { findSeverity, formatLocal, formatLocalWithDate } from '../sla/index.js';
import type { Mention, NoticeView } from '../views.js';
import { isTopSeverity, refreshAlert, severityLabel } from './alert-view.js';
import { caseDeps, findVisibleCase } from './case-ops.js';
import type { SeverityChangeRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { info, tellCustomer, tellTeam } from './notify.js';
import { onCallMentions } from './post-alert.js';

const MILESTONE_NAMES: Record<MilestoneKind, string> = {
  'first-response': 'first response',
  'next-response': 'next response',
  resolution: 'resolution',
};

/** Deadlines within the week read as "Monday 14:00 (Europe/Paris)"; later ones carry the date. */
function localDue(ctx: DeskContext, dueAt: Date, timeZone: string): string {
  const soon = dueAt.getTime() - ctx.clock.now().getTime() < 6 * 86_400_000;
  return soon ? formatLocal(dueAt, timeZone) : formatLocalWithDate(dueAt, timeZone);
}

/** " First response due Monday 14:00 (Europe/Paris)." for the targets still running, or ''. */
function dueSentence(ctx: DeskContext, milestones: SlaMilestone[], timeZone: string): string {
  const running = milestones
    .filter((milestone) => milestone.metAt === null)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
    .map(
      (milestone) =>
        `${MILESTONE_NAMES[milestone.kind]} due ${localDue(ctx, milestone.dueAt, timeZone)}`,
    );
  if (running.length === 0) return '';
  const text = running.join('; ');
  return ` ${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** A level the policy does not define is refused with the levels it does define. */
function requireKnownSeverity(ctx: DeskContext, severity: number): void {
  if (Number.isInteger(severity) && findSeverity(ctx.policy, severity)) return;
  const levels = ctx.policy.severities.map((level) => `${level.value} (${level.label})`).join(', ');
  throw new DeskError(
    'UNKNOWN_SEVERITY',
    `There is no severity ${String(severity)}: choose one of ${levels}.`,
  );
}

/** Where a reader's due times are shown: their own zone, else their case org's calendar. */
function zoneOf(person: Person | null, org: Org | null): string {
  return person?.timeZone ?? org?.calendar.timeZone ?? 'UTC';
}

/**
 * Who the team notice pages: the on-call role(s) on the alert's platform when the change raised
 * the case to the top severity (the opening alert would have paged them had it started there);
 * nobody when it was lowered or moved between lower levels, or when the case has no alert.
 */
async function pagedOnRaise(
  ctx: DeskContext,
  before: SupportCase,
  after: SupportCase,
): Promise<Mention[]> {
  const raisedToTop =
    isTopSeverity(ctx.policy, after.severity) && !isTopSeverity(ctx.policy, before.severity);
  const platform = after.alertPlace?.platform;
  if (!raisedToTop || !platform || !after.teamId) return [];
  const team = await ctx.store.directory.teamById(after.teamId);
  return team ? onCallMentions(ctx, after, team, platform) : [];
}

export async function changeSeverity(
  ctx: DeskContext,
  request: SeverityChangeRequest,
): Promise<NoticeView> {
  const { person } = await resolveActor(ctx, request.actor);
  // Another org's case is answered like a missing one before any other refusal.
  const found = await findVisibleCase(ctx, person, request.caseIdOrReference);
  requireKnownSeverity(ctx, request.severity);
  const changed = await changeCaseSeverity(caseDeps(ctx), {
    caseId: found.id,
    actorId: person.id,
    severity: request.severity,
    reason: request.reason,
  });
  const updated = changed.case;
  const org = await ctx.store.directory.orgById(updated.orgId);
  await refreshAlert(ctx, updated, {
    milestones: changed.milestones,
    ...(org ? { org } : {}),
  });
  const from = severityLabel(ctx.policy, found.severity);
  const to = severityLabel(ctx.policy, updated.severity);
  const reason = request.reason.trim();
  const byEngineer = isEngineer(person);
  const who = byEngineer ? person.displayName : `${person.displayName} (customer)`;
  const mentions = await pagedOnRaise(ctx, found, updated);
  const teamNotice: NoticeView = {
    kind: 'notice',
    tone: 'info',
    text: `${who} changed ${updated.reference} from ${from} to ${to}: ${reason}`,
    ...(mentions.length > 0 ? { mentions } : {}),
  };
  await tellTeam(ctx, updated, teamNotice);
  if (byEngineer) {
    const requester = await ctx.store.directory.personById(updated.requesterId);
    const due = dueSentence(ctx, changed.milestones, zoneOf(requester, org));
    await tellCustomer(
      ctx,
      updated,
      info(
        `${person.displayName} from support changed ${updated.reference} from ${from} to ${to}.${due} Reason: ${reason}`,
      ),
    );
  }
  return {
    kind: 'notice',
    tone: 'success',
    text: `${updated.reference} is now ${to}.${dueSentence(ctx, changed.milestones, zoneOf(person, org))}`,
  };
}
