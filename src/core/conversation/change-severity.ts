// Flow 4b (change severity): the requester or a support engineer raises or lowers a case's
// severity with a reason (usually grown or shrunk business impact). The use case enforces who may,
// the tier rules and the reason, and recomputes the SLA targets; this flow re-renders the alert,
// tells the other side and answers with the new level and due times. The reason is put raw into
// notice views, like a relay's text: each adapter escapes notice text for its platform (no
// @everyone/@channel pings, no markup or link injection). The one real ping is structured: a raise
// to the top severity pages the on-call role(s) in the alert thread, as a top-severity alert's
// first post does, through the team notice's `mentions`, never through its text, and only the
// first time the case reaches that level (it paged when opened there, or on an earlier raise).
// What the notices need is read before the change: once it is committed, a failing read must not
// turn a done change into an error answer, nor leave the other side untold.
import { changeSeverity as changeCaseSeverity, isRunning } from '../cases/index.js';
import type { SeverityChanged } from '../cases/index.js';
import { DeskError } from '../errors.js';
import type { Org, Person, SlaMilestone, SupportCase, Team } from '../model.js';
import {
  allowedSeverities,
  findSeverity,
  formatLocalDue,
  labelIn,
  formatLocalWithDate,
  milestoneName,
} from '../sla/index.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';
import type { Mention, NoticeView } from '../views.js';
import { isTopSeverity, refreshAlert, severityLabel } from './alert-view.js';
import { caseDeps, findVisibleCase } from './case-ops.js';
import type { SeverityChangeRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, languageOf, resolveActor, teamLanguage } from './identity.js';
import { info, tellCustomer, tellTeam } from './notify.js';
import { onCallMentions } from './post-alert.js';

/** Who the notices go to and in which zone, read before the change (see the header). */
interface Audience {
  org: Org | null;
  team: Team | null;
  requester: Person | null;
}

/**
 * "first response due Monday 14:00 (Europe/Paris)", or "… overdue since <date> (<zone>)": with the
 * policy's `severityChange: carry-over` targets keep their start, so a raise may set one that has
 * already passed (with the default, `restart`, each owed target counts from the change).
 */
function dueClause(
  ctx: DeskContext,
  milestone: SlaMilestone,
  timeZone: string,
  language: string,
): string {
  const name = milestoneName(milestone.kind, language);
  const now = ctx.clock.now();
  if (milestone.dueAt.getTime() <= now.getTime())
    return t(language, 'sla.severity.overdueSince', {
      milestone: name,
      at: formatLocalWithDate(milestone.dueAt, timeZone, language),
    });
  return t(language, 'sla.severity.dueAt', {
    milestone: name,
    at: formatLocalDue(now, milestone.dueAt, timeZone, language),
  });
}

/**
 * " First response due Monday 14:00 (Europe/Paris)." for the targets still running, or ''. Every
 * owed target was recomputed for the new level; one still breached is a target the new level does
 * not set, whose old due time is no promise any more (the alert shows it missed).
 */
function dueSentence(
  ctx: DeskContext,
  milestones: SlaMilestone[],
  timeZone: string,
  language: string,
): string {
  const running = milestones
    .filter(isRunning)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
    .map((milestone) => dueClause(ctx, milestone, timeZone, language));
  if (running.length === 0) return '';
  const text = running.join(t(language, 'sla.severity.clauseSeparator'));
  return t(language, 'sla.severity.dueSentence', {
    clauses: `${text.charAt(0).toUpperCase()}${text.slice(1)}`,
  });
}

/**
 * A level the policy does not define is refused with the levels the case's tier may use (another
 * tier's levels would only invite a second refusal).
 */
function requireKnownSeverity(
  ctx: DeskContext,
  severity: number,
  org: Org | null,
  language: string,
): void {
  if (Number.isInteger(severity) && findSeverity(ctx.policy, severity)) return;
  const levels = (
    org
      ? allowedSeverities(ctx.policy, org.tier, language)
      : ctx.policy.severities.map((level) => ({
          value: level.value,
          label: labelIn(level, language),
        }))
  )
    .map((level) =>
      t(language, 'sla.tierRules.levelChoice', { value: level.value, label: level.label }),
    )
    .join(', ');
  throw new DeskError(
    'UNKNOWN_SEVERITY',
    t(language, 'sla.severity.unknown', { value: String(severity), levels }),
  );
}

