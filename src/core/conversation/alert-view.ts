// Builds the team-channel alert for a case from its current state: the Desk posts it when a case
// opens and re-renders it on claim, resolve and close; the SLA loop re-renders it at each warning.
import type { Org, Person, Platform, SlaMilestone, SupportCase } from '../model.js';
import {
  describeMilestone,
  elapsedFraction,
  findSeverity,
  findTier,
  labelIn,
  milestoneName,
  milestoneState,
  MILESTONE_NAMES,
  targetTextIn,
  tierLabel,
  timeLeft,
  type Policy,
} from '../sla/index.js';
import { DEFAULT_LANGUAGE, formatDuration, t } from '../i18n/index.js';
import type { AlertState, CaseAlertView, MilestoneSummary } from '../views.js';
import type { DeskContext } from './desk-context.js';
import { suggestAssignee } from '../routing/suggest-assignee.js';
import { platformUserId, teamLanguage } from './identity.js';

export { MILESTONE_NAMES };

/**
 * The milestone the countdown shows: the unmet one due first, a running (or breached) one before
 * a paused one (a paused clock's due instant is not a deadline until it resumes).
 */
export function currentMilestone(milestones: SlaMilestone[]): SlaMilestone | null {
  const paused = (m: SlaMilestone) => (m.pausedAt && m.breachedAt === null ? 1 : 0);
  const unmet = milestones
    .filter((m) => m.metAt === null && !isCadence(m))
    .sort((a, b) => paused(a) - paused(b) || a.dueAt.getTime() - b.dueAt.getTime());
  return unmet[0] ?? null;
}

/**
 * The follow-up cadence is shown on its own line ("next update due …"), beside the targets: it
 * runs after every answer, and would otherwise hide a first response met late.
 */
export function isCadence(milestone: SlaMilestone): boolean {
  return milestone.kind === 'customer-update';
}

/** The customer's next update owed (running, paused or overdue), summarised; null when none. */
export function nextUpdateOf(
  milestones: SlaMilestone[],
  at: Date,
  org: Org | null,
  language: string = DEFAULT_LANGUAGE,
): MilestoneSummary | null {
  const owed = milestones.find((m) => isCadence(m) && m.metAt === null);
  return owed ? summarizeMilestone(owed, at, org, language) : null;
}

/** The time a paused milestone had left when its clock stopped (working time for business hours). */
export function pausedLeftMs(milestone: SlaMilestone, org: Org): number | null {
  if (!milestone.pausedAt) return null;
  return timeLeft({
    dueAt: milestone.dueAt,
    businessHours: milestone.businessHours,
    calendar: org.calendar,
    now: milestone.pausedAt,
  }).ms;
}

/** "2 h 10 min left" or "1 d 3 h left (business time)" ("il reste 2 h 10"): what a paused milestone keeps. */
export function pausedLeftText(
  milestone: SlaMilestone,
  org: Org,
  language: string = DEFAULT_LANGUAGE,
): string {
  const ms = Math.max(0, pausedLeftMs(milestone, org) ?? 0);
  return t(language, 'sla.timeLeft.left', {
    duration: formatDuration(ms, language),
    business: milestone.businessHours ? 'yes' : 'no',
  });
}

/**
 * The milestone a case's alert and list line are about: the owed one due first (its countdown),
 * else the one met last (a late one first among those met at once, as a resolve meets several),
 * so that a target met late keeps saying so. Null when the case never had a target.
 */
export function shownMilestone(milestones: SlaMilestone[]): SlaMilestone | null {
  const owed = currentMilestone(milestones);
  if (owed) return owed;
  const at = (m: SlaMilestone) => m.metAt?.getTime() ?? 0;
  const late = (m: SlaMilestone) => (m.breachedAt !== null || at(m) > m.dueAt.getTime() ? 1 : 0);
  const met = milestones
    .filter((m) => !isCadence(m))
    .sort((a, b) => at(b) - at(a) || late(b) - late(a));
  return met[0] ?? null;
}

/**
 * The instant a case's targets are judged at: now while it is open; when it was closed for a case
 * closed without an answer (its targets stopped there, they do not breach afterwards).
 */
export function judgedAt(supportCase: SupportCase, now: Date): Date {
  const stop = supportCase.closedAt ?? supportCase.resolvedAt;
  return stop && stop.getTime() < now.getTime() ? stop : now;
}

/**
 * The neutral summary of a milestone and its state, for alerts and case lists. A paused one says
 * since when and the time it keeps (with `org`, counted like its target).
 */
