// Gives a claimed case back to the team queue. The assignee or an admin may do it; recorded.
import type { SupportCase } from '../model.js';
import { CaseError } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
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
  if (!current.assigneeId)
    throw new CaseError('NOT_CLAIMED', `${current.reference} is not claimed by anyone.`);
  if (current.assigneeId !== actor.id && !isAdmin(actor)) {
    throw new CaseError(
      'NOT_YOUR_CASE',
      `Only the engineer who holds ${current.reference} (or an admin) can unclaim it.`,
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
      data: { previousAssigneeId: previous, reason: input.reason ?? null },
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
    `${current.reference} is ${severityName(deps.policy, current.severity)}: its owner stays on it until someone takes over. Name the next owner instead (reassign ${current.reference} to them).`,
  );
}

export function concurrentChange(reference: string): CaseError {
  return new CaseError(
    'CONCURRENT_CHANGE',
    `${reference} was changed by someone else just now: look again and retry.`,
  );
}
