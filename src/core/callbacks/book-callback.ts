// Arranging a call: the times offered, a time picked (or the first one fitting the customer's
// windows), the owner's proposal of another, and the confirmation that both sides get with the
// .ics invitation. Every change is a conditional update; a slot another call took meanwhile is
// refused by the store's unique key, so of two bookings of one slot exactly one wins.
import type { NoticeView } from '../views.js';
import type { Person } from '../model.js';
import { isTopSeverity, severityLabel } from '../conversation/alert-view.js';
import type { Callback } from './callback.js';
import type { CallbackPatch, TransitionResult } from '../ports/callbacks.js';
import { refuse } from './callback-error.js';
import { checkContact, readWhen, readWindows } from './callback-input.js';
import { slotRefusal, whenText } from './describe.js';
import { callInvitation } from './invitation.js';
import { callbackText, type Localized } from './messages.js';
import { ownerZone, slotRulesOf, type CallbackScene } from './scene.js';
import { firstSlotIn, nextSlots, slotProblem } from './slots.js';
import { notice, staffLanguage, toCustomer, toOwner, toTeam } from './tell.js';

const MINUTE = 60_000;

function needOwner(scene: CallbackScene): Person {
  if (scene.owner) return scene.owner;
  const { ctx, supportCase } = scene;
  const urgent = isTopSeverity(ctx.policy, supportCase.severity);
  throw refuse('CALLBACK_NO_OWNER', urgent ? 'noOwnerUrgent' : 'noOwner', {
    ref: supportCase.reference,
    severity: severityLabel(ctx.policy, supportCase.severity),
  });
}

function ref(scene: CallbackScene): string {
  return scene.supportCase.reference;
}

async function record(
  scene: CallbackScene,
  kind: 'callback-requested' | 'callback-booked' | 'callback-confirmed',
  callback: Callback,
  data: Record<string, unknown> = {},
) {
  await scene.ctx.store.events.append({
    caseId: scene.supportCase.id,
    kind,
    actorId: scene.person.id,
    at: scene.now,
    data: { callbackId: callback.id, startsAt: callback.startsAt?.toISOString() ?? null, ...data },
  });
}

/** Refuses a lost race in words; returns the callback otherwise. */
function settled(
  scene: CallbackScene,
  result: TransitionResult,
  at: Date | null,
  owner: Person,
): Callback {
  if (result.ok) return result.callback;
  if (result.reason === 'slot-taken')
    throw refuse('CALLBACK_SLOT_TAKEN', 'slotTaken', {
      when: at ? whenText(at, scene.customerZone) : '',
      owner: owner.displayName,
    });
  throw refuse('CALLBACK_CHANGED', 'changed', { ref: ref(scene) });
}

/** "callback": the next free times, as buttons (the customer's, or offered by the owner to them). */
export async function offerCallback(
  scene: CallbackScene,
  typedContact: string | null = null,
): Promise<NoticeView> {
  const { ctx, live, supportCase, customerZone } = scene;
  // Given with the request, the contact is kept for the time picked later (a button has none).
  const contact = typedContact === null ? null : checkContact(typedContact);
  if (live?.status === 'confirmed' && live.startsAt)
    throw refuse('CALLBACK_CHANGED', 'alreadyConfirmed', {
      ref: ref(scene),
      when: whenText(live.startsAt, customerZone),
    });
  const owner = needOwner(scene);
  const rules = await slotRulesOf(scene, owner);
  const slots = nextSlots(rules);
  if (slots.length === 0)
    return notice(
      scene.language,
      callbackText('noSlots', { owner: owner.displayName, days: rules.rule.horizonDays }),
    );
  let callback = live;
  if (callback && contact) {
    const updated = await ctx.store.callbacks.transition(
      callback.id,
      { statuses: [callback.status] },
      { contact, timeZone: customerZone, updatedAt: scene.now },
    );
    callback = settled(scene, updated, null, owner);
  }
  if (!callback) {
    const created = await ctx.store.callbacks.create({
      caseId: supportCase.id,
      requesterId: scene.person.id,
      ownerId: owner.id,
      timeZone: customerZone,
      contact,
      requestedAt: scene.now,
    });
    callback = settled(scene, created, null, owner);
    await record(scene, 'callback-requested', callback);
  }
  const values = {
    ref: ref(scene),
    owner: owner.displayName,
    zone: customerZone,
    minutes: rules.rule.callMinutes,
  };
  // The times are said to the customer's side: the actor, or the customer the owner offers them to.
  const customerSide = scene.isOwner ? scene.customerLanguage : scene.language;
  const offer = {
    caseId: supportCase.id,
    caseReference: ref(scene),
    callbackId: callback.id,
    slots: slots.map((at) => ({ at, label: whenText(at, customerZone)(customerSide) })),
    actions: [],
  };
  const withHint = (text: Localized) => (language: string) =>
    `${text(language)} ${callbackText('offerHint')(language)}`;
  if (!scene.isOwner)
    return notice(scene.language, withHint(callbackText('offer', values)), { callback: offer });
  await toCustomer(
    ctx,
    supportCase,
    notice(customerSide, withHint(callbackText('offerByOwner', values)), { callback: offer }),
  );
  return notice(
    scene.language,
    callbackText('offeredAck', { ref: ref(scene), count: slots.length }),
    {
      tone: 'success',
    },
  );
}