export function summarizeMilestone(
  milestone: SlaMilestone,
  at: Date,
  org?: Org | null,
  language: string = DEFAULT_LANGUAGE,
): MilestoneSummary {
  const state = milestoneState(milestone, at);
  const paused = state === 'paused' && milestone.pausedAt !== null;
  return {
    kind: milestone.kind,
    name: milestoneName(milestone.kind, language),
    state,
    text: describeMilestone(milestone.kind, state, language),
    dueAt: milestone.dueAt,
    metAt: milestone.metAt,
    ...(paused
      ? {
          pausedAt: milestone.pausedAt,
          pausedMsLeft: org ? pausedLeftMs(milestone, org) : null,
        }
      : {}),
  };
}

function stateOf(
  supportCase: SupportCase,
  shown: SlaMilestone | null,
  summary: MilestoneSummary | null,
): AlertState {
  if (supportCase.status === 'closed') return 'closed';
  if (supportCase.status === 'resolved') return 'resolved';
  if (summary?.state === 'breached') return 'breached';
  if (summary?.state === 'paused' || supportCase.status === 'waiting-on-customer') return 'paused';
  if (summary?.state === 'met-late') return 'met-late';
  if (summary?.state === 'running' && shown?.warnedAt !== null && shown?.warnedAt !== undefined)
    return 'warned';
  return supportCase.assigneeId ? 'claimed' : 'new';
}
/** "High (2)" ("Élevé (2)"), or "Severity 7" when the policy does not know the level. */
export function severityLabel(
  policy: Policy,
  severity: number,
  language: string = DEFAULT_LANGUAGE,
): string {
  const level = findSeverity(policy, severity);
  return level
    ? t(language, 'sla.policy.severityName', {
        label: labelIn(level, language),
        value: level.value,
      })
    : t(language, 'sla.policy.unknownSeverityTitle', { value: severity });
}

/** Severity 1 (the policy's most severe level) must be unmistakable in every adapter. */
export function isTopSeverity(policy: Policy, severity: number): boolean {
  return severity === Math.min(...policy.severities.map((level) => level.value));
}

/**
 * "within 4 business hours" for the first response owed, "next response within 1 hour, 24/7" for
 * another owed target, "first response met late" once met (late or not), "no response target" for
 * a case that never had one.
 */
export function targetTextOf(
  policy: Policy,
  org: Org,
  milestone: SlaMilestone | null,
  severity: number,
  at: Date,
  language: string = DEFAULT_LANGUAGE,
): string {
  if (!milestone) return t(language, 'sla.target.none');
  const state = milestoneState(milestone, at);
  if (state === 'met' || state === 'met-late' || state === 'paused')
    return describeMilestone(milestone.kind, state, language);
  const tier = findTier(policy, org.tier);
  const target = tier?.targets[milestone.kind]?.[severity]?.[org.deployment];
  const text = target
    ? t(language, 'sla.target.within', { target: targetTextIn(target, language) })
    : t(
        language,
        milestone.businessHours ? 'sla.target.businessHours' : 'sla.target.aroundTheClock',
      );
  return milestone.kind === 'first-response'
    ? text
    : t(language, 'sla.target.ofMilestone', {
        milestone: milestoneName(milestone.kind, language),
        target: text,
      });
}

function personRef(person: Person | null, platform: Platform) {
  if (!person) return null;
  return {
    personId: person.id,
    displayName: person.displayName,
    platformUserId: platformUserId(person, platform),
  };
}

/**
 * A milestone's elapsed fraction and business-aware time left. Working-time arithmetic is the
 * costly part of a render, so the SLA tick hands in its memo (each milestone computed once).
 */
export interface SpanFigures {
  elapsedFraction(milestone: SlaMilestone, org: Org): number;
  msLeft(milestone: SlaMilestone, org: Org): number;
}

export function spanFiguresAt(now: Date): SpanFigures {
  const span = (m: SlaMilestone, org: Org) => ({
    startedAt: m.startedAt,
    dueAt: m.dueAt,
    businessHours: m.businessHours,
    calendar: org.calendar,
    now,
  });
  return {
    elapsedFraction: (m, org) => elapsedFraction(span(m, org)),
    msLeft: (m, org) => timeLeft(span(m, org)).ms,
  };
}

/** What a caller may hand in to spare the store reads (the SLA tick has them at hand already). */
export interface AlertInputs {
  figures?: SpanFigures;
  suggestedAssigneeId?: string | null;
  org?: Org;
  /** All of the case's milestones (the countdown shows the unmet one due first). */
  milestones?: SlaMilestone[];
  assignee?: Person | null;
  /** The suggested assignee, when the caller computed it (once per team for a whole tick). */
  suggested?: Person | null;
  /** Pings for the first post (see CaseAlertView.mentions); updates leave it out. */
  mentions?: CaseAlertView['mentions'];
  /** The team's language, when the caller has the team (else it is read). */
  language?: string;
}

