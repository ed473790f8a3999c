// The digests whose window ended: per engineer and window, the held warnings marked sent and the
// digest written down as work in one transaction, so that of two replicas one sends it and a
// crash before it went out leaves it for the delivery worker.
import type { DeskContext } from '../conversation/desk-context.js';
import type { HeldWarning } from '../ports/storage.js';
import { decodeCall, encodeCall } from '../delivery/codec.js';
import type { Announcement } from './announce.js';
import { digestKey, type DigestWork } from './reminder-digest.js';

export async function recordDueDigests(
  ctx: DeskContext,
  now: Date,
  batchSize: number,
  physicalNow: () => Date,
): Promise<DigestWork[]> {
  const works: DigestWork[] = [];
  const seen = new Set<string>();
  for (;;) {
    const due = (await ctx.store.digests.due(now, batchSize)).filter((e) => !seen.has(e.id));
    if (due.length === 0) break;
    const groups = new Map<string, HeldWarning[]>();
    for (const entry of due) {
      seen.add(entry.id);
      const group = `${entry.personId}|${entry.dueAt.getTime()}`;
      groups.set(group, [...(groups.get(group) ?? []), entry]);
    }
    for (const entries of groups.values()) {
      const work = await recordDigest(ctx, entries, now, physicalNow);
      if (work) works.push(work);
    }
  }
  return works;
}

/** Rolls a digest's transaction back: another replica took part of its warnings first. */
class DigestRaceLost extends Error {}

async function recordDigest(
  ctx: DeskContext,
  entries: HeldWarning[],
  now: Date,
  physicalNow: () => Date,
): Promise<DigestWork | null> {
  const first = entries[0];
  if (!first) return null;
  const ids = entries.map((entry) => entry.id).sort();
  const work: DigestWork = {
    digest: true,
    personId: first.personId,
    dueAt: first.dueAt,
    firstEntryId: ids[0] ?? first.id,
    items: entries.map((entry) => decodeCall<Announcement>(entry.payload)),
  };
  try {
    const won = await ctx.store.transaction(async (tx) => {
      const sent = await tx.digests.markSent(ids, now);
      if (sent === 0) return false;
      // Another replica took some of these meanwhile: give all back; the next tick reads afresh
      // what is left, so no warning is carried by two digests nor dropped from both.
      if (sent !== ids.length) throw new DigestRaceLost();
      const claim = await tx.deliveries.claim(digestKey(work), physicalNow(), 0, encodeCall(work));
      if (claim !== 'process') throw new DigestRaceLost();
      return true;
    });
    return won ? work : null;
  } catch (error) {
    if (error instanceof DigestRaceLost) return null;
    ctx.logger.error('could not record an SLA digest', { error: String(error) });
    return null;
  }
}
