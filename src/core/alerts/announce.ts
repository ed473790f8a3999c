// Posts one SLA event: in the case's alert thread (or the team channel), to the assignee by direct
// message, with the team's on-call role mentioned on a top-severity breach; then re-renders the
// alert so its countdown and state match. Everything it needs is handed in or memoised per tick
// (TickCache): a due burst reads each org, team and suggested assignee once, not once per case.
import type { DeskContext } from '../conversation/desk-context.js';
import {
  isTopSeverity,
  refreshAlert,
  severityLabel,
  type SpanFigures,
} from '../conversation/alert-view.js';
import { languageOf, platformUserId, teamLanguage } from '../conversation/identity.js';
import type { Org, Person, Place, SlaMilestone, SupportCase } from '../model.js';
import type { NewCaseEvent } from '../ports/storage.js';
import type { SlaEventView } from '../views.js';
import type { SlaLevel } from './sla-levels.js';
import type { TickCache } from './tick-cache.js';
import { ladderStep } from './escalation-ladder.js';
import { heldForDigest } from './reminder-digest.js';

/** A level this tick recorded (won the conditional update for) and must now announce. */
export interface Announcement {
  supportCase: SupportCase;
  org: Org;
  milestone: SlaMilestone;
  level: SlaLevel;
}

/** The audit event of an announcement (appended in one statement for the whole batch). */
export function auditEventOf(
  { supportCase, milestone, level }: Announcement,
  now: Date,
): NewCaseEvent {
  return {
    caseId: supportCase.id,
    kind:
      level.event === 'breach'
        ? 'sla-breached'
        : level.event === 'overrun'
          ? 'sla-escalated'
          : 'sla-warned',
    actorId: null,
    at: now,
    data: {
      milestone: milestone.kind,
      threshold: level.threshold,
      dueAt: milestone.dueAt.toISOString(),
    },
  };
}

async function teamPlace(
  ctx: DeskContext,
  cache: TickCache,
  supportCase: SupportCase,
): Promise<Place | null> {
  const alert = supportCase.alertPlace;
  if (alert && ctx.ports[alert.platform]) {
    return {
      platform: alert.platform,
      channelId: alert.channelId,
      threadId: alert.threadId ?? alert.messageId ?? null,
    };
  }
  const team = await cache.team(supportCase.teamId);
  const channel = team?.channels.find((candidate) => ctx.ports[candidate.platform]);
  return channel ? { platform: channel.platform, channelId: channel.channelId } : null;
}

/**
 * The event as adapters render it, for a reader of `language` (the team's for the channel, a
 * person's own for a direct message); `msLeft` counts like the target (working time if business
 * hours).
 */
export function slaEventView(
  ctx: DeskContext,
  { supportCase, org, milestone, level }: Announcement,
  mentions: SlaEventView['mentions'],
  figures: SpanFigures,
  language?: string,
): SlaEventView {
  return {
    kind: 'sla-event',
    ...(language ? { language } : {}),
    caseReference: supportCase.reference,
    caseId: supportCase.id,
    title: supportCase.title,
    severityLabel: severityLabel(ctx.policy, supportCase.severity, language),
    isTopSeverity: isTopSeverity(ctx.policy, supportCase.severity),
    event: milestone.kind === 'customer-update' ? 'update-due' : level.event,
    threshold: level.threshold,
    dueAt: milestone.dueAt,
    msLeft: figures.msLeft(milestone, org),
    mentions,
  };
}

/**
 * `milestones`: all of the case's milestones as recorded by this tick (for the alert's countdown);
 * when absent the alert re-render reads them itself. `current`: the case as it is now, when the
 * announcement is redone after its process died. Who hears of the level and where stay as they
 * were when it was recorded (a redo must send the same messages, or the journal cannot recognise
 * those already sent, and an engineer who claimed since would be warned of a level crossed before
 * they owned the case); only the alert is re-rendered from the case as it is now.
 */
