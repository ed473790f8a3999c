// Gives a claimed case back to the team queue. The assignee or an admin may do it; recorded.
import type { SupportCase } from '../model.js';
import { CaseError } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { isAdmin, loadCase, loadPerson } from './guards.js';

export interface UnclaimCaseInput {
  caseId: string;
  actorId: string;
  reason?: string | null;
}

export async function unclaimCase(deps: CaseDeps, input: UnclaimCaseInput): Promise<SupportCase> {
  const { store, clock } = deps;
  const actor = await loadPerson(store, input.actorId);
  const current = await loadCase(store, input.caseId);
  if (!current.assigneeId)
    throw new CaseError('NOT_CLAIMED', `${current.reference} is not claimed by anyone.`);
  if (current.assigneeId !== actor.id && !isAdmin(actor)) {
    throw new CaseError(
      'NOT_YOUR_CASE',
      `Only the engineer who holds ${current.reference} (or an admin) can unclaim it.`,
    );
  }
  const at = clock.now();
  const previous = current.assigneeId;
  return store.transaction(async (tx) => {
    const status = current.status === 'claimed' ? 'open' : current.status;
    const updated = await tx.cases.changeAssignee(current.id, previous, {
      assigneeId: null,
      status,
      updatedAt: at,
    });
    if (!updated) throw concurrentChange(current.reference);
    await tx.events.append({
      caseId: current.id,
      kind: 'unclaimed',
      actorId: actor.id,
      at,
      data: { previousAssigneeId: previous, reason: input.reason ?? null },
    });
    return updated;
  });
}

export function concurrentChange(reference: string): CaseError {
  return new CaseError(
    'CONCURRENT_CHANGE',
    `${reference} was changed by someone else just now: look again and retry.`,
  );
}
