// Claims a case for the acting engineer. Atomic: the store's conditional update lets exactly one
// of any number of simultaneous claims win; the others learn who holds the case. Capacity is
// checked twice: up front (for a clear refusal) and again inside the claim's own atomic step, so
// two simultaneous claims on different cases cannot both take the engineer's last free slot.
import type { Person, SupportCase } from '../model.js';
import { CaseError, said, statusWord } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { doneByThisWork, madeBy } from './done-by-work.js';
import {
  capacityRefusal,
  enforceRefusals,
  loadCase,
  loadPerson,
  refusalsFor,
  requireStaff,
} from './guards.js';
import type { Repositories } from '../ports/storage.js';

export interface ClaimCaseInput {
  caseId: string;
  actorId: string;
  /** Admins only: take the case despite capacity, availability or team (recorded). */
  override?: boolean;
}

export async function claimCase(deps: CaseDeps, input: ClaimCaseInput): Promise<SupportCase> {
  const { store, clock } = deps;
  const actor = await loadPerson(store, input.actorId);
  requireStaff(actor, 'claim');
  const current = await loadCase(store, input.caseId);
  // This press won it before its process died: the claim stands, what followed it is sent now.
  if (await doneByThisWork(store, current, 'claimed')) return current;
  if (current.assigneeId) await throwHeld(store, current, actor);
  // An unclaimed case waiting on the customer may be claimed: it keeps waiting, with an owner.
  if (current.status !== 'open' && current.status !== 'waiting-on-customer') {
    throw new CaseError(
      'CASE_NOT_OPEN',
      said('cannotClaim', { reference: current.reference, status: statusWord(current.status) }),
    );
  }
  const overridden = enforceRefusals(
    await refusalsFor(store, actor, current, true, clock.now()),
    actor,
    input.override === true,
  );
  const at = clock.now();
  const limits = overridden.includes('AT_CAPACITY') ? undefined : { maxOpen: actor.capacity };
  return store.transaction(async (tx) => {
    const result = await tx.cases.claim(current.id, actor.id, at, limits);
    if (!result.won && result.reason === 'at-capacity') {
      const refusal = capacityRefusal(actor, result.open, true);
      throw new CaseError(refusal.code, refusal.message, { refusals: [refusal.code] });
    }
    if (!result.won) {
      const latest = await loadCase(tx, current.id);
      await throwHeld(tx, latest, actor);
      throw new CaseError(
        'CASE_NOT_OPEN',
        said('cannotClaim', { reference: current.reference, status: statusWord(result.status) }),
      );
    }
    await tx.events.append({
      caseId: current.id,
      kind: 'claimed',
      actorId: actor.id,
      at,
      data: {
        ...(overridden.length > 0 ? { override: overridden } : {}),
        ...madeBy(),
      },
    });
    return result.case;
  });
}

async function throwHeld(
  repos: Pick<Repositories, 'directory'>,
  held: SupportCase,
  actor: Person,
): Promise<void> {
  if (!held.assigneeId) return;
  if (held.assigneeId === actor.id) {
    throw new CaseError('ALREADY_YOURS', said('alreadyYours', { reference: held.reference }), {
      assigneeId: actor.id,
    });
  }
  const holder = await repos.directory.personById(held.assigneeId);
  // A holder no longer in the directory is "another engineer" in the reader's language.
  const name = holder?.displayName ?? said('anotherEngineer');
  throw new CaseError(
    'CASE_ALREADY_CLAIMED',
    said('alreadyClaimed', { reference: held.reference, name }),
    {
      assigneeId: held.assigneeId,
      assigneeName: holder?.displayName ?? null,
    },
  );
}
