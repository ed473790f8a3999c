// Delivery ledger: one row per platform event taken for processing (see DeliveryLedger). The
// database settles every race: the primary key lets one replica insert the claim, and taking over
// a stale claim is one conditional update, so exactly one of several racing replicas wins it.
import type { DeliveryClaim, DeliveryLedger } from '../core/ports/storage.js';
import { sqltag } from '@prisma/client/runtime/client';
import type { RawSql } from './direct-sql.js';
import type { Db, PrismaContext } from './prisma-context.js';

/**
 * Inserts the claim; false when a row with that key exists already. Raw SQL on the hot path (every
 * Slack event): Prisma's query API costs about three times the CPU of a raw statement, and
 * ON CONFLICT answers a duplicate without an error (nor, on PostgreSQL, an aborted transaction).
 * Dates are bound as Date: both driver adapters store them as their own queries do.
 */
async function insertClaim(
  raw: RawSql,
  key: string,
  now: Date,
  payload: string | undefined,
): Promise<boolean> {
  const inserted = await raw.execute(sqltag`
    INSERT INTO "DeliveredEvent" ("key", "claimedAt", "payload", "replays")
    VALUES (${key}, ${now}, ${payload ?? null}, 0)
    ON CONFLICT ("key") DO NOTHING`);
  return inserted === 1;
}

/**
 * Someone holds the key: a duplicate when it was done or the claim is younger than the lease;
 * otherwise its processing crashed, and whoever moves claimedAt forward first takes it over.
 */
async function takeOverStale(
  db: Db,
  key: string,
  now: Date,
  leaseMs: number,
): Promise<DeliveryClaim | 'gone'> {
  const staleBefore = new Date(now.getTime() - leaseMs);
  // One conditional update: a racer that updates first moves claimedAt past staleBefore, so the
  // others' condition fails (PostgreSQL re-checks it on the row the winner committed).
  const taken = await db.deliveredEvent.updateMany({
    where: { key, doneAt: null, claimedAt: { lte: staleBefore } },
    data: { claimedAt: now },
  });
  if (taken.count === 1) return 'process';
  // Distinguish "held or done" from "pruned between our insert and this update".
  const row = await db.deliveredEvent.findUnique({ where: { key }, select: { key: true } });
  return row ? 'duplicate' : 'gone';
}

export function createPrismaDeliveryLedger(ctx: PrismaContext): DeliveryLedger {
  const { gate } = ctx;
  const db = () => ctx.db;
  return {
    claim: (key, now, leaseMs, payload) =>
      gate.run(async () => {
        // Two rounds at most: the row can vanish (prune) between a failed insert and the takeover.
        for (let round = 0; round < 2; round++) {
          if (await insertClaim(ctx.raw, key, now, payload)) return 'process';
          const outcome = await takeOverStale(db(), key, now, leaseMs);
          if (outcome !== 'gone') return outcome;
        }
        // Pruned twice under us: processing again is better than losing the event.
        return 'process';
      }),
    done: (key, now) =>
      gate.run(
        async () => {
          // One raw UPDATE (see insertClaim); a row pruned meanwhile (a day later) matches nothing.
          const done = sqltag`UPDATE "DeliveredEvent" SET "doneAt" = ${now} WHERE "key" = ${key}`;
          if (!ctx.sentMarks) await ctx.raw.execute(done);
          // The "sent" marks waiting (this event's answer, usually) ride in the same statement.
          else await ctx.sentMarks.carriedBy(done);
        },
        // On disk before the answer, as any write: a lost mark has the event redone, and not all
        // of a redo's answers go through the journal (a Discord interaction's reply does not), so
        // the window stays the one between the handler's end and this commit. The chaos run on
        // SQLite saw a claim's reply sent twice with the mark left to the next commit.
      ),
    renew: (key, claimedAt, now) =>
      gate.run(async () => {
        // The claim's own time is its identity: a takeover or a done row no longer matches.
        const renewed = await db().deliveredEvent.updateMany({
          where: { key, doneAt: null, claimedAt },
          data: { claimedAt: now },
        });
        return renewed.count === 1;
      }),
    takeStale: (now, leaseMs, limit, maxReplays) =>
      gate.run(async () => {
        const staleBefore = new Date(now.getTime() - leaseMs);
        const candidates = await db().deliveredEvent.findMany({
          where: {
            doneAt: null,
            claimedAt: { lte: staleBefore },
            payload: { not: null },
            replays: { lt: maxReplays },
          },
          orderBy: { claimedAt: 'asc' },
          take: limit,
        });
        const taken: { key: string; payload: string; replays: number }[] = [];
        for (const row of candidates) {
          const won = await db().deliveredEvent.updateMany({
            where: { key: row.key, doneAt: null, claimedAt: row.claimedAt },
            data: { claimedAt: now, replays: { increment: 1 } },
          });
          if (won.count === 1 && row.payload !== null)
            taken.push({ key: row.key, payload: row.payload, replays: row.replays + 1 });
        }
        return taken;
      }),
    backlog: (now) =>
      gate.run(async () => {
        const where = { doneAt: null, payload: { not: null } };
        const [undone, oldest] = await Promise.all([
          db().deliveredEvent.count({ where }),
          db().deliveredEvent.findFirst({
            where,
            orderBy: { claimedAt: 'asc' },
            select: { claimedAt: true },
          }),
        ]);
        return {
          undone,
          oldestMs: oldest ? Math.max(0, now.getTime() - oldest.claimedAt.getTime()) : 0,
        };
      }),
    prune: (olderThan) =>
      gate.run(
        async () =>
          (await db().deliveredEvent.deleteMany({ where: { claimedAt: { lt: olderThan } } })).count,
      ),
  };
}
