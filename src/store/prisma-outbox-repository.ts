// Outbox: messages an adapter failed to deliver after its retries, kept for a later attempt.
import type { Platform } from '../core/model.js';
import type {
  LandedPost,
  OutboxHolder,
  OutboxItem,
  OutboxRepository,
} from '../core/ports/storage.js';
import { toJson } from './mappers.js';
import type { Db, PrismaContext } from './prisma-context.js';

/** From here on a row is refused for good (the adapters park refusals in year 9999). */
const REFUSED_FROM = new Date(Date.UTC(9000, 0, 1));

function toItem(row: {
  id: string;
  platform: string;
  payload: unknown;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
}): OutboxItem {
  return { ...row, platform: row.platform as Platform };
}

const LANDED_PREFIX = 'landed:';

/**
 * Rows nobody holds (never held, or the holder's lease ran out) and that are not `owner`'s own:
 * those are in its memory already, possibly sent a moment ago and not yet removed.
 */
function freeFor(owner: string, now: Date) {
  return {
    AND: [
      { OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }] },
      { OR: [{ claimedBy: null }, { claimedBy: { not: owner } }] },
    ],
  };
}

/** Takes a row for `holder` unless a live holder got it meanwhile (one conditional update). */
async function take(db: Db, id: string, holder: OutboxHolder): Promise<boolean> {
  const now = new Date();
  const won = await db.outboxMessage.updateMany({
    where: { id, ...freeFor(holder.owner, now) },
    data: { claimedBy: holder.owner, claimedUntil: new Date(now.getTime() + holder.leaseMs) },
  });
  return won.count === 1;
}

export function createPrismaOutboxRepository(ctx: PrismaContext): OutboxRepository {
  const { gate } = ctx;
  const db = () => ctx.db;
  return {
    enqueue: (input) =>
      gate.run(async () =>
        toItem(
          await db().outboxMessage.create({
            data: {
              platform: input.platform,
              payload: toJson(input.payload),
              attempts: input.attempts ?? 0,
              nextAttemptAt: input.nextAttemptAt,
              lastError: input.lastError ?? null,
              ...(input.holder
                ? {
                    claimedBy: input.holder.owner,
                    claimedUntil: new Date(Date.now() + input.holder.leaseMs),
                  }
                : {}),
            },
          }),
        ),
      ),
    due: (platform, now, limit, holder) =>
      gate.run(async () => {
        const rows = await db().outboxMessage.findMany({
          where: {
            platform,
            nextAttemptAt: { lte: now },
            ...(holder ? freeFor(holder.owner, new Date()) : {}),
          },
          orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }],
          take: limit,
        });
        if (!holder) return rows.map(toItem);
        const taken = [];
        for (const row of rows) if (await take(db(), row.id, holder)) taken.push(toItem(row));
        return taken;
      }),
    // Kept with the delivery ledger's rows (done at once, pruned a day later like them): a
    // provisional id outlives its post by minutes at most.
    recordLanded: (provisionalId, landed, now) =>
      gate.run(async () => {
        const key = `${LANDED_PREFIX}${provisionalId}`;
        const payload = JSON.stringify(landed);
        await db().deliveredEvent.upsert({
          where: { key },
          create: { key, claimedAt: now, doneAt: now, payload },
          update: { doneAt: now, payload },
        });
      }),
    landedAs: (provisionalId) =>
      gate.run(async () => {
        const row = await db().deliveredEvent.findUnique({
          where: { key: `${LANDED_PREFIX}${provisionalId}` },
        });
        return row?.payload ? (JSON.parse(row.payload) as LandedPost) : null;
      }),
    renew: (holder, now) =>
      gate.run(async () => {
        const renewed = await db().outboxMessage.updateMany({
          where: { claimedBy: holder.owner },
          data: { claimedUntil: new Date(now.getTime() + holder.leaseMs) },
        });
        return renewed.count;
      }),
    recordFailure: (id, error, nextAttemptAt) =>
      gate.run(async () => {
        await db().outboxMessage.update({
          where: { id },
          data: { attempts: { increment: 1 }, lastError: error, nextAttemptAt },
        });
      }),
    remove: (id) =>
      gate.run(async () => {
        await db().outboxMessage.deleteMany({ where: { id } });
      }),
    count: (platform) =>
      gate.run(() => db().outboxMessage.count({ where: platform ? { platform } : {} })),
    backlog: (now) =>
      gate.run(async () => {
        // Refused rows wait until the adapters' far-future "never" instant.
        const live = { nextAttemptAt: { lt: REFUSED_FROM } };
        const [pending, refused, oldest] = await Promise.all([
          db().outboxMessage.count({ where: live }),
          db().outboxMessage.count({ where: { nextAttemptAt: { gte: REFUSED_FROM } } }),
          db().outboxMessage.findFirst({
            where: live,
            orderBy: { createdAt: 'asc' },
            select: { createdAt: true },
          }),
        ]);
        const oldestMs = oldest ? Math.max(0, now.getTime() - oldest.createdAt.getTime()) : 0;
        return { pending, oldestMs, refused };
      }),
  };
}