/** The language of the case's team channel (its setting, else English). */
export async function caseTeamLanguage(
  ctx: Pick<DeskContext, 'store'>,
  supportCase: Pick<SupportCase, 'teamId'>,
): Promise<string> {
  const team = supportCase.teamId ? await ctx.store.directory.teamById(supportCase.teamId) : null;
  return teamLanguage(team);
}

async function suggestedFor(
  ctx: DeskContext,
  supportCase: SupportCase,
  extra: AlertInputs,
): Promise<Person | null> {
  if (extra.suggested !== undefined) return extra.suggested;
  if (extra.suggestedAssigneeId) return ctx.store.directory.personById(extra.suggestedAssigneeId);
  return suggestAssignee(ctx.store, supportCase.teamId, ctx.clock.now());
}

/** The situation, unless it only repeats the title (a one-line question is both). */
export function situationBeyondTitle(supportCase: Pick<SupportCase, 'title' | 'situation'>) {
  const situation = supportCase.situation.trim();
  const same = situation.toLowerCase() === supportCase.title.trim().toLowerCase();
  return situation === '' || same ? null : situation;
}

export async function buildAlertView(
  ctx: DeskContext,
  supportCase: SupportCase,
  extra: AlertInputs = {},
): Promise<CaseAlertView> {
  const { directory, milestones } = ctx.store;
  const org = extra.org ?? (await directory.orgById(supportCase.orgId));
  if (!org)
    throw new Error(`case ${supportCase.reference} points at a missing org ${supportCase.orgId}`);
  const all = extra.milestones ?? (await milestones.forCase(supportCase.id));
  const milestone = currentMilestone(all);
  const shown = shownMilestone(all);
  const at = judgedAt(supportCase, ctx.clock.now());
  const platform = supportCase.alertPlace?.platform ?? supportCase.origin?.platform ?? 'shell';
  const assignee =
    extra.assignee !== undefined
      ? extra.assignee
      : supportCase.assigneeId
        ? await directory.personById(supportCase.assigneeId)
        : null;
  // Unclaimed alerts keep showing who is best placed now (shifts move with the clock).
  const isDone = supportCase.status === 'resolved' || supportCase.status === 'closed';
  const suggested = assignee || isDone ? null : await suggestedFor(ctx, supportCase, extra);
  const figures = extra.figures ?? spanFiguresAt(ctx.clock.now());
  const fraction = milestone ? figures.elapsedFraction(milestone, org) : null;
  // The alert lives in the team's channel: it speaks the team's language.
  const language = extra.language ?? (await caseTeamLanguage(ctx, supportCase));
  const summary = shown ? summarizeMilestone(shown, at, org, language) : null;
  return {
    kind: 'case-alert',
    language,
    caseId: supportCase.id,
    caseReference: supportCase.reference,
    severity: supportCase.severity,
    severityLabel: severityLabel(ctx.policy, supportCase.severity, language),
    isTopSeverity: isTopSeverity(ctx.policy, supportCase.severity),
    tier: org.tier,
    tierLabel: tierLabel(ctx.policy, org.tier, language),
    orgName: org.name,
    title: supportCase.title,
    situation: situationBeyondTitle(supportCase),
    seriousness: supportCase.seriousness,
    product: supportCase.product,
    type: supportCase.type,
    // A paused clock has no deadline until it resumes: the alert shows what it keeps instead.
    dueAt: milestone && !milestone.pausedAt ? milestone.dueAt : null,
    msLeft: milestone
      ? milestone.pausedAt
        ? pausedLeftMs(milestone, org)
        : figures.msLeft(milestone, org)
      : null,
    targetText: targetTextOf(ctx.policy, org, shown, supportCase.severity, at, language),
    state: stateOf(supportCase, shown, summary),
    milestone: summary,
    nextUpdate: isDone ? null : nextUpdateOf(all, at, org, language),
    elapsedFraction: fraction,
    suggestedAssignee: personRef(suggested, platform),
    assignee: personRef(assignee, platform),
    ...(extra.mentions && extra.mentions.length > 0 ? { mentions: extra.mentions } : {}),
  };
}

/** Re-renders the alert in place; a failure is logged, never thrown: the flow that caused it succeeded. */
export async function refreshAlert(
  ctx: DeskContext,
  supportCase: SupportCase,
  inputs: AlertInputs = {},
): Promise<void> {
  const place = supportCase.alertPlace;
  if (!place?.messageId) return;
  const port = ctx.ports[place.platform];
  if (!port) return;
  try {
    await port.update(
      { place, messageId: place.messageId },
      await buildAlertView(ctx, supportCase, inputs),
    );
  } catch (error) {
    ctx.logger.warn('could not update the case alert', {
      case: supportCase.reference,
      error: String(error),
    });
  }
}
