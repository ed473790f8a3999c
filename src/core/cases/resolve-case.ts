// Marks a case resolved. A resolution answers the customer, so every target the case still owes is
// met now (met late when past due: a case resolved without a reply no longer keeps a first-response
// target that breaches later), and the SLA loop stops checking the case. A case waiting on the
// customer stops waiting; its paused targets resume first, so they are judged against their due
// instants moved on by the pause.
import type { SupportCase } from '../model.js';
import { CaseError, said, statusWord } from './case-error.js';
import { resumePaused } from './customer-wait.js';
import type { CaseDeps } from './case-deps.js';
import { doneByThisWork, madeBy } from './done-by-work.js';
import { loadCase, loadPerson, requireCaseTeam, requireStaff } from './guards.js';
import { isOpenCase } from './milestone-schedule.js';
import { meetOnResolution, metEvent } from './response-milestones.js';

export interface ResolveCaseInput {
  caseId: string;
  actorId: string;
  note?: string | null;
}

export async function resolveCase(deps: CaseDeps, input: ResolveCaseInput): Promise<SupportCase> {
  const { store, clock, policy } = deps;
  const actor = await loadPerson(store, input.actorId);
  requireStaff(actor, 'resolve');
  const current = await loadCase(store, input.caseId);
  if (await doneByThisWork(store, current, 'resolved')) return current;
  if (!isOpenCase(current))
    throw new CaseError(
      'CASE_NOT_OPEN',
      said('alreadyFinished', { reference: current.reference, status: statusWord(current.status) }),
    );
  requireCaseTeam(actor, current);
  const at = clock.now();
  const org = await store.directory.orgById(current.orgId);
  return store.transaction(async (tx) => {
    const updated = await tx.cases.update(current.id, {
      status: 'resolved',
      resolvedAt: at,
      waitingSince: null,
      followUpAt: null,
      remindedAt: null,
      updatedAt: at,
    });
    if (org) await resumePaused(tx, policy, org, current.id, at);
    const met = await meetOnResolution(tx, current.id, at);
    await tx.milestones.stopChecks(current.id);
    await tx.events.append({
      caseId: current.id,
      kind: 'resolved',
      actorId: actor.id,
      at,
      data: { note: input.note ?? null, ...madeBy() },
    });
    await tx.events.appendMany(met.map((milestone) => metEvent(milestone, actor.id, at)));
    return updated;
  });
}
