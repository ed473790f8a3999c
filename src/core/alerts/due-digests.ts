// The digests whose window ended: per engineer and window, the held warnings marked sent and the
// digest written down as work in one transaction, so that of two replicas one sends it and a
// crash before it went out leaves it for the delivery worker.
import type { DeskContext } from '../conversation/desk-context.js';
import type { HeldWarning } from '../cases/repositories.js';
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

async function recordDigest(
  ctx: DeskContext,
  entries: HeldWarning[],
  now: Date,
  physicalNow: () => Date,
): Promise<DigestWork | null> {
  const first = entries[0];
  if (!first) return null;
  const work: DigestWork = {
    digest: true,
    personId: first.personId,
    dueAt: first.dueAt,
    items: entries.map((entry) => decodeCall<Announcement>(entry.payload)),
  };
  try {
    const won = await ctx.store.transaction(async (tx) => {
      const sent = await tx.digests.markSent(
        entries.map((entry) => entry.id),
        now,
      );
      if (sent === 0) return false;
      await tx.deliveries.claim(digestKey(work), physicalNow(), 0, encodeCall(work));
      return true;
    });
    return won ? work : null;
  } catch (error) {
    ctx.logger.error('could not record an SLA digest', { error: String(error) });
    return null;
  }
}