/** The customer picks a time ("Tue 14:00", a button's instant) or gives windows. */
export async function bookCallback(
  scene: CallbackScene,
  choice: { when: string } | { windows: string },
  typedContact: string | null,
): Promise<NoticeView> {
  const { ctx, supportCase, customerZone, now, live } = scene;
  const owner = needOwner(scene);
  if (live?.status === 'confirmed' && live.startsAt)
    throw refuse('CALLBACK_CHANGED', 'alreadyConfirmed', {
      ref: ref(scene),
      when: whenText(live.startsAt, customerZone),
    });
  const contactText = typedContact ?? live?.contact ?? null;
  if (!contactText) throw refuse('CALLBACK_NEEDS_CONTACT', 'needContact');
  const contact = checkContact(contactText);
  const rules = await slotRulesOf(scene, owner);
  const context = { org: scene.org, owner, rule: rules.rule, zone: customerZone };
  let at: Date;
  if ('when' in choice) {
    const read = readWhen(choice.when, now, customerZone);
    if (!read) throw refuse('CALLBACK_BAD_INPUT', 'badTime', { text: choice.when });
    const problem = slotProblem(rules, read);
    if (problem) throw slotRefusal(problem, read, context);
    at = read;
  } else {
    const windows = readWindows(choice.windows, now, customerZone);
    const found = firstSlotIn(rules, windows);
    if (!(found instanceof Date)) {
      // The rule's own sentence, said in the reader's language with the rest (not the log's English).
      const reason = slotRefusal(found, windows[0]?.start ?? now, context).localized;
      throw refuse('CALLBACK_SLOT_REFUSED', 'noSlotInWindows', { reason });
    }
    at = found;
  }
  const patch: CallbackPatch = {
    status: 'booked',
    ownerId: owner.id,
    startsAt: at,
    endsAt: new Date(at.getTime() + rules.rule.callMinutes * MINUTE),
    contact,
    timeZone: customerZone,
    windows: 'windows' in choice ? choice.windows : null,
    updatedAt: now,
  };
  const result = live
    ? await ctx.store.callbacks.transition(
        live.id,
        { statuses: ['requested', 'booked', 'proposed'] },
        patch,
      )
    : await ctx.store.callbacks.create({
        caseId: supportCase.id,
        requesterId: scene.person.id,
        ownerId: owner.id,
        timeZone: customerZone,
        contact,
        requestedAt: now,
        status: 'booked',
        startsAt: at,
        endsAt: patch.endsAt ?? null,
      });
  const callback = settled(scene, result, at, owner);
  await record(scene, 'callback-booked', callback, { by: 'customer' });
  const customerName = scene.person.displayName;
  await toOwner(
    ctx,
    supportCase,
    owner,
    notice(
      staffLanguage(owner),
      callbackText('bookedOwner', {
        customer: customerName,
        org: scene.org.name,
        ref: ref(scene),
        when: whenText(at, ownerZone(scene, owner)),
        contact,
      }),
      { callback: actionsOf(scene, callback, ['confirm', 'cancel']) },
    ),
  );
  await toTeam(
    ctx,
    supportCase,
    callbackText('bookedTeam', {
      customer: customerName,
      ref: ref(scene),
      when: whenText(at, 'UTC'),
    }),
  );
  return notice(
    scene.language,
    callbackText('booked', {
      ref: ref(scene),
      when: whenText(at, customerZone),
      contact,
      owner: owner.displayName,
    }),
    { tone: 'success', callback: actionsOf(scene, callback, ['cancel']) },
  );
}

