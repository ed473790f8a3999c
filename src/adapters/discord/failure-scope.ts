// Which failures of a Discord interaction or question a redo can fix (the work is answered either
// way and, for those, left undone for the delivery worker: core/delivery/failure-report.ts).
// Discord or the network not answering for now, or the work's messages being sent by a live
// process, may pass; a refusal, a malformed request or a bug would fail the same way again.
import { CasebotError } from '../../core/errors.js';
import { isTransientFailure } from '../../core/delivery/call-shapes.js';
import { DeliveryInProgressError } from '../../core/delivery/durable-chat-port.js';

/**
 * Connection-level failures of a request (no HTTP answer at all): the next try may get one. Named
 * one by one: undici's other codes (an invalid argument, a body over its size limit, a content
 * length that does not match) are the request's own fault and come back on every try.
 */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_ABORTED',
  // The client was closed under the request (its process stopping): another process can send it.
  'UND_ERR_DESTROYED',
]);

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
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  return isConnectionFailure(e.cause, depth + 1);
}
