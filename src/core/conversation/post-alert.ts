// Flow 3 (alert the team): the case alert goes to the owning team's channel on the platform the
// case came from; its place is stored so that claims, warnings and replies find it again.
import type { Platform, Place, SupportCase, Team } from '../model.js';
import type { DeskContext } from './desk-context.js';
import { newErrorReference } from '../errors.js';
import type { CaseAlertView } from '../views.js';
import { buildAlertView, isTopSeverity } from './alert-view.js';
import { suggestAssignee } from '../routing/suggest-assignee.js';
import { teamLanguage } from './identity.js';

/** The team's channel on `platform`; the shell falls back to `team-<slug>` so the demo always works. */
export function teamChannel(ctx: DeskContext, team: Team, platform: Platform): Place | null {
  const same = team.channels.find((channel) => channel.platform === platform);
  if (same) return { platform, channelId: same.channelId };
  if (platform === 'shell' && ctx.ports.shell) return { platform, channelId: `team-${team.slug}` };
  const other = team.channels.find((channel) => ctx.ports[channel.platform]);
  return other ? { platform: other.platform, channelId: other.channelId } : null;
}

/**
 * Posts the alert, never throwing: the case is already stored, so a platform failure must not turn
 * the customer's confirmation into an error. The failure is logged with a reference id.
 */
export async function postAlertSafely(
  ctx: DeskContext,
  supportCase: SupportCase,
  platform: Platform,
  suggestedAssigneeId: string | null,
): Promise<SupportCase> {
  try {
    return await postAlert(ctx, supportCase, platform, suggestedAssigneeId);
  } catch (error) {
    const reference = newErrorReference();
    ctx.logger.error('could not post the case alert', {
      case: supportCase.reference,
      errorReference: reference,
      error: error instanceof Error ? error.message : String(error),
    });
    return supportCase;
  }
}

export async function postAlert(
  ctx: DeskContext,
  supportCase: SupportCase,
  platform: Platform,
  suggestedAssigneeId: string | null,
): Promise<SupportCase> {
  const team = supportCase.teamId ? await ctx.store.directory.teamById(supportCase.teamId) : null;
  if (!team) {
    ctx.logger.warn('no team owns this product: the case has no alert', {
      case: supportCase.reference,
      product: supportCase.product,
    });
    return supportCase;
  }
  const channel = teamChannel(ctx, team, platform);
  const port = channel ? ctx.ports[channel.platform] : undefined;
  if (!channel || !port) {
    ctx.logger.warn('the team has no channel on a running platform: the case has no alert', {
      case: supportCase.reference,
      team: team.slug,
    });
    return supportCase;
  }
  const mentions = onCallMentions(ctx, supportCase, team, channel.platform);
  // A case whose clock runs day and night, opened when nobody is on shift to take it, pages
  // on-call at once (issue 12 item 3): otherwise nobody would see it before the breach.
  if (
    mentions.length === 0 &&
    (await runsAroundTheClock(ctx, supportCase)) &&
    !(suggestedAssigneeId ?? (await suggestAssignee(ctx.store, team.id, ctx.clock.now()))?.id)
  )
    mentions.push(...onCallRoles(team, channel.platform));
  const posted = await port.post(
    channel,
    await buildAlertView(ctx, supportCase, {
      suggestedAssigneeId,
      mentions,
      language: teamLanguage(team),
    }),
  );
  // The alert's own message starts the thread the engineers talk in.
  const alertPlace: Place = {
    platform: channel.platform,
    channelId: posted.place.channelId,
    threadId: posted.messageId,
    messageId: posted.messageId,
  };
  return ctx.store.cases.update(supportCase.id, { alertPlace, updatedAt: ctx.clock.now() });
}

/**
 * A top-severity alert pings the team's on-call role(s) on the platform it is posted on, once: only
 * the first post carries the mentions, so claims, warnings and edits never page anyone again.
 */
export function onCallMentions(
  ctx: DeskContext,
  supportCase: SupportCase,
  team: Team,
  platform: Platform,
): NonNullable<CaseAlertView['mentions']> {
  if (!isTopSeverity(ctx.policy, supportCase.severity)) return [];
  return onCallRoles(team, platform);
}

function onCallRoles(team: Team, platform: Platform): NonNullable<CaseAlertView['mentions']> {
  return team.onCall
    .filter((role) => role.platform === platform)
    .map((role) => ({ kind: 'role' as const, id: role.roleId }));
}

/** Whether the case owes a 24/7 target (its first response, usually) that is still running. */
async function runsAroundTheClock(ctx: DeskContext, supportCase: SupportCase): Promise<boolean> {
  const milestones = await ctx.store.milestones.forCase(supportCase.id);
  return milestones.some((m) => m.metAt === null && !m.businessHours);
}
