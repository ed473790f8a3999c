// How a call ends (held, missed, cancelled), each recorded on the case's event log, and the
// critical incident's immediate call that pages the owner and the team's on-call role. A call
// counts as a response only once held: then it meets the response targets still owed, like an
// engineer's reply.
import { meetResponseMilestones, metEvent } from '../cases/index.js';
import { isTopSeverity, severityLabel } from '../conversation/alert-view.js';
import { refreshAlert } from '../conversation/alert-view.js';
import { platformUserId, teamLanguage } from '../conversation/identity.js';
import { onCallRoles } from '../conversation/post-alert.js';
import { describeMilestone, milestoneState } from '../sla/index.js';
import type { Mention, NoticeView } from '../views.js';
import type { Callback } from './callback.js';
import { LIVE_CALLBACK_STATUSES } from './callback.js';
import { refuse } from './callback-error.js';
import { checkContact } from './callback-input.js';
import { whenText } from './describe.js';
import { callbackText, type Localized } from './messages.js';
import { ownerZone, type CallbackScene } from './scene.js';
import { notice, staffLanguage, toCustomer, toOwner, toTeam } from './tell.js';

type Ending = 'held' | 'missed' | 'cancelled';

async function end(scene: CallbackScene, live: Callback, status: Ending): Promise<Callback> {
  const { ctx, now } = scene;
  const result = await ctx.store.callbacks.transition(
    live.id,
    { statuses: [live.status] },
    { status, endedAt: now, remindAt: null, updatedAt: now },
  );
  if (!result.ok) throw refuse('CALLBACK_CHANGED', 'changed', { ref: scene.supportCase.reference });
  await ctx.store.events.append({
    caseId: scene.supportCase.id,
    kind: `callback-${status}`,
    actorId: scene.person.id,
    at: now,
    data: {
      callbackId: live.id,
      startsAt: live.startsAt?.toISOString() ?? null,
      immediate: live.immediate,
    },
  });
  return result.callback;
}

function ownerAction(scene: CallbackScene, action: string): Callback {
  const ref = scene.supportCase.reference;
  const live = scene.live;
  if (!live || live.status !== 'confirmed')
    throw refuse('CALLBACK_NONE', 'noLiveCallback', { ref });
  if (!scene.isOwner)
    throw refuse('CALLBACK_NOT_ALLOWED', 'ownerOnly', {
      owner: scene.owner?.displayName ?? '?',
      ref,
      action,
    });
  if (!live.immediate && live.startsAt && live.startsAt > scene.now)
    throw refuse('CALLBACK_NOT_STARTED', 'notStarted', {
      ref,
      when: whenText(live.startsAt, ownerZone(scene, scene.person)),
    });
  return live;
}

/** The owner marks the call held: it counts as the response the case still owes. */
export async function holdCallback(scene: CallbackScene): Promise<NoticeView> {
  const { ctx, supportCase, now } = scene;
  const live = ownerAction(scene, 'held');
  await end(scene, live, 'held');
  const met = await meetResponseMilestones(ctx.store, supportCase.id, now);
  await ctx.store.events.appendMany(
    met.map((milestone) => metEvent(milestone, scene.person.id, now)),
  );
  if (met.length > 0)
    await refreshAlert(ctx, (await ctx.store.cases.byId(supportCase.id)) ?? supportCase);
  const ref = supportCase.reference;
  await toCustomer(ctx, supportCase, notice(scene.customerLanguage, callbackText('held', { ref })));
  await toTeam(
    ctx,
    supportCase,
    callbackText('heldTeam', { owner: scene.person.displayName, ref }),
  );
  if (met.length === 0)
    return notice(scene.language, callbackText('heldAck', { ref }), { tone: 'success' });
  const said = met.map((m) => describeMilestone(m.kind, milestoneState(m, now))).join(', ');
  return notice(scene.language, callbackText('heldAckMet', { ref, met: said }), {
    tone: 'success',
  });
}

/** The owner could not reach the customer: recorded, and the customer may ask again. */
export async function missCallback(scene: CallbackScene): Promise<NoticeView> {
  const { ctx, supportCase, customerZone } = scene;
  const live = ownerAction(scene, 'missed');
  await end(scene, live, 'missed');
  const ref = supportCase.reference;
  const start = live.startsAt ?? scene.now;
  await toCustomer(
    ctx,
    supportCase,
    notice(
      scene.customerLanguage,
      callbackText('missed', {
        owner: scene.person.displayName,
        ref,
        when: whenText(start, customerZone),
      }),
    ),
  );
  await toTeam(
    ctx,
    supportCase,
    callbackText('missedTeam', {
      owner: scene.person.displayName,
      ref,
      when: whenText(start, 'UTC'),
    }),
  );
  return notice(scene.language, callbackText('missedAck', { ref }), { tone: 'success' });
}