export async function announceSlaEvent(
  ctx: DeskContext,
  cache: TickCache,
  item: Announcement,
  milestones: SlaMilestone[] | undefined,
  current: SupportCase = item.supportCase,
): Promise<void> {
  const { supportCase, level, milestone } = item;
  const place = await teamPlace(ctx, cache, supportCase);
  const platform = place?.platform ?? supportCase.alertPlace?.platform ?? 'shell';
  const assignee = await cache.person(supportCase.assigneeId);
  const assigneeUserId = assignee ? platformUserId(assignee, platform) : null;
  // The cadence reminder is the owner's alone; a target's level climbs the policy's ladder.
  const step =
    milestone.kind === 'customer-update'
      ? { owner: true, team: false, onCall: false, contact: null }
      : ladderStep(ctx.policy, supportCase.severity, milestone, level);
  const contact = step.contact ? await cache.personByHandle(step.contact) : null;
  const contactUserId = contact ? platformUserId(contact, platform) : null;
  if (step.contact && !contactUserId)
    ctx.logger.warn('the escalation contact is not in the directory on this platform', {
      case: supportCase.reference,
      contact: step.contact,
    });
  const mentions: SlaEventView['mentions'] = [];
  const team = await cache.team(supportCase.teamId);
  const teamReads = teamLanguage(team);
  if (step.onCall) {
    for (const role of team?.onCall ?? [])
      if (role.platform === platform) mentions.push({ kind: 'role', id: role.roleId });
  }
  if (contactUserId) mentions.push({ kind: 'user', id: contactUserId });
  if (assigneeUserId) mentions.push({ kind: 'user', id: assigneeUserId });
  // One view per reader's language: the channel in the team's, each direct message in its own.
  const viewFor = (reader: Person | null) =>
    slaEventView(ctx, item, mentions, cache, reader ? languageOf(reader, null) : teamReads);
  const port = ctx.ports[platform];
  // The team channel once its rung is reached, when a ping must land there, or when nobody owns
  // the case (the owner's rung falls to the team: somebody must hear of it).
  const toTeam = step.team || step.onCall || contactUserId !== null || !assigneeUserId;
  if (toTeam && place && port)
    await deliver(ctx, supportCase, () => port.post(place, viewFor(null)), 'team');
  else if (toTeam)
    ctx.logger.warn('no team channel to post an SLA event in', { case: supportCase.reference });
  // A non-urgent warning waits for the owner's digest (reminder-digest.ts).
  if (assigneeUserId && port && step.owner && !heldForDigest(ctx.policy, item))
    await deliver(
      ctx,
      supportCase,
      () => port.sendDirect(assigneeUserId, viewFor(assignee)),
      'assignee',
    );
  if (contactUserId && port && contactUserId !== assigneeUserId)
    await deliver(
      ctx,
      supportCase,
      () => port.sendDirect(contactUserId, viewFor(contact)),
      'contact',
    );
  await refreshAfterEvent(ctx, cache, item, current, milestones);
}

async function refreshAfterEvent(
  ctx: DeskContext,
  cache: TickCache,
  item: Announcement,
  supportCase: SupportCase,
  milestones: SlaMilestone[] | undefined,
): Promise<void> {
  const assignee = await cache.person(supportCase.assigneeId);
  const isDone = supportCase.status === 'resolved' || supportCase.status === 'closed';
  const suggested = assignee || isDone ? null : await cache.suggestedAssignee(supportCase.teamId);
  const teamReads = teamLanguage(await cache.team(supportCase.teamId));
  await refreshAlert(ctx, supportCase, {
    org: item.org,
    figures: cache,
    assignee,
    suggested,
    language: teamReads,
    ...(milestones ? { milestones } : {}),
  });
}

/** A failed delivery is logged and does not stop the others (the message journal retries it). */
async function deliver(
  ctx: DeskContext,
  supportCase: SupportCase,
  send: () => Promise<unknown>,
  to: string,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    ctx.logger.error('could not deliver an SLA event', {
      case: supportCase.reference,
      to,
      error: String(error),
    });
  }
}
