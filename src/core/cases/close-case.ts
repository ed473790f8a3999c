// Closes a case for good (resolved or not): the requester, an engineer or an admin may do it.
import type { SupportCase } from '../model.js';
import { CaseError, said } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { doneByThisWork, madeBy } from './done-by-work.js';
import { isStaff, loadCase, loadPerson } from './guards.js';

export interface CloseCaseInput {
  caseId: string;
  actorId: string;
  reason?: string | null;
}

export async function closeCase(deps: CaseDeps, input: CloseCaseInput): Promise<SupportCase> {
  const { store, clock } = deps;
  const actor = await loadPerson(store, input.actorId);
  const current = await loadCase(store, input.caseId);
  if (await doneByThisWork(store, current, 'closed')) return current;
  if (!isStaff(actor) && actor.id !== current.requesterId) {
    throw new CaseError('NOT_ALLOWED', said('closeNotAllowed', { reference: current.reference }));
  }
  if (current.status === 'closed')
    throw new CaseError('CASE_NOT_OPEN', said('alreadyClosed', { reference: current.reference }));
  const at = clock.now();
  return store.transaction(async (tx) => {
    const updated = await tx.cases.update(current.id, {
      status: 'closed',
      closedAt: at,
      // A wait on the customer ends with the case: no reminder or automatic close follows.
      followUpAt: null,
      updatedAt: at,
    });
    await tx.milestones.stopChecks(current.id);
    await tx.events.append({
      caseId: current.id,
      kind: 'closed',
      actorId: actor.id,
      at,
      data: { reason: input.reason ?? null, ...madeBy() },
    });
    return updated;
  });
}
