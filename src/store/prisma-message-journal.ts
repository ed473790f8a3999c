// The message journal on Prisma (see core/ports/journal.ts). The database settles every race:
// the primary key lets one writer insert a key, and taking over a row whose lease ran out is one
// conditional update, so of several replicas exactly one sends a given message.
import type {
  JournalCall,
  JournalEntry,
  LandedMessage,
  MessageJournal,
} from '../core/ports/journal.js';
import { isMessageRef, keyOfRef, messageRef } from '../core/delivery/message-ref.js';
import type { Platform } from '../core/model.js';
import { sqltag } from '@prisma/client/runtime/client';
import type { RawSql } from './direct-sql.js';
import { sentLanding } from './landed-places.js';
import type { Db, PrismaContext } from './prisma-context.js';

/**
 * Writes the row unless the key exists (false then). Raw SQL: every message sent passes here, and
 * Prisma's query API costs about three times the CPU of a raw statement (dates bound as Date are
 * stored as Prisma's own queries store them, on both providers).
 */
async function insertRow(
  raw: RawSql,
  entry: { key: string; platform: Platform; call: JournalCall; request: string },
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const claimedUntil = new Date(now.getTime() + leaseMs);
  const inserted = await raw.execute(sqltag`
    INSERT INTO "OutboundMessage"
      ("key", "platform", "call", "request", "state", "claimedBy", "claimedUntil", "attempts", "createdAt")
    VALUES (${entry.key}, ${entry.platform}, ${entry.call}, ${entry.request}, 'pending', ${owner},
      ${claimedUntil}, 0, ${now})
    ON CONFLICT ("key") DO NOTHING`);
  return inserted === 1;
}

/** Moves a pending row whose lease ran out to `owner`; true for the one taker that won it. */
async function takeOver(
  db: Db,
  key: string,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const taken = await db.outboundMessage.updateMany({
    where: { key, state: 'pending', claimedUntil: { lte: now } },
    data: { claimedBy: owner, claimedUntil: new Date(now.getTime() + leaseMs) },
  });
  return taken.count === 1;
}

/**
 * The case places stored under a message's reference name its platform message from now on: an
 * alert answered by reference is found by the replies people write in its thread. Part of marking
 * the row sent, in its transaction.
 */
async function followLanded(db: Db, ref: string, landed: LandedMessage): Promise<void> {
  const { messageId, channelId } = landed;
  for (const side of ['alert', 'customer'] as const) {
    const [channel, thread, message] = [`${side}ChannelId`, `${side}ThreadId`, `${side}MessageId`];
    await db.case.updateMany({
      where: { [message]: ref },
      data: { [message]: messageId, [channel]: channelId },
    });
    await db.case.updateMany({ where: { [thread]: ref }, data: { [thread]: messageId } });
  }
}

/** The case fields that may hold a message's reference (see followLanded). */
const REF_FIELDS = [
  'alertMessageId',
  'alertThreadId',
  'customerMessageId',
  'customerThreadId',
] as const;

/**
 * The keys of the rows that case places still name by reference. Normally none: marking a row sent
 * moves them (followLanded), and a place saved later is moved as it is saved (landed-places.ts);
 * a place saved while its row was being marked sent (PostgreSQL, two transactions) misses both.
 */
async function keysNamedByPlaces(db: Db): Promise<string[]> {
  const prefix = messageRef('');
  const cases = await db.case.findMany({
    where: { OR: REF_FIELDS.map((field) => ({ [field]: { startsWith: prefix } })) },
    select: {
      alertMessageId: true,
      alertThreadId: true,
      customerMessageId: true,
      customerThreadId: true,
    },
  });
  const refs = cases.flatMap((row) => REF_FIELDS.map((field) => row[field])).filter(isMessageRef);
  return [...new Set(refs.map(keyOfRef))];
}

/** Moves the places naming the row `key` to its message when it is sent; false when it is not. */
async function movePlacesOf(ctx: PrismaContext, key: string): Promise<boolean> {
  const landed = await sentLanding(ctx.db, key);
  if (!landed) return false;
  await ctx.atomically((tx) => followLanded(tx, messageRef(key), landed));
  return true;
}

