// Helpers for the few raw statements on a question's hot path (issue 15): Prisma's query API costs
// about three times the CPU of a raw statement. Raw SQL is written once for both providers; a
// JSON column is the one place their SQL differs (PostgreSQL's JSONB will not take a text value).
import { sqltag, type Sql } from '@prisma/client/runtime/client';
import type { PrismaContext } from './prisma-context.js';

/** A JSON column's value, bound as text (SQLite stores JSON as text; PostgreSQL casts it). */
export function jsonValue(ctx: Pick<PrismaContext, 'provider'>, value: unknown): Sql {
  const text = JSON.stringify(value ?? null);
  return ctx.provider === 'postgresql' ? sqltag`CAST(${text} AS JSONB)` : sqltag`${text}`;
}
