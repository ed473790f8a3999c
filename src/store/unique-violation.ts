/** Prisma's code for a unique constraint violation (same with both driver adapters). */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002'
  );
}

/** Prisma's code for "no record to update" (an `update` whose where matched nothing). */
export function isRecordNotFound(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2025'
  );
}
