// CSAT ratings: one per resolution of a case. The unique key on (case, resolution) settles a
// double click, a platform's redelivery and two replicas alike: the second insert writes nothing.
import type { CaseRating } from '../core/model.js';
import type { RatingRepository } from '../core/ports/storage.js';
import type { PrismaContext } from './prisma-context.js';
import { isUniqueViolation } from './unique-violation.js';

function toRating(row: CaseRating): CaseRating {
  return {
    id: row.id,
    caseId: row.caseId,
    resolution: row.resolution,
    resolvedAt: row.resolvedAt,
    raterId: row.raterId,
    score: row.score,
    comment: row.comment,
    ratedAt: row.ratedAt,
    workKey: row.workKey,
  };
}

export function createPrismaRatingRepository(ctx: PrismaContext): RatingRepository {
  const { gate } = ctx;
  const db = () => ctx.db;
  const forResolution = (caseId: string, resolution: number) =>
    gate.run(async () => {
      const row = await db().caseRating.findUnique({
        where: { caseId_resolution: { caseId, resolution } },
      });
      return row ? toRating(row) : null;
    });
  return {
    async record(input) {
      try {
        const row = await gate.run(() => db().caseRating.create({ data: input }));
        return { recorded: true, rating: toRating(row) };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await forResolution(input.caseId, input.resolution);
        if (!existing) throw error;
        return { recorded: false, existing };
      }
    },
    forResolution,
    addComment: (id, comment) =>
      gate.run(async () => {
        // Conditional on no comment yet: two comment forms submitted at once keep the first.
        const { count } = await db().caseRating.updateMany({
          where: { id, comment: null },
          data: { comment },
        });
        if (count === 0) return null;
        const row = await db().caseRating.findUnique({ where: { id } });
        return row ? toRating(row) : null;
      }),
  };
}