/** Either side cancels the call in progress; the other side is told. */
export async function cancelCallback(scene: CallbackScene): Promise<NoticeView> {
  const { ctx, supportCase, live, customerZone } = scene;
  const ref = supportCase.reference;
  if (!live || !LIVE_CALLBACK_STATUSES.includes(live.status))
    throw refuse('CALLBACK_NONE', 'noLiveCallback', { ref });
  await end(scene, live, 'cancelled');
  const who = scene.person.displayName;
  const owner = scene.owner;
  const whenFor = (zone: string) => (live.startsAt ? whenText(live.startsAt, zone) : () => '');
  if (scene.isOwner)
    await toCustomer(
      ctx,
      supportCase,
      notice(
        scene.customerLanguage,
        callbackText('cancelled', { who, ref, when: whenFor(customerZone) }),
      ),
    );
  else if (owner && live.status !== 'requested')
    await toOwner(
      ctx,
      supportCase,
      owner,
      notice(
        staffLanguage(owner),
        callbackText('cancelled', { who, ref, when: whenFor(ownerZone(scene, owner)) }),
      ),
    );
  await toTeam(ctx, supportCase, callbackText('cancelled', { who, ref, when: whenFor('UTC') }));
  return notice(scene.language, callbackText('cancelledAck', { ref }), { tone: 'success' });
}

/**
 * A critical incident's "call me now": the owner is paged by direct message and the team's
 * on-call role in the alert thread (the page path of a top-severity alert); no slot is booked.
 */
export async function immediateCallback(
  scene: CallbackScene,
  typedContact: string | null,
): Promise<NoticeView> {
  const { ctx, supportCase, now, owner, live } = scene;
  const ref = supportCase.reference;
  const severity = severityLabel(ctx.policy, supportCase.severity);
  if (!isTopSeverity(ctx.policy, supportCase.severity)) {
    const top = severityLabel(ctx.policy, ctx.policy.severities[0]?.value ?? 1);
    throw refuse('CALLBACK_NOT_URGENT', 'immediateTopOnly', { top, ref, severity });
  }
  const contactText = typedContact ?? live?.contact ?? null;
  if (!contactText) throw refuse('CALLBACK_NEEDS_CONTACT', 'needContact');
  const contact = checkContact(contactText);
  if (live)
    await ctx.store.callbacks.transition(
      live.id,
      { statuses: [live.status] },
      { status: 'cancelled', endedAt: now, remindAt: null, updatedAt: now },
    );
  const created = await ctx.store.callbacks.create({
    caseId: supportCase.id,
    requesterId: scene.person.id,
    ownerId: owner?.id ?? null,
    timeZone: scene.customerZone,
    contact,
    requestedAt: now,
    status: 'confirmed',
    startsAt: now,
    immediate: true,
    confirmedAt: now,
  });
  if (!created.ok) throw refuse('CALLBACK_CHANGED', 'changed', { ref });
  await ctx.store.events.append({
    caseId: supportCase.id,
    kind: 'callback-paged',
    actorId: scene.person.id,
    at: now,
    data: { callbackId: created.callback.id, ownerId: owner?.id ?? null },
  });
  const customer = scene.person.displayName;
  const page = callbackText('immediatePage', { customer, org: scene.org.name, ref, contact });
  if (owner)
    await toOwner(ctx, supportCase, owner, notice(staffLanguage(owner), page, { tone: 'warning' }));
  await pageTeam(scene, callbackText('immediateTeam', { ref, severity, customer, contact }));
  const who = owner?.displayName ?? callbackText('onCallWho');
  return notice(scene.language, callbackText('immediateAck', { who, ref, contact }), {
    tone: 'success',
  });
}

async function pageTeam(scene: CallbackScene, text: Localized): Promise<void> {
  const { ctx, supportCase, owner } = scene;
  const platform = supportCase.alertPlace?.platform;
  const team = supportCase.teamId ? await ctx.store.directory.teamById(supportCase.teamId) : null;
  const mentions: Mention[] = platform && team ? onCallRoles(team, platform) : [];
  const ownerId = owner && platform ? platformUserId(owner, platform) : null;
  if (ownerId) mentions.push({ kind: 'user', id: ownerId });
  const place = supportCase.alertPlace;
  const port = platform ? ctx.ports[platform] : undefined;
  if (!place || !port) return;
  try {
    await port.post(
      {
        platform: place.platform,
        channelId: place.channelId,
        threadId: place.threadId ?? place.messageId ?? null,
      },
      notice(teamLanguage(team), text, { tone: 'warning', mentions }),
    );
  } catch (error) {
    ctx.logger.error('could not page the team for an immediate call', {
      case: supportCase.reference,
      error: String(error),
    });
  }
}
