// SLA milestones. `dueForCheck` reads the indexed nextCheckAt column; the mark* writes are
// conditional so that two bot replicas never both send the same warning or breach.
import type { MilestoneRepository } from '../core/ports/storage.js';
import { toMilestone } from './mappers.js';
import type { PrismaContext } from './prisma-context.js';

export function createPrismaMilestoneRepository(ctx: PrismaContext): MilestoneRepository {
  const { gate } = ctx;
  const db = () => ctx.db;

  return {
    create: (input) =>
      gate.run(async () =>
        toMilestone(
          await db().slaMilestone.create({
            data: {
              caseId: input.caseId,
              kind: input.kind,
              startedAt: input.startedAt,
              dueAt: input.dueAt,
              businessHours: input.businessHours,
              nextCheckAt: input.nextCheckAt,
            },
          }),
        ),
      ),
    start: (input) =>
      gate.run(() =>
        ctx.atomically(async (tx) => {
          const { caseId, kind } = input;
          const fresh = {
            startedAt: input.startedAt,
            dueAt: input.dueAt,
            businessHours: input.businessHours,
            nextCheckAt: input.nextCheckAt,
            metAt: null,
            breachedAt: null,
            warnedLevel: null,
            pausedAt: null,
          };
          const existing = await tx.slaMilestone.findUnique({
            where: { caseId_kind: { caseId, kind } },
          });
          if (!existing)
            return toMilestone(await tx.slaMilestone.create({ data: { caseId, kind, ...fresh } }));
          // Conditional on metAt: of two simultaneous starts only one restarts the clock.
          const { count } = await tx.slaMilestone.updateMany({
            where: { id: existing.id, metAt: { not: null } },
            data: fresh,
          });
          if (count !== 1) return null;
          return toMilestone(
            await tx.slaMilestone.findUniqueOrThrow({ where: { id: existing.id } }),
          );
        }),
      ),
    forCase: (caseId) =>
      gate.run(async () =>
        (await db().slaMilestone.findMany({ where: { caseId }, orderBy: { dueAt: 'asc' } })).map(
          toMilestone,
        ),
      ),
    forCases: (caseIds) =>
      gate.run(async () =>
        caseIds.length === 0
          ? []
          : (
              await db().slaMilestone.findMany({
                where: { caseId: { in: [...new Set(caseIds)] } },
                orderBy: { dueAt: 'asc' },
              })
            ).map(toMilestone),
      ),
    dueForCheck: (now, limit) =>
      gate.run(async () =>
        (
          await db().slaMilestone.findMany({
            where: { nextCheckAt: { lte: now } },
            orderBy: { nextCheckAt: 'asc' },
            take: limit,
          })
        ).map(toMilestone),
      ),
    markWarned: (id, previousLevel, level, nextCheckAt, expectedDueAt) =>
      gate.run(async () => {
        const { count } = await db().slaMilestone.updateMany({
          where: {
            id,
            warnedLevel: previousLevel,
            metAt: null,
            breachedAt: null,
            pausedAt: null,
            ...(expectedDueAt ? { dueAt: expectedDueAt } : {}),
          },
          data: { warnedLevel: level, nextCheckAt },
        });
        return count === 1;
      }),
    markBreached: (id, at, expectedDueAt, overrunCheckAt) =>
      gate.run(async () => {
        const { count } = await db().slaMilestone.updateMany({
          where: {
            id,
            breachedAt: null,
            metAt: null,
            pausedAt: null,
            ...(expectedDueAt ? { dueAt: expectedDueAt } : {}),
          },
          data: { breachedAt: at, nextCheckAt: overrunCheckAt ?? null },
        });
        return count === 1;
      }),
    markOverrun: (id, expectedCheckAt) =>
      gate.run(async () => {
        const { count } = await db().slaMilestone.updateMany({
          where: { id, breachedAt: { not: null }, metAt: null, nextCheckAt: expectedCheckAt },
          data: { nextCheckAt: null },
        });
        return count === 1;
      }),
    reschedule: (id, expectedDueAt, nextCheckAt) =>
      gate.run(async () => {
        const { count } = await db().slaMilestone.updateMany({
          where: { id, dueAt: expectedDueAt, metAt: null, breachedAt: null, pausedAt: null },
          data: { nextCheckAt },
        });
        return count === 1;
      }),
    markMet: (caseId, kind, at) =>
      gate.run(async () => {
        const pending = await db().slaMilestone.findFirst({ where: { caseId, kind, metAt: null } });
        if (!pending) return null;
        const { count } = await db().slaMilestone.updateMany({
          where: { id: pending.id, metAt: null },
          data: { metAt: at, nextCheckAt: null },
        });
        if (count !== 1) return null;
        return toMilestone(
          await db().slaMilestone.findUniqueOrThrow({ where: { id: pending.id } }),
        );
      }),
    retarget: (id, dueAt, businessHours, nextCheckAt) =>
      gate.run(async () => {
        // Conditional on still running: a reply or a breach recorded since the caller read the
        // milestone wins, and the row keeps its metAt/breachedAt and cleared check.
        const { count } = await db().slaMilestone.updateMany({
          where: { id, metAt: null, breachedAt: null },
          data: { dueAt, businessHours, nextCheckAt, warnedLevel: null },
        });
        if (count !== 1) return null;
        return toMilestone(await db().slaMilestone.findUniqueOrThrow({ where: { id } }));
      }),
    pause: (caseId, kinds, at) =>
      gate.run(() =>
        ctx.atomically(async (tx) => {
          const where = {
            caseId,
            kind: { in: [...kinds] },
            metAt: null,
            breachedAt: null,
            pausedAt: null,
            // One already past due is breached (recorded or not): it stays owed, not paused.
            dueAt: { gt: at },
          };
          const running = await tx.slaMilestone.findMany({ where, select: { id: true } });
          if (running.length === 0) return [];
          const ids = running.map((row) => row.id);
          // Conditional: a reply, a breach or another pause committed meanwhile keeps its row.
          await tx.slaMilestone.updateMany({
            where: { ...where, id: { in: ids } },
            data: { pausedAt: at, nextCheckAt: null },
          });
          return (await tx.slaMilestone.findMany({ where: { id: { in: ids }, pausedAt: at } })).map(
            toMilestone,
          );
        }),
      ),
    resume: (id, expectedPausedAt, clock) =>
      gate.run(async () => {
        const { count } = await db().slaMilestone.updateMany({
          where: { id, pausedAt: expectedPausedAt, metAt: null },
          data: {
            pausedAt: null,
            startedAt: clock.startedAt,
            dueAt: clock.dueAt,
            nextCheckAt: clock.nextCheckAt,
          },
        });
        if (count !== 1) return null;
        return toMilestone(await db().slaMilestone.findUniqueOrThrow({ where: { id } }));
      }),
    clearDoneCheck: (id) =>
      gate.run(async () => {
        await db().slaMilestone.updateMany({
          where: {
            id,
            OR: [
              { metAt: { not: null } },
              { breachedAt: { not: null } },
              { pausedAt: { not: null } },
            ],
          },
          data: { nextCheckAt: null },
        });
      }),
    stopChecks: (caseId) =>
      gate.run(async () => {
        await db().slaMilestone.updateMany({
          where: { caseId, metAt: null },
          data: { nextCheckAt: null },
        });
      }),
    removeIfRunning: (id) =>
      gate.run(async () => {
        const { count } = await db().slaMilestone.deleteMany({
          where: { id, metAt: null, breachedAt: null },
        });
        return count > 0;
      }),
  };
}
