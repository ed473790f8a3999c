// Which failures of a Discord interaction or question a redo can fix (the work is answered either
// way and, for those, left undone for the delivery worker: core/delivery/failure-report.ts).
// Discord or the network not answering for now, or the work's messages being sent by a live
// process, may pass; a refusal, a malformed request or a bug would fail the same way again.
import { CasebotError } from '../../core/errors.js';
import { isTransientFailure } from '../../core/delivery/call-shapes.js';
import { DeliveryInProgressError } from '../../core/delivery/durable-chat-port.js';
import { connectionFailure } from './connection-failure.js';

/**
 * Whether doing the work again can succeed where this try failed: Discord's 5xx and 429 (marked
 * transient by the chat port, or with their status), a request cut or timed out, a message still
 * held by a live sender. A casebot refusal, a 4xx and anything else (a bug) cannot.
 */
export function canRedoFix(error: unknown): boolean {
  if (error instanceof CasebotError) return false;
  if (error instanceof DeliveryInProgressError) return true;
  if (isTransientFailure(error)) return true;
  return connectionFailure(error) !== null;
}
