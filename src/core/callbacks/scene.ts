// Everything a callback flow needs, read once: who acts and on which side, the case, its org and
// tier, its owner and requester, the customer's time zone, the slot rules. The policy rules that
// refuse before anything else live here: a tier without phone support (named), a case no longer
// open, someone who is neither the customer's side nor the owner.
import { OPEN_STATUSES } from '../ports/storage.js';
import { findVisibleCase } from '../conversation/case-ops.js';
import type { Actor } from '../conversation/desk.js';
import type { DeskContext } from '../conversation/desk-context.js';
import { languageOf, resolveActor } from '../conversation/identity.js';
import type { Org, Person, SupportCase } from '../model.js';
import { findTier, targetFor, validateTimeZone } from '../sla/index.js';
import { IANAZone } from 'luxon';
import type { Callback } from './callback.js';
import { refuse } from './callback-error.js';
import type { SlotRules } from './slots.js';

export interface CallbackScene {
  ctx: DeskContext;
  actor: Actor;
  person: Person;
  supportCase: SupportCase;
  org: Org;
  /** The case's owner (its assignee) now; null while nobody has claimed it. */
  owner: Person | null;
  requester: Person | null;
  isOwner: boolean;
  /** The customer's side: a person of the case's org. */
  isCustomer: boolean;
  /** The case's call in progress, if any. */
  live: Callback | null;
  /** The customer's time zone for this call: `tz=`, the call's, the requester's, the org's. */
  customerZone: string;
  /** The actor's language (their answers and refusals). */
  language: string;
  /** The customer side's language (the requester's), for what the case thread is told. */
  customerLanguage: string;
  now: Date;
}

export async function loadScene(
  ctx: DeskContext,
  actor: Actor,
  idOrReference: string,
  typedZone: string | null,
): Promise<CallbackScene> {
  const { person, language } = await resolveActor(ctx, actor);
  const supportCase = await findVisibleCase(ctx, person, idOrReference);
  const { directory } = ctx.store;
  const org = await directory.orgById(supportCase.orgId);
  if (!org) throw new Error(`case ${supportCase.reference} has no org`);
  const tier = findTier(ctx.policy, org.tier);
  const ref = supportCase.reference;
  if (tier && !tier.phoneSupport)
    throw refuse('CALLBACK_NOT_IN_TIER', 'notInTier', { tier: tier.label, ref });
  if (!OPEN_STATUSES.includes(supportCase.status))
    throw refuse('CALLBACK_CASE_NOT_OPEN', 'caseNotOpen', { ref, status: supportCase.status });
  const owner = supportCase.assigneeId ? await directory.personById(supportCase.assigneeId) : null;
  const isOwner = owner !== null && owner.id === person.id;
  const isCustomer = person.orgId === supportCase.orgId;
  if (!isOwner && !isCustomer)
    throw refuse('CALLBACK_NOT_ALLOWED', 'notAllowed', { org: org.name, ref });
  const requester = await directory.personById(supportCase.requesterId);
  const live = await ctx.store.callbacks.liveForCase(supportCase.id);
  if (typedZone !== null) validateTimeZone(typedZone);
  const customerZone = typedZone
    ? IANAZone.create(typedZone).name
    : (live?.timeZone ?? requester?.timeZone ?? org.calendar.timeZone);
  return {
    ctx,
    actor,
    person,
    supportCase,
    org,
    owner,
    requester,
    isOwner,
    isCustomer,
    live,
    customerZone,
    language,
    customerLanguage: requester ? languageOf(requester, org) : language,
    now: ctx.clock.now(),
  };
}

/** The slot rules for the case's owner (the caller checked there is one). */
export async function slotRulesOf(scene: CallbackScene, owner: Person): Promise<SlotRules> {
  const { ctx, org, supportCase, now, live } = scene;
  const rule = ctx.policy.callbacks;
  const tier = findTier(ctx.policy, org.tier);
  const target = tier
    ? targetFor(tier, 'first-response', supportCase.severity, org.deployment)
    : undefined;
  const horizon = new Date(now.getTime() + (rule.horizonDays + 1) * 86_400_000);
  const bookings = await ctx.store.callbacks.ownerBookings(owner.id, now, horizon);
  const busy = new Set(
    bookings.filter((b) => b.id !== live?.id && b.startsAt).map((b) => b.startsAt?.getTime() ?? 0),
  );
  return { org, owner, aroundTheClock: target?.businessHours === false, rule, now, busy };
}

/** The owner's own zone (their shift's), else the org's. */
export function ownerZone(scene: CallbackScene, owner: Person): string {
  return owner.timeZone ?? scene.org.calendar.timeZone;
}
