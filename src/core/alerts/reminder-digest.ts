// Reminders that do not spam (issue 12 item 5): a warning that is not urgent (not the top
// severity, not a breach) is not sent to its owner at once but held, in the same transaction as
// its level, for the end of the policy's digest window; the SLA loop then sends each engineer the
// warnings of their window in one message. Holding, like recording, happens once per level; the
// digest is sent under its own work key after one conditional update marks its entries sent, so a
// crash before it went out is redone by the delivery worker and never sent twice.
import type { DigestRepository } from '../ports/storage.js';
import type { DeskContext } from '../conversation/desk-context.js';
import { isTopSeverity } from '../conversation/alert-view.js';
import { languageOf, platformUserId } from '../conversation/identity.js';
import { milestoneName, type Policy } from '../sla/index.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';
import type { NoticeView } from '../views.js';
import type { Announcement } from './announce.js';
import { announcementKey } from './announcement-work.js';
import { encodeCall } from '../delivery/codec.js';
import { ladderStep } from './escalation-ladder.js';
import type { TickCache } from './tick-cache.js';

/** Whether this announcement's direct message to the owner waits for their digest. */
export function heldForDigest(policy: Policy, item: Announcement): boolean {
  const { supportCase, milestone, level } = item;
  return (
    policy.reminderDigest !== null &&
    level.event === 'warning' &&
    milestone.kind !== 'customer-update' &&
    supportCase.assigneeId !== null &&
    !isTopSeverity(policy, supportCase.severity) &&
    ladderStep(policy, supportCase.severity, milestone, level).owner
  );
}

/** Windows are aligned on the clock (…:00, :30 for 30 minutes): the end of the one holding `at`. */
export function digestDueAt(at: Date, windowMs: number): Date {
  return new Date((Math.floor(at.getTime() / windowMs) + 1) * windowMs);
}

/** Holds the non-urgent warnings among `items` (inside the transaction recording their levels). */
export async function holdWarnings(
  digests: DigestRepository,
  policy: Policy,
  items: Announcement[],
  now: Date,
): Promise<void> {
  const window = policy.reminderDigest;
  if (!window) return;
  for (const item of items) {
    const personId = item.supportCase.assigneeId;
    if (!personId || !heldForDigest(policy, item)) continue;
    await digests.hold({
      personId,
      dueAt: digestDueAt(now, window.windowMs),
      key: announcementKey(item),
      payload: encodeCall(item),
    });
  }
}

/** One engineer's digest as written down (the work redone after a crash). */
export interface DigestWork {
  digest: true;
  personId: string;
  dueAt: Date;
  /** The smallest id of the held warnings it carries: one window may be sent in several parts. */
  firstEntryId: string;
  items: Announcement[];
}

export function isDigestWork(value: unknown): value is DigestWork {
  return typeof value === 'object' && value !== null && 'digest' in value;
}

/**
 * The digest's work key. A window read in two batches (an outage's backlog) becomes two digests,
 * so the key names the part too: each part's messages are journaled under their own keys.
 */
export function digestKey(work: Pick<DigestWork, 'personId' | 'dueAt' | 'firstEntryId'>): string {
  return `sla:digest:${work.personId}:${work.dueAt.getTime()}:${work.firstEntryId}`;
}

const instant = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** "SLA digest: 2 warnings. CASE-1002 (Checkout): first response at 50% of its target, due …; …" */
export function digestView(work: DigestWork, language: string = DEFAULT_LANGUAGE): NoticeView {
  const lines = work.items.map(({ supportCase, milestone, level }) =>
    t(language, 'alerts.digest.line', {
      reference: supportCase.reference,
      title: supportCase.title,
      milestone: milestoneName(milestone.kind, language),
      percent: Math.round(level.threshold * 100),
      due: instant(new Date(milestone.dueAt)),
    }),
  );
  return {
    kind: 'notice',
    tone: 'warning',
    language,
    text: t(language, 'alerts.digest.text', {
      count: work.items.length,
      lines: lines.join(t(language, 'alerts.digest.separator')),
    }),
  };
}

/**
 * The held warnings still worth saying when the window ends: the engineer still owns the case,
 * it is still open, and the target warned about is the same one, still running (not met,
 * breached — the breach went out at once — nor moved by a severity change or a restart).
 */
async function stillOwed(ctx: DeskContext, work: DigestWork): Promise<Announcement[]> {
  const kept: Announcement[] = [];
  for (const item of work.items) {
    const current = await ctx.store.cases.byId(item.supportCase.id);
    if (!current || current.assigneeId !== work.personId) continue;
    if (current.status === 'resolved' || current.status === 'closed') continue;
    const milestones = await ctx.store.milestones.forCase(current.id);
    const target = milestones.find((m) => m.id === item.milestone.id);
    if (!target || target.metAt || target.breachedAt) continue;
    if (target.dueAt.getTime() !== new Date(item.milestone.dueAt).getTime()) continue;
    kept.push(item);
  }
  return kept;
}

/** Sends the digest to the engineer, on the platform of the first case's alert. */
export async function sendDigest(
  ctx: DeskContext,
  cache: TickCache,
  held: DigestWork,
): Promise<void> {
  const items = await stillOwed(ctx, held);
  if (items.length === 0) return;
  const work = { ...held, items };
  const person = await cache.person(work.personId);
  const platform = work.items[0]?.supportCase.alertPlace?.platform ?? 'shell';
  const userId = person ? platformUserId(person, platform) : null;
  const port = ctx.ports[platform];
  if (!userId || !port) {
    ctx.logger.warn('no way to send an SLA digest', { personId: work.personId, platform });
    return;
  }
  await port.sendDirect(userId, digestView(work, person ? languageOf(person, null) : undefined));
}
