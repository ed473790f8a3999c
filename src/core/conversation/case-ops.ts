// The seam between the Desk and the case domain's use cases (src/core/cases): builds their deps
// from the Desk context and finds cases by id or human reference.
import { noSuchCase, type CaseDeps } from '../cases/index.js';
import type { Person, SupportCase } from '../model.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer } from './identity.js';

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
  if (!found) throw noSuchCase(idOrReference);
  return found;
}

/** Whether a person may know the case exists: staff see every case, customers their org's only. */
export function canSeeCase(person: Person, supportCase: SupportCase): boolean {
  return isEngineer(person) || (person.orgId !== null && person.orgId === supportCase.orgId);
}

/**
 * The case as `person` may see it. Another org's case is answered exactly like a missing one, so
 * that no refusal ("only the requester can close…") confirms that a case number exists.
 */
export async function findVisibleCase(
  ctx: DeskContext,
  person: Person,
  idOrReference: string,
): Promise<SupportCase> {
  const found = await findCase(ctx, idOrReference);
  if (!canSeeCase(person, found)) throw noSuchCase(idOrReference);
  return found;
}
