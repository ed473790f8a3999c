// Warnings held for an engineer's digest (see DigestRepository). `due` reads the (sentAt, dueAt)
// index, so a tick's cost follows the digests due, not the warnings held; `markSent` is one
// conditional update, so of two replicas one sends a digest.
import type { DigestRepository } from '../core/ports/storage.js';
import type { PrismaContext } from './prisma-context.js';

export function createPrismaDigestRepository(ctx: PrismaContext): DigestRepository {
  const { gate } = ctx;
  const db = () => ctx.db;
  return {
    hold: (entry) =>
      gate.run(async () => {
        // An upsert, not an insert that may fail: a failed statement would end a PostgreSQL
        // transaction, and the level it is recorded with must commit.
        await db().slaDigestEntry.upsert({ where: { key: entry.key }, create: entry, update: {} });
      }),
    due: (now, limit) =>
      gate.run(() =>
        db().slaDigestEntry.findMany({
          where: { sentAt: null, dueAt: { lte: now } },
          orderBy: { dueAt: 'asc' },
          take: limit,
          select: { id: true, personId: true, dueAt: true, key: true, payload: true },
        }),
      ),
    markSent: (ids, at) =>
      gate.run(async () => {
        if (ids.length === 0) return 0;
        const { count } = await db().slaDigestEntry.updateMany({
          where: { id: { in: ids }, sentAt: null },
          data: { sentAt: at },
        });
        return count;
      }),
  };
}
