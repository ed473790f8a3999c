// Deflections: every question asked, the articles shown, and what came of it.
import type { DeflectionOutcome } from '../core/model.js';
import type { DeflectionReport, DeflectionRepository } from '../core/ports/storage.js';
import { randomUUID } from 'node:crypto';
import { toDeflection } from './mappers.js';
import { sqltag } from '@prisma/client/runtime/client';
import { jsonValue } from './raw-sql.js';
import type { PrismaContext } from './prisma-context.js';

const OUTCOMES: DeflectionOutcome[] = ['pending', 'solved', 'escalated', 'no-answer', 'abandoned'];

export function createPrismaDeflectionRepository(ctx: PrismaContext): DeflectionRepository {
  const { gate } = ctx;
  const db = () => ctx.db;
  return {
    record: (input) =>
      gate.run(async () => {
        // Every question writes one: a raw INSERT (raw-sql.ts), the row returned as written.
        const row = {
          id: randomUUID(),
          askedAt: input.askedAt,
          platform: input.platform,
          askerId: input.askerId,
          orgId: input.orgId,
          question: input.question,
          articleIds: [...input.articleIds],
          outcome: input.outcome ?? 'pending',
          outcomeAt: input.outcome ? input.askedAt : null,
          caseId: null,
          openedAt: null,
        };
        await ctx.raw.execute(sqltag`
          INSERT INTO "Deflection" ("id", "askedAt", "platform", "askerId", "orgId", "question",
            "articleIds", "outcome", "outcomeAt")
          VALUES (${row.id}, ${row.askedAt}, ${row.platform}, ${row.askerId}, ${row.orgId},
            ${row.question}, ${jsonValue(ctx, row.articleIds)}, ${row.outcome}, ${row.outcomeAt})`);
        return toDeflection(row);
      }),
    byId: (id) =>
      gate.run(async () => {
        const row = await db().deflection.findUnique({ where: { id } });
        return row ? toDeflection(row) : null;
      }),
    setOutcome: (id, outcome, at, caseId) =>
      gate.run(async () =>
        toDeflection(
          await db().deflection.update({
            where: { id },
            data: { outcome, outcomeAt: at, ...(caseId !== undefined ? { caseId } : {}) },
          }),
        ),
      ),
    abandonPending: ({ askedFrom, askedBefore }, at) =>
      gate.run(async () => {
        // Conditional on 'pending': a question solved or escalated meanwhile keeps its outcome.
        const { count } = await db().deflection.updateMany({
          where: {
            outcome: 'pending',
            askedAt: { lt: askedBefore, ...(askedFrom ? { gte: askedFrom } : {}) },
          },
          data: { outcome: 'abandoned', outcomeAt: at },
        });
        return count;
      }),
    recordOpened: (id, at) =>
      gate.run(async () => {
        const { count } = await db().deflection.updateMany({
          where: { id, openedAt: null },
          data: { openedAt: at },
        });
        return count === 1;
      }),
    report: (range = {}) =>
      gate.run(async () => {
        const groups = await db().deflection.groupBy({
          by: ['outcome'],
          where: {
            askedAt: {
              ...(range.from ? { gte: range.from } : {}),
              ...(range.to ? { lt: range.to } : {}),
            },
          },
          _count: { _all: true },
        });
        const byOutcome = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<
          DeflectionOutcome,
          number
        >;
        for (const group of groups) {
          if ((OUTCOMES as string[]).includes(group.outcome))
            byOutcome[group.outcome as DeflectionOutcome] = group._count._all;
        }
        const total = OUTCOMES.reduce((sum, outcome) => sum + byOutcome[outcome], 0);
        const decided = total - byOutcome.pending;
        const report: DeflectionReport = {
          from: range.from ?? null,
          to: range.to ?? null,
          total,
          byOutcome,
          deflectionRate: decided > 0 ? byOutcome.solved / decided : null,
        };
        return report;
      }),
  };
}
