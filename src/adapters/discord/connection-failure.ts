// Connection-level failures of a request to Discord (no HTTP answer at all): the next try may get
// one. One list for the start-up call and for the redo of failed work. Named one by one: undici's
// other codes (an invalid argument, a body over its size limit, a content length that does not
// match) are the request's own fault and come back on every try.
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
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

/** What cut the request (its code, or "timed out"), looking through its causes; null: not that. */
export function connectionFailure(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 3) return null;
  const e = error as { name?: unknown; code?: unknown; cause?: unknown };
  // discord.js aborts a request after its timeout (AbortError) and passes undici's errors on.
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return 'timed out';
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return e.code;
  return connectionFailure(e.cause, depth + 1);
}