/** The owner proposes another time (read in the owner's zone unless `tz=` says otherwise). */
export async function proposeCallback(
  scene: CallbackScene,
  when: string,
  typedZone: string | null,
): Promise<NoticeView> {
  const { ctx, supportCase, live, now, customerZone } = scene;
  const owner = needOwner(scene);
  if (!scene.isOwner)
    throw refuse('CALLBACK_NOT_ALLOWED', 'ownerOnly', {
      owner: owner.displayName,
      ref: ref(scene),
      action: 'propose',
    });
  if (!live) throw refuse('CALLBACK_NONE', 'noLiveCallback', { ref: ref(scene) });
  const zone = typedZone ?? ownerZone(scene, owner);
  const at = readWhen(when, now, zone);
  if (!at) throw refuse('CALLBACK_BAD_INPUT', 'badTime', { text: when });
  const rules = await slotRulesOf(scene, owner);
  const problem = slotProblem(rules, at);
  if (problem) throw slotRefusal(problem, at, { org: scene.org, owner, rule: rules.rule, zone });
  const result = await ctx.store.callbacks.transition(
    live.id,
    { statuses: ['requested', 'booked', 'proposed', 'confirmed'] },
    {
      status: 'proposed',
      ownerId: owner.id,
      startsAt: at,
      endsAt: new Date(at.getTime() + rules.rule.callMinutes * MINUTE),
      remindAt: null,
      confirmedAt: null,
      updatedAt: now,
    },
  );
  const callback = settled(scene, result, at, owner);
  await record(scene, 'callback-booked', callback, { by: 'owner' });
  await toCustomer(
    ctx,
    supportCase,
    notice(
      scene.customerLanguage,
      callbackText('proposed', {
        owner: owner.displayName,
        ref: ref(scene),
        when: whenText(at, customerZone),
      }),
      {
        callback: actionsOf(scene, callback, ['confirm', 'cancel']),
      },
    ),
  );
  return notice(
    scene.language,
    callbackText('proposedAck', { ref: ref(scene), when: whenText(at, zone) }),
    {
      tone: 'success',
    },
  );
}

/** Confirms the time waiting on the reader: the owner a booked one, the customer a proposed one. */
export async function confirmCallback(scene: CallbackScene): Promise<NoticeView> {
  const { ctx, supportCase, live, now, customerZone } = scene;
  const owner = needOwner(scene);
  const waitingOnMe =
    live &&
    ((live.status === 'booked' && scene.isOwner) ||
      (live.status === 'proposed' && scene.isCustomer && !scene.isOwner));
  if (!live || !live.startsAt || !waitingOnMe) {
    if (live?.status === 'booked' && !scene.isOwner)
      throw refuse('CALLBACK_NOT_ALLOWED', 'ownerOnly', {
        owner: owner.displayName,
        ref: ref(scene),
        action: 'confirm',
      });
    throw refuse('CALLBACK_NONE', 'nothingToConfirm', { ref: ref(scene) });
  }
  const lead = ctx.policy.callbacks.reminderMinutes * MINUTE;
  const remindAt = new Date(Math.max(now.getTime(), live.startsAt.getTime() - lead));
  const result = await ctx.store.callbacks.transition(
    live.id,
    { statuses: [live.status], startsAt: live.startsAt },
    { status: 'confirmed', confirmedAt: now, remindAt, remindedAt: null, updatedAt: now },
  );
  const callback = settled(scene, result, live.startsAt, owner);
  await record(scene, 'callback-confirmed', callback);
  const facts = {
    callback,
    caseReference: ref(scene),
    caseTitle: supportCase.title,
    ownerName: owner.displayName,
    callMinutes: ctx.policy.callbacks.callMinutes,
  };
  const customerSide = scene.isOwner ? scene.customerLanguage : scene.language;
  const ownerSide = scene.isOwner ? scene.language : staffLanguage(owner);
  const start = live.startsAt;
  const sentence = (zone: string) =>
    callbackText('confirmed', {
      ref: ref(scene),
      when: whenText(start, zone),
      owner: owner.displayName,
      contact: callback.contact ?? '',
    });
  const forCustomer = notice(customerSide, sentence(customerZone), {
    tone: 'success',
    attachment: callInvitation(facts, customerSide),
    callback: actionsOf(scene, callback, ['cancel']),
  });
  const forOwner = notice(ownerSide, sentence(ownerZone(scene, owner)), {
    tone: 'success',
    attachment: callInvitation(facts, ownerSide),
    callback: actionsOf(scene, callback, ['held', 'missed', 'cancel']),
  });
  if (scene.isOwner) await toCustomer(ctx, supportCase, forCustomer);
  else await toOwner(ctx, supportCase, owner, forOwner);
  await toTeam(
    ctx,
    supportCase,
    callbackText('confirmedTeam', { ref: ref(scene), when: whenText(start, 'UTC') }),
  );
  return scene.isOwner ? forOwner : forCustomer;
}

export function actionsOf(
  scene: CallbackScene,
  callback: Callback,
  actions: ('confirm' | 'held' | 'missed' | 'cancel')[],
) {
  return {
    caseId: scene.supportCase.id,
    caseReference: ref(scene),
    callbackId: callback.id,
    slots: [],
    actions,
  };
}
