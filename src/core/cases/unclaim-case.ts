// Gives a claimed case back to the team queue. The assignee or an admin may do it; recorded.
import type { SupportCase } from '../model.js';
import { CaseError, said } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { doneByThisWork, madeBy } from './done-by-work.js';
import { isAdmin, loadCase, loadPerson } from './guards.js';
import { severityName } from '../sla/index.js';

export interface UnclaimCaseInput {
  caseId: string;
  actorId: string;
  reason?: string | null;
}

export async function unclaimCase(deps: CaseDeps, input: UnclaimCaseInput): Promise<SupportCase> {
  const { store, clock } = deps;
  const actor = await loadPerson(store, input.actorId);
  const current = await loadCase(store, input.caseId);
  if (await doneByThisWork(store, current, 'unclaimed')) return current;
  if (!current.assigneeId)
    throw new CaseError('NOT_CLAIMED', said('notClaimed', { reference: current.reference }));
  if (current.assigneeId !== actor.id && !isAdmin(actor)) {
    throw new CaseError(
      'NOT_YOUR_CASE',
      said('unclaimNotAllowed', { reference: current.reference }),
    );
  }
  refuseUnlessHandedOver(deps, current);
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
      data: { previousAssigneeId: previous, reason: input.reason ?? null, ...madeBy() },
    });
    return updated;
  });
}

/**
 * With the policy's handover rule, a top-severity case is never left without an owner: it goes to
 * a named engineer (reassign), not back to the queue.
 */
function refuseUnlessHandedOver(deps: CaseDeps, current: SupportCase): void {
  const top = Math.min(...deps.policy.severities.map((level) => level.value));
  if (!deps.policy.criticalHandover || current.severity !== top) return;
  throw new CaseError(
    'HANDOVER_REQUIRED',
    said('handoverRequired', {
      reference: current.reference,
      level: severityName(deps.policy, current.severity),
    }),
  );
}

export function concurrentChange(reference: string): CaseError {
  return new CaseError('CONCURRENT_CHANGE', said('changedMeanwhile', { reference }));
}
