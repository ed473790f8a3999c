// Scheduled callbacks. Every change is one conditional update (on the status the caller read),
// and the slot a call holds is the unique `slotKey` (owner + start), so two bookings of the same
// slot at once, on one replica or two, write exactly one row: the other meets the unique key and
// is told the slot was taken. Run outside transactions: on PostgreSQL a failed statement ends
// the transaction it is in.
import {
  LIVE_CALLBACK_STATUSES,
  SLOT_HOLDING_STATUSES,
  slotKeyOf,
  type Callback,
  type CallbackStatus,
} from '../core/callbacks/callback.js';
import { type CallbackRepository, type TransitionResult } from '../core/ports/callbacks.js';
import type { PrismaContext } from './prisma-context.js';
import { isUniqueViolation } from './unique-violation.js';

/** A Callback row as Prisma reads it (the status as stored text; extra columns ignored). */
type CallbackRow = Omit<Callback, 'status'> & { status: string };

function toCallback(row: CallbackRow): Callback {
  return {
    id: row.id,
    caseId: row.caseId,
    requesterId: row.requesterId,
    ownerId: row.ownerId,
    status: row.status as CallbackStatus,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    windows: row.windows,
    contact: row.contact,
    timeZone: row.timeZone,
    immediate: row.immediate,
    requestedAt: row.requestedAt,
    confirmedAt: row.confirmedAt,
    remindAt: row.remindAt,
    remindedAt: row.remindedAt,
    endedAt: row.endedAt,
    updatedAt: row.updatedAt,
  };
}

const taken: TransitionResult = { ok: false, reason: 'slot-taken' };

export function createPrismaCallbackRepository(ctx: PrismaContext): CallbackRepository {
  const { gate } = ctx;
  const db = () => ctx.db;
  const byId = (id: string) =>
    gate.run(async () => {
      const row = await db().callback.findUnique({ where: { id } });
      return row ? toCallback(row) : null;
    });
  return {
    async create(input) {
      const status = input.status ?? 'requested';
      const immediate = input.immediate ?? false;
      try {
        const row = await gate.run(() =>
          db().callback.create({
            data: {
              ...input,
              status,
              immediate,
              slotKey: slotKeyOf(status, input.ownerId, input.startsAt ?? null, immediate),
              updatedAt: input.requestedAt,
            },
          }),
        );
        return { ok: true, callback: toCallback(row) };
      } catch (error) {
        if (isUniqueViolation(error)) return taken;
        throw error;
      }
    },
    byId,
    liveForCase: (caseId) =>
      gate.run(async () => {
        const row = await db().callback.findFirst({
          where: { caseId, status: { in: [...LIVE_CALLBACK_STATUSES] } },
          orderBy: { requestedAt: 'desc' },
        });
        return row ? toCallback(row) : null;
      }),
    liveForCases: (caseIds) =>
      gate.run(async () => {
        if (caseIds.length === 0) return [];
        const rows = await db().callback.findMany({
          where: { caseId: { in: caseIds }, status: { in: [...LIVE_CALLBACK_STATUSES] } },
          orderBy: { requestedAt: 'desc' },
        });
        return rows.map(toCallback);
      }),
    ownerBookings: (ownerId, from, to) =>
      gate.run(async () => {
        const rows = await db().callback.findMany({
          where: {
            ownerId,
            status: { in: [...SLOT_HOLDING_STATUSES] },
            startsAt: { gte: from, lt: to },
          },
          orderBy: { startsAt: 'asc' },
        });
        return rows.map(toCallback);
      }),
    async transition(id, expected, patch) {
      const current = await byId(id);
      if (!current || !expected.statuses.includes(current.status))
        return { ok: false, reason: 'changed' };
      const next = { ...current, ...patch };
      const slotKey = slotKeyOf(next.status, next.ownerId, next.startsAt, next.immediate);
      try {
        const { count } = await gate.run(() =>
          db().callback.updateMany({
            where: {
              id,
              status: { in: [...expected.statuses] },
              // The slot key above was made from this read: a change meanwhile makes it miss.
              ownerId: current.ownerId,
              startsAt: expected.startsAt === undefined ? current.startsAt : expected.startsAt,
              ...(expected.remindAt === undefined ? {} : { remindAt: expected.remindAt }),
            },
            data: { ...patch, slotKey },
          }),
        );
        if (count === 0) return { ok: false, reason: 'changed' };
      } catch (error) {
        if (isUniqueViolation(error)) return taken;
        throw error;
      }
      const updated = await byId(id);
      return updated ? { ok: true, callback: updated } : { ok: false, reason: 'changed' };
    },
    dueReminders: (now, limit) =>
      gate.run(async () => {
        const rows = await db().callback.findMany({
          where: { remindAt: { lte: now }, status: 'confirmed' },
          orderBy: { remindAt: 'asc' },
          take: limit,
        });
        return rows.map(toCallback);
      }),
  };
}