export function createPrismaMessageJournal(ctx: PrismaContext): MessageJournal {
  const { gate } = ctx;
  const db = () => ctx.db;
  /** A "sent" mark still waiting in this process is written before its row is read or changed. */
  const settle = async (key?: string) => {
    await ctx.sentMarks?.flush(key);
  };
  return {
    begin: (entry, owner, now, leaseMs) =>
      gate.run(async () => {
        await settle(entry.key);
        if (await insertRow(ctx.raw, entry, owner, now, leaseMs)) return { kind: 'send' };
        const taken = await takeOver(db(), entry.key, owner, now, leaseMs);
        const row = await db().outboundMessage.findUnique({ where: { key: entry.key } });
        if (taken && row) return { kind: 'resend', since: row.createdAt };
        if (row?.state === 'sent') return { kind: 'sent', result: row.result };
        if (row?.state === 'refused') return { kind: 'refused', error: row.lastError ?? '' };
        return { kind: 'busy' };
      }),
    sent: (key, owner, result, now, landed, options) => {
      if (landed)
        return gate.run(() =>
          ctx.atomically(async (tx) => {
            await tx.outboundMessage.updateMany({
              where: { key, state: 'pending' },
              data: { state: 'sent', result, sentAt: now, claimedBy: owner, claimedUntil: null },
            });
            await followLanded(tx, messageRef(key), landed);
          }),
        );
      if (options?.recoverable === true && ctx.sentMarks) {
        ctx.sentMarks.add({ key, owner, result, sentAt: now });
        return Promise.resolve();
      }
      return gate.run(
        async () => {
          // Whoever holds it: a slow sender whose lease was taken over still records the send.
          // One raw UPDATE (see insertRow); a row no longer pending is left as is.
          await ctx.raw.execute(sqltag`
            UPDATE "OutboundMessage"
            SET "state" = 'sent', "result" = ${result}, "sentAt" = ${now}, "claimedBy" = ${owner},
              "claimedUntil" = NULL
            WHERE "key" = ${key} AND "state" = 'pending'`);
        },
        // A mark lost in a crash is recovered as one never written: the row's next sender finds
        // the message on the platform. Where it cannot look, the mark is on disk before the answer.
        { commitLater: options?.recoverable === true },
      );
    },
    renew: (key, owner, now, leaseMs) =>
      gate.run(async () => {
        await settle(key);
        const renewed = await db().outboundMessage.updateMany({
          where: { key, state: 'pending', claimedBy: owner },
          data: { claimedUntil: new Date(now.getTime() + leaseMs) },
        });
        return renewed.count === 1;
      }),
    deferred: (key, owner, retryAt) =>
      gate.run(async () => {
        await settle(key);
        await db().outboundMessage.updateMany({
          where: { key, state: 'pending', claimedBy: owner },
          // Held by nobody while it waits: an update may amend it meanwhile (amend).
          data: { claimedBy: null, claimedUntil: retryAt },
        });
      }),
    outcome: (key) =>
      gate.run(async () => {
        await settle(key);
        const row = await db().outboundMessage.findUnique({
          where: { key },
          select: {
            state: true,
            result: true,
            claimedUntil: true,
            call: true,
            request: true,
            attempts: true,
          },
        });
        if (!row) return null;
        if (row.state === 'sent') return { state: 'sent', result: row.result };
        if (row.state === 'refused') return { state: 'refused' };
        const { request, attempts } = row;
        const call = row.call as JournalCall;
        return { state: 'pending', retryAt: row.claimedUntil, call, request, attempts };
      }),
    amend: (key, before, after) =>
      gate.run(async () => {
        await settle(key);
        const amended = await db().outboundMessage.updateMany({
          where: { key, state: 'pending', claimedBy: null, request: before },
          data: { request: after },
        });
        return amended.count === 1;
      }),
    hasNewerUpdate: (key, slot, createdAt) =>
      gate.run(async () => {
        const newer = await db().outboundMessage.findFirst({
          where: {
            call: 'update',
            key: { contains: `#${slot}#`, not: key },
            createdAt: { gt: createdAt },
          },
          select: { key: true },
        });
        return newer !== null;
      }),
    failed: (key, owner, error, retryAt) =>
      gate.run(async () => {
        await settle(key);
        await db().outboundMessage.updateMany({
          where: { key, state: 'pending', claimedBy: owner },
          // Held by nobody while it waits: an update may amend it meanwhile (amend).
          data: {
            attempts: { increment: 1 },
            lastError: error,
            claimedBy: null,
            claimedUntil: retryAt,
          },
        });
      }),
    refused: (key, owner, error) =>
      gate.run(async () => {
        await settle(key);
        await db().outboundMessage.updateMany({
          where: { key, state: 'pending' },
          data: { state: 'refused', lastError: error, claimedBy: owner, claimedUntil: null },
        });
      }),
    takeStale: (owner, now, leaseMs, limit) =>
      gate.run(async () => {
        await settle();
        const candidates = await db().outboundMessage.findMany({
          where: { state: 'pending', claimedUntil: { lte: now } },
          orderBy: [{ createdAt: 'asc' }, { key: 'asc' }],
          take: limit,
        });
        const taken: JournalEntry[] = [];
        for (const row of candidates) {
          if (!(await takeOver(db(), row.key, owner, now, leaseMs))) continue;
          // Read again once held: an update may have amended it since the candidates were read.
          const held = await db().outboundMessage.findUnique({
            where: { key: row.key },
            select: { request: true },
          });
          taken.push({
            key: row.key,
            platform: row.platform as Platform,
            call: row.call as JournalCall,
            request: held?.request ?? row.request,
            createdAt: row.createdAt,
            attempts: row.attempts,
          });
        }
        return taken;
      }),
    figures: (now) =>
      gate.run(async () => {
        await settle();
        const [pending, failing, refused, oldest] = await Promise.all([
          db().outboundMessage.count({ where: { state: 'pending' } }),
          db().outboundMessage.count({ where: { state: 'pending', attempts: { gt: 0 } } }),
          db().outboundMessage.count({ where: { state: 'refused' } }),
          db().outboundMessage.findFirst({
            where: { state: 'pending' },
            orderBy: { createdAt: 'asc' },
            select: { createdAt: true },
          }),
        ]);
        const oldestPendingMs = oldest
          ? Math.max(0, now.getTime() - oldest.createdAt.getTime())
          : 0;
        return { pending, failing, refused, oldestPendingMs };
      }),
    prune: (olderThan) =>
      gate.run(async () => {
        await settle();
        // A place still naming a row by reference resolves through the row: it is moved to the
        // sent message first, and a row it cannot be moved off (refused) is kept.
        const named: string[] = [];
        for (const key of await keysNamedByPlaces(db()))
          if (!(await movePlacesOf(ctx, key))) named.push(key);
        const gone = await db().outboundMessage.deleteMany({
          where: {
            state: { in: ['sent', 'refused'] },
            createdAt: { lt: olderThan },
            key: { notIn: named },
          },
        });
        return gone.count;
      }),
  };
}
