// Outbox: messages an adapter failed to deliver after its retries, kept for a later attempt.
import type { Platform } from '../core/model.js';
import type { OutboxItem, OutboxRepository } from '../core/cases/repositories.js';
import { toJson } from './mappers.js';
import type { PrismaContext } from './prisma-context.js';

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
            },
          }),
        ),
      ),
    due: (platform, now, limit) =>
      gate.run(async () =>
        (
          await db().outboxMessage.findMany({
            where: { platform, nextAttemptAt: { lte: now } },
            orderBy: [{ nextAttemptAt: 'asc' }, { createdAt: 'asc' }],
            take: limit,
          })
        ).map(toItem),
      ),
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
  };
}
