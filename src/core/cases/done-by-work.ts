// A case change done again after a crash (the delivery worker redoes the platform request whose
// process died): when the first run committed the change, the redo must read it as done, not
// refuse it ("already resolved"), or the messages that should follow it are never sent. The
// change's event names the work that made it, so only that very request reads as done: another
// press of the same button, by the same person, is still told the truth.
import { currentWork, isRedo } from '../delivery/work-scope.js';
import type { CaseEvent, CaseEventKind, SupportCase } from '../model.js';
import { CaseError, said } from './case-error.js';
import type { Repositories } from '../ports/storage.js';

/** The running work, for the data of the event a change records (empty outside any work). */
export function madeBy(): { work?: string } {
  const work = currentWork();
  return work ? { work } : {};
}

/**
 * On a redo, the event of `kind` the running work recorded on the case (its first run made the
 * change); null otherwise, and always outside a redo (the case's history is not read then). A
 * change of the same kind made since (another severity, another claim) overtook it: the redo is
 * refused as a change made meanwhile, neither made again (undoing the later one) nor answered as
 * done (its messages would contradict the case as it is).
 */
export async function doneByThisWork(
  repos: Pick<Repositories, 'events'>,
  supportCase: Pick<SupportCase, 'id' | 'reference'>,
  kind: CaseEventKind,
): Promise<CaseEvent | null> {
  const work = currentWork();
  if (!isRedo() || work === null) return null;
  const history = await repos.events.forCase(supportCase.id);
  const mine = history.findLastIndex((event) => event.kind === kind && event.data.work === work);
  if (mine < 0) return null;
  if (history.slice(mine + 1).some((event) => event.kind === kind))
    throw new CaseError(
      'CONCURRENT_CHANGE',
      said('changedMeanwhile', { reference: supportCase.reference }),
    );
  return history[mine] ?? null;
}
