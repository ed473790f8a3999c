// Web API calls with Slack's retry rules, one call at a time: a 429 waits for its Retry-After and a
// 5xx or network error backs off, without pausing other calls. (WebClient's own retry pauses its
// whole queue on a 429, which would stall a views.open whose trigger expires in 3 s, so the client
// is built with retries off and rate-limited calls rejected, and the policy lives here.)
import type { Logger } from '../../core/ports/platform.js';

export interface ApiCaller {
  apiCall(method: string, options?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** WebClient's file upload (files.getUploadURLExternal, the bytes, files.completeUploadExternal). */
  filesUploadV2?(options: Record<string, unknown>): Promise<unknown>;
}

export interface SlackApiOptions {
  /** Attempts per call before the caller gives up (the message journal keeps the call). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

export type FailureKind = 'rate-limited' | 'transient' | 'permanent';

/** The request got no HTTP answer (connection cut, timeout), as opposed to a 5xx from Slack. */
function isUnanswered(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'slack_webapi_request_error';
}

export function classifyError(error: unknown): { kind: FailureKind; retryAfterMs: number | null } {
  const e = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
  };
  if (e?.code === 'slack_webapi_rate_limited_error')
    return { kind: 'rate-limited', retryAfterMs: (e.retryAfter ?? 1) * 1000 };
  if (e?.code === 'slack_webapi_http_error')
    return { kind: (e.statusCode ?? 0) >= 500 ? 'transient' : 'permanent', retryAfterMs: null };
  if (e?.code === 'slack_webapi_request_error') return { kind: 'transient', retryAfterMs: null };
  if (
    e?.code === 'slack_webapi_platform_error' &&
    TRANSIENT_PLATFORM_ERRORS.has(e.data?.error ?? '')
  ) {
    return { kind: 'transient', retryAfterMs: null };
  }
  return { kind: 'permanent', retryAfterMs: null };
}

export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly kind: FailureKind,
    readonly failure: unknown,
  ) {
    super(
      `Slack ${method} failed (${kind}): ${failure instanceof Error ? failure.message : String(failure)}`,
    );
    this.name = 'SlackApiError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackApi {
  /** Per method: no call before this instant (the last Retry-After), so a storm is not hammered. */
  private readonly notBefore = new Map<string, number>();
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly client: ApiCaller,
    private readonly logger: Logger,
    options: SlackApiOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
  }

  /**
   * Calls `method`, retrying 429/5xx/network errors; throws SlackApiError when it gives up.
   * `landed`: for a call that must not be made twice (a post), asked before each retry that
   * follows a 5xx, which may come after Slack did the work: what it finds is taken as the call's
   * answer. A 429 is retried without asking (Slack refused it); a call that got no answer at all
   * is not retried here (see below).
   */
  async call(
    method: string,
    args: Record<string, unknown>,
    attempts = this.maxAttempts,
    landed?: () => Promise<Record<string, unknown> | null>,
  ): Promise<Record<string, unknown>> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const wait = (this.notBefore.get(method) ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await this.client.apiCall(method, args);
      } catch (error) {
        lastError = error;
        const { kind, retryAfterMs } = classifyError(error);
        if (kind === 'permanent') throw new SlackApiError(method, kind, error);
        const delay =
          retryAfterMs ?? Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        if (retryAfterMs !== null)
          this.notBefore.set(
            method,
            Math.max(this.notBefore.get(method) ?? 0, Date.now() + retryAfterMs),
          );
        this.logger.warn('slack call failed, will retry', {
          method,
          kind,
          attempt,
          delayMs: delay,
        });
        if (attempt >= attempts) continue;
        await sleep(retryAfterMs === null ? delay : 0);
        if (kind === 'transient' && landed) {
          // No answer at all (a cut connection, a timeout): Slack may still be doing it, and a
          // lookup this soon can miss it. The message journal keeps the post and looks later.
          if (isUnanswered(error)) throw new SlackApiError(method, 'transient', error);
          const found = await this.lookUp(method, landed);
          if (found) return found;
        }
      }
    }
    throw new SlackApiError(method, classifyError(lastError).kind, lastError);
  }

  /**
   * The landed answer, or null when none was found (then the call is made again). Slack failing
   * to answer the lookup ends the call's tries with a transient error: the message journal keeps
   * the post and looks again before sending it (a delay, never a double). When Slack cannot tell
   * for good (no history scope, too much history), the call is made again.
   */
  private async lookUp(
    method: string,
    landed: () => Promise<Record<string, unknown> | null>,
  ): Promise<Record<string, unknown> | null> {
    try {
      const found = await landed();
      if (found)
        this.logger.info('slack call had landed before its error; not made again', { method });
      return found;
    } catch (error) {
      if (error instanceof SlackApiError && error.kind !== 'permanent')
        throw new SlackApiError(method, 'transient', error);
      this.logger.warn('slack cannot tell whether a failed call landed; making it again', {
        method,
        error: String(error),
      });
      return null;
    }
  }

  /**
   * Uploads a file and shares it (`channel_id`, `thread_ts`) with WebClient's files.uploadV2.
   * Only a rate-limited attempt is made again: Slack refused it, so nothing was shared, while a
   * 5xx or a cut connection may come after files.completeUploadExternal shared the file already.
   */
  async upload(options: Record<string, unknown>, attempts = this.maxAttempts): Promise<void> {
    const method = 'files.uploadV2';
    if (!this.client.filesUploadV2)
      throw new SlackApiError(method, 'permanent', 'this client cannot upload files');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.filesUploadV2(options);
        return;
      } catch (error) {
        const { kind, retryAfterMs } = classifyError(error);
        if (kind !== 'rate-limited' || attempt >= attempts)
          throw new SlackApiError(method, kind, error);
        this.logger.warn('slack upload rate-limited, will retry', { attempt, retryAfterMs });
        await sleep(retryAfterMs ?? this.baseDelayMs);
      }
    }
  }
}
