// Learned phrasings (core/knowledge-loop/learned-phrasing.ts): one row per article and folded
// wording, counted each time a different person teaches it; removal keeps the row, marked.
import {
  foldPhrasing,
  MAX_PHRASING_LENGTH,
  type LearnedPhrasing,
  type LearningSource,
} from '../core/knowledge-loop/learned-phrasing.js';
import { type LearnedPhrasingRepository } from '../core/ports/learned.js';
import type { PrismaContext } from './prisma-context.js';
import { isUniqueViolation } from './unique-violation.js';

interface Row {
  id: number;
  articleId: string;
  phrasing: string;
  question: string;
  lang: string;
  source: string;
  count: number;
  lastTeacherId: string | null;
  learnedAt: Date;
  lastAt: Date;
  removedAt: Date | null;
  removedBy: string | null;
}

function toLearnedPhrasing(row: Row): LearnedPhrasing {
  return { ...row, source: row.source as LearningSource };
}

export function createPrismaLearnedPhrasings(ctx: PrismaContext): LearnedPhrasingRepository {
  const { gate } = ctx;
  const db = () => ctx.db;
  const learnOnce: LearnedPhrasingRepository['learn'] = async (input) => {
    const phrasing = foldPhrasing(input.question);
    const where = { articleId_phrasing: { articleId: input.articleId, phrasing } };
    const existing = await db().learnedPhrasing.findUnique({ where });
    if (!existing) {
      const row = await db().learnedPhrasing.create({
        data: {
          articleId: input.articleId,
          phrasing,
          question: input.question.trim().slice(0, MAX_PHRASING_LENGTH),
          lang: input.lang,
          source: input.source,
          lastTeacherId: input.teacherId,
          learnedAt: input.at,
          lastAt: input.at,
        },
      });
      return { phrasing: toLearnedPhrasing(row), change: 'added' };
    }
    if (existing.removedAt) return { phrasing: toLearnedPhrasing(existing), change: 'removed' };
    if (input.teacherId !== null && existing.lastTeacherId === input.teacherId)
      return { phrasing: toLearnedPhrasing(existing), change: 'repeated' };
    // Conditional on the row still being active: a removal meanwhile wins.
    const { count } = await db().learnedPhrasing.updateMany({
      where: { id: existing.id, removedAt: null },
      data: { count: { increment: 1 }, lastTeacherId: input.teacherId, lastAt: input.at },
    });
    const row = await db().learnedPhrasing.findUniqueOrThrow({ where: { id: existing.id } });
    return { phrasing: toLearnedPhrasing(row), change: count === 1 ? 'counted' : 'removed' };
  };
  return {
    learn: (input) =>
      gate.run(async () => {
        try {
          return await learnOnce(input);
        } catch (error) {
          // Two people teaching the same new wording at once: the loser counts on the winner's row.
          if (!isUniqueViolation(error)) throw error;
          return learnOnce(input);
        }
      }),
    list: (filter = {}) =>
      gate.run(async () =>
        (
          await db().learnedPhrasing.findMany({
            where: {
              ...(filter.articleId ? { articleId: filter.articleId } : {}),
              ...(filter.includeRemoved ? {} : { removedAt: null }),
            },
            orderBy: { id: 'asc' },
          })
        ).map(toLearnedPhrasing),
      ),
    remove: (id, by, at) =>
      gate.run(async () => {
        await db().learnedPhrasing.updateMany({
          where: { id, removedAt: null },
          data: { removedAt: at, removedBy: by },
        });
        const row = await db().learnedPhrasing.findUnique({ where: { id } });
        return row ? toLearnedPhrasing(row) : null;
      }),
  };
}
