// Work whose handling failed is still answered (the person learns it went wrong, with a reference
// id), so its handler returns as if it had finished. Whether its delivery ledger row is marked
// done then depends on the failure, reported through this scope: one a later try can get past
// leaves the row undone, and the delivery worker (or the platform's redelivery) does the work
// again after its lease; one that would fail the same way again lets the work be done. Each
// intake says which failures a redo can fix (Slack: every one; Discord: failure-scope.ts).
import { contextSlot } from './context-slot.js';
import { isRedo, metLiveSender } from './work-scope.js';

/** Whether doing the work again can get past `error`. */
type RedoPredicate = (error: unknown) => boolean;

interface Scope {
  failed: boolean;
  canRedo: RedoPredicate;
}

const scopes = contextSlot<Scope>('failure report');

/**
 * A handler caught `error` and answered it: when the running work's intake says a redo can get
 * past it, the work is not marked done. True when so reported (false outside any such work:
 * nothing would redo it).
 */
export function reportFailure(error: unknown): boolean {
  const scope = scopes.get();
  if (!scope || !scope.canRedo(error)) return false;
  scope.failed = true;
  return true;
}

/**
 * The running work is left for a redo whatever failed (a redo that met its first run still going
 * leaves the work to it, and it is looked at again after its lease).
 */
export function reportLeftForRedo(): void {
  const scope = scopes.get();
  if (scope) scope.failed = true;
}

/**
 * True when the running work is a redo that met its first run still going (one of its messages
 * held by a live sender: that process was slow, not dead): the redo leaves the answer to it, and
 * the work, left undone, is looked at again after its lease.
 */
export function leaveToFirstRun(): boolean {
  if (!isRedo() || !metLiveSender()) return false;
  reportLeftForRedo();
  return true;
}

/** Runs `work`; true when it reported a failure a redo can fix (`canRedo` judges which). */
export async function runReportingFailure(
  work: () => Promise<void>,
  canRedo: RedoPredicate,
): Promise<boolean> {
  const scope: Scope = { failed: false, canRedo };
  await scopes.run(scope, work);
  return scope.failed;
}
