// When a Slack request reached this process. Slack's 3 s for an answer count from there, and the
// intake may spend some of them before a listener runs (its ledger claim is written before the
// ack: dedupe.ts), so a listener with a deadline counts from this instant, not from its own start.
const RECEIVED_AT = 'casebotReceivedAt';

type BoltContext = Record<string, unknown>;

/** Notes the request's arrival on Bolt's context (shared by the middleware and the listeners). */
export function noteReceived(context: BoltContext, at = Date.now()): void {
  context[RECEIVED_AT] ??= at;
}

/** Milliseconds since the request arrived; 0 when its arrival was not noted. */
export function sinceReceived(context: BoltContext, now = Date.now()): number {
  const at = context[RECEIVED_AT];
  return typeof at === 'number' ? Math.max(0, now - at) : 0;
}
