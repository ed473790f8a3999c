// Hands a case to another engineer. The assignee, an engineer of the case's team, or an admin
// may do it; the new assignee must pass the same checks as a claim (an admin may override,
// recorded in the audit log).
import type { SupportCase } from '../model.js';
import { CaseError, said, statusWord } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { doneByThisWork, madeBy } from './done-by-work.js';
import {
  enforceRefusals,
  isAdmin,
  isWorkInProgress,
  loadCase,
  loadPerson,
  refusalsFor,
  requireStaff,
} from './guards.js';
import { concurrentChange } from './unclaim-case.js';

export interface ReassignCaseInput {
  caseId: string;
  actorId: string;
  toPersonId: string;
  override?: boolean;
  reason?: string | null;
}

export async function reassignCase(deps: CaseDeps, input: ReassignCaseInput): Promise<SupportCase> {
  const { store, clock } = deps;
  const actor = await loadPerson(store, input.actorId);
  requireStaff(actor, 'reassign');
  const current = await loadCase(store, input.caseId);
  if (await doneByThisWork(store, current, 'reassigned')) return current;
  if (!isWorkInProgress(current)) {
    throw new CaseError(
      'CASE_NOT_OPEN',
      said('reopenFirst', { reference: current.reference, status: statusWord(current.status) }),
    );
  }
  const mayAct =
    isAdmin(actor) ||
    current.assigneeId === actor.id ||
    (current.teamId !== null && actor.teamId === current.teamId);
  if (!mayAct) {
    throw new CaseError(
      'NOT_ALLOWED',
      said('reassignNotAllowed', { reference: current.reference }),
    );
  }
  const target = await loadPerson(store, input.toPersonId);
  if (!target.roles.includes('engineer')) {
    throw new CaseError('NOT_AN_ENGINEER', said('notAnEngineer', { name: target.displayName }));
  }
  if (target.id === current.assigneeId) {
    throw new CaseError(
      'ALREADY_YOURS',
      said('alreadyHas', { name: target.displayName, reference: current.reference }),
    );
  }
  const overridden = enforceRefusals(
    await refusalsFor(store, target, current, target.id === actor.id, clock.now()),
    actor,
    input.override === true,
  );
  const at = clock.now();
  const previous = current.assigneeId;
  return store.transaction(async (tx) => {
    const status = current.status === 'open' ? 'claimed' : current.status;
    const updated = await tx.cases.changeAssignee(current.id, previous, {
      assigneeId: target.id,
      status,
      updatedAt: at,
    });
    if (!updated) throw concurrentChange(current.reference);
    await tx.events.append({
      caseId: current.id,
      kind: 'reassigned',
      actorId: actor.id,
      at,
      data: {
        fromAssigneeId: previous,
        toAssigneeId: target.id,
        reason: input.reason ?? null,
        ...(overridden.length > 0 ? { override: overridden } : {}),
        ...madeBy(),
      },
    });
    return updated;
  });
}
