// The audit log: insert and read only, by design (no update or delete is exposed).
import type { CaseEventLog } from '../core/ports/storage.js';
import { toCaseEvent, toJson } from './mappers.js';
import type { PrismaContext } from './prisma-context.js';

export function createPrismaEventLog(ctx: PrismaContext): CaseEventLog {
  const { gate } = ctx;
  return {
    append: (event) =>
      gate.run(async () =>
        toCaseEvent(
          await ctx.db.caseEvent.create({
            data: {
              caseId: event.caseId,
              kind: event.kind,
              actorId: event.actorId,
              at: event.at,
              data: toJson(event.data ?? {}),
            },
          }),
        ),
      ),
    appendMany: (events) =>
      gate.run(async () => {
        if (events.length === 0) return;
        await ctx.db.caseEvent.createMany({
          data: events.map((event) => ({
            caseId: event.caseId,
            kind: event.kind,
            actorId: event.actorId,
            at: event.at,
            data: toJson(event.data ?? {}),
          })),
        });
      }),
    forCase: (caseId) =>
      gate.run(async () =>
        (await ctx.db.caseEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map(
          toCaseEvent,
        ),
      ),
  };
}
