// An interaction or a question whose handling failed is still answered (the person learns it went
// wrong, with a reference id), so its handler returns as if it had finished. Whether its ledger
// row is marked done then depends on the failure: one a later try can get past (Discord or the
// network did not answer for now, the work's messages are being sent by a live process) is
// reported through this scope and the row is left undone, so the delivery worker redoes it after
// its lease; a refusal or a bug would fail the same way again, so that work is done (Slack's
// listeners report theirs through dedupe.ts reportDeliveryFailure).
import { AsyncLocalStorage } from 'node:async_hooks';
import { CasebotError } from '../../core/errors.js';
import { isTransientFailure } from '../../core/delivery/call-shapes.js';
import { DeliveryInProgressError } from '../../core/delivery/durable-chat-port.js';

const scopes = new AsyncLocalStorage<{ failed: boolean }>();

/** The work running now failed in a way a redo can fix: it is not marked done. */
export function reportRedoableFailure(): void {
  const scope = scopes.getStore();
  if (scope) scope.failed = true;
}

/** Runs `work`; true when it reported a failure a redo can fix (it does not throw for that). */
export async function runReportingFailure(work: () => Promise<void>): Promise<boolean> {
  const scope = { failed: false };
  await scopes.run(scope, work);
  return scope.failed;
}

/** Connection-level failures of a request (no HTTP answer at all): the next try may get one. */
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/**
 * Whether doing the work again can succeed where this try failed: Discord's 5xx and 429 (marked
 * transient by the chat port, or with their status), a request cut or timed out, a message still
 * held by a live sender. A casebot refusal, a 4xx and anything else (a bug) cannot.
 */
export function canRedoFix(error: unknown): boolean {
  if (error instanceof CasebotError) return false;
  if (error instanceof DeliveryInProgressError) return true;
  if (isTransientFailure(error)) return true;
  return isConnectionFailure(error, 0);
}

function isConnectionFailure(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const e = error as { name?: unknown; code?: unknown; cause?: unknown };
  // discord.js aborts a request after its timeout (AbortError) and passes undici's errors on.
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code.startsWith('UND_ERR_')))
    return true;
  return isConnectionFailure(e.cause, depth + 1);
}