/** Where a reader's due times are shown: their own zone, else their case org's calendar. */
function zoneOf(person: Person | null, org: Org | null): string {
  return person?.timeZone ?? org?.calendar.timeZone ?? 'UTC';
}

async function loadAudience(ctx: DeskContext, supportCase: SupportCase): Promise<Audience> {
  const { directory } = ctx.store;
  const [org, team, requester] = await Promise.all([
    directory.orgById(supportCase.orgId),
    supportCase.teamId ? directory.teamById(supportCase.teamId) : Promise.resolve(null),
    directory.personById(supportCase.requesterId),
  ]);
  return { org, team, requester };
}

/**
 * Who the team notice pages: the on-call role(s) on the alert's platform when the change brings the
 * case to the top severity for the first time in its history (the opening alert, or an earlier
 * raise, already paged them otherwise: toggling 1→2→1 must not page at each raise); nobody when
 * it was lowered or moved between lower levels, or when the case has no alert.
 */
function pagedOnRaise(ctx: DeskContext, changed: SeverityChanged, team: Team | null): Mention[] {
  const top = (severity: number) => isTopSeverity(ctx.policy, severity);
  const firstTimeAtTop = top(changed.case.severity) && !changed.earlierSeverities.some(top);
  const platform = changed.case.alertPlace?.platform;
  if (!firstTimeAtTop || !platform || !team) return [];
  return onCallMentions(ctx, changed.case, team, platform);
}

/**
 * Re-renders the alert and tells the team (and the customer, when support made the change). The
 * change is committed: a failure here is logged, never thrown, so the person is answered that it
 * is done (the posts themselves already log their own failures).
 */
async function tellBothSides(
  ctx: DeskContext,
  person: Person,
  reason: string,
  changed: SeverityChanged,
  audience: Audience,
): Promise<void> {
  const updated = changed.case;
  try {
    await refreshAlert(ctx, updated, {
      milestones: changed.milestones,
      ...(audience.org ? { org: audience.org } : {}),
    });
    // Each side in its own language: the team thread the team's, the customer thread theirs.
    const levels = (language: string) => ({
      reference: updated.reference,
      from: severityLabel(ctx.policy, changed.before.severity, language),
      to: severityLabel(ctx.policy, updated.severity, language),
    });
    const byEngineer = isEngineer(person);
    const mentions = pagedOnRaise(ctx, changed, audience.team);
    const team = teamLanguage(audience.team);
    await tellTeam(ctx, updated, {
      kind: 'notice',
      tone: 'info',
      language: team,
      text: t(team, 'sla.severity.changedTeam', {
        ...levels(team),
        name: person.displayName,
        byCustomer: byEngineer ? 'no' : 'yes',
        reason,
      }),
      ...(mentions.length > 0 ? { mentions } : {}),
    });
    if (!byEngineer) return;
    const customer = audience.requester
      ? languageOf(audience.requester, audience.org)
      : DEFAULT_LANGUAGE;
    const zone = zoneOf(audience.requester, audience.org);
    const due = dueSentence(ctx, changed.milestones, zone, customer);
    await tellCustomer(
      ctx,
      updated,
      info(
        t(customer, 'sla.severity.changedCustomer', {
          ...levels(customer),
          name: person.displayName,
          due,
          reason,
        }),
        customer,
      ),
    );
  } catch (error) {
    ctx.logger.error('could not tell both sides of a severity change', {
      case: updated.reference,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

export async function changeSeverity(
  ctx: DeskContext,
  request: SeverityChangeRequest,
): Promise<NoticeView> {
  const { person, language } = await resolveActor(ctx, request.actor);
  // Another org's case is answered like a missing one before any other refusal.
  const found = await findVisibleCase(ctx, person, request.caseIdOrReference);
  const audience = await loadAudience(ctx, found);
  requireKnownSeverity(ctx, request.severity, audience.org, language);
  const changed = await changeCaseSeverity(caseDeps(ctx), {
    caseId: found.id,
    actorId: person.id,
    severity: request.severity,
    reason: request.reason,
  });
  await tellBothSides(ctx, person, request.reason.trim(), changed, audience);
  const to = severityLabel(ctx.policy, changed.case.severity, language);
  const due = dueSentence(ctx, changed.milestones, zoneOf(person, audience.org), language);
  return {
    kind: 'notice',
    tone: 'success',
    language,
    text: t(language, 'sla.severity.changed', { reference: changed.case.reference, to, due }),
  };
}
