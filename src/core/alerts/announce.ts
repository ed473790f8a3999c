// Posts one SLA event: in the case's alert thread (or the team channel), to the assignee by direct
// message, with the team's on-call role mentioned on a top-severity breach; then re-renders the
// alert so its countdown and state match, and writes the audit event.
import type { DeskContext } from '../conversation/desk-context.js';
import { isTopSeverity, refreshAlert, severityLabel } from '../conversation/alert-view.js';
import { platformUserId } from '../conversation/identity.js';
import type { Place, SlaMilestone, SupportCase } from '../model.js';
import type { SlaEventView } from '../views.js';
import type { SlaLevel } from './sla-levels.js';

async function teamPlace(ctx: DeskContext, supportCase: SupportCase): Promise<Place | null> {
  const alert = supportCase.alertPlace;
  if (alert && ctx.ports[alert.platform]) {
    return {
      platform: alert.platform,
      channelId: alert.channelId,
      threadId: alert.threadId ?? alert.messageId ?? null,
    };
  }
  const team = supportCase.teamId ? await ctx.store.directory.teamById(supportCase.teamId) : null;
  const channel = team?.channels.find((candidate) => ctx.ports[candidate.platform]);
  return channel ? { platform: channel.platform, channelId: channel.channelId } : null;
}

export async function announceSlaEvent(
  ctx: DeskContext,
  supportCase: SupportCase,
  milestone: SlaMilestone,
  level: SlaLevel,
  now: Date,
): Promise<void> {
  const { directory, events } = ctx.store;
  const place = await teamPlace(ctx, supportCase);
  const platform = place?.platform ?? supportCase.alertPlace?.platform ?? 'shell';
  const top = isTopSeverity(ctx.policy, supportCase.severity);
  const assignee = supportCase.assigneeId
    ? await directory.personById(supportCase.assigneeId)
    : null;
  const assigneeUserId = assignee ? platformUserId(assignee, platform) : null;
  const mentions: SlaEventView['mentions'] = [];
  if (level.event === 'breach' && top && supportCase.teamId) {
    const team = await directory.teamById(supportCase.teamId);
    for (const role of team?.onCall ?? [])
      if (role.platform === platform) mentions.push({ kind: 'role', id: role.roleId });
  }
  if (assigneeUserId) mentions.push({ kind: 'user', id: assigneeUserId });
  const view: SlaEventView = {
    kind: 'sla-event',
    caseReference: supportCase.reference,
    caseId: supportCase.id,
    title: supportCase.title,
    severityLabel: severityLabel(ctx.policy, supportCase.severity),
    isTopSeverity: top,
    event: level.event,
    threshold: level.threshold,
    dueAt: milestone.dueAt,
    mentions,
  };
  await events.append({
    caseId: supportCase.id,
    kind: level.event === 'breach' ? 'sla-breached' : 'sla-warned',
    actorId: null,
    at: now,
    data: {
      milestone: milestone.kind,
      threshold: level.threshold,
      dueAt: milestone.dueAt.toISOString(),
    },
  });
  const port = ctx.ports[platform];
  if (place && port) await deliver(ctx, supportCase, () => port.post(place, view), 'team');
  else ctx.logger.warn('no team channel to post an SLA event in', { case: supportCase.reference });
  if (assigneeUserId && port)
    await deliver(ctx, supportCase, () => port.sendDirect(assigneeUserId, view), 'assignee');
  const fresh = (await ctx.store.cases.byId(supportCase.id)) ?? supportCase;
  await refreshAlert(ctx, fresh);
}

/** A failed delivery is logged and does not stop the others (the adapter's outbox retries it). */
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
