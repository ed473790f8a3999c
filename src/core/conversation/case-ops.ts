// The seam between the Desk and the case domain's use cases (src/core/cases): builds their deps
// from the Desk context and finds cases by id or human reference.
import { CaseError, type CaseDeps } from '../cases/index.js';
import type { SupportCase } from '../model.js';
import type { DeskContext } from './desk-context.js';

const DAY_MS = 86_400_000;

export function caseDeps(ctx: DeskContext): CaseDeps {
  return {
    store: ctx.store,
    policy: ctx.policy,
    clock: ctx.clock,
    reopenWindowDays: ctx.options.reopenWindowMs / DAY_MS,
  };
}

export async function findCase(ctx: DeskContext, idOrReference: string): Promise<SupportCase> {
  const cases = ctx.store.cases;
  const found =
    (await cases.byReference(idOrReference)) ?? (await cases.byId(idOrReference).catch(() => null));
  if (!found) throw new CaseError('CASE_NOT_FOUND', `There is no case ${idOrReference}.`);
  return found;
}
