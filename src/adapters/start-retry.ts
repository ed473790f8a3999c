// The platform's start-up call (Slack's auth.test and Socket Mode connection, Discord's gateway
// lookup) retried while the platform is briefly unavailable: a replica started during a 429/5xx
// storm waits for it, for a bounded time, instead of exiting. A refused token is not retried: the
// caller's classifier says so and the error goes through unchanged.
import type { Logger } from '../core/ports/platform.js';
import { CasebotError } from '../core/errors.js';

export type StartFailure =
  | { retry: false }
  /** `retryAfterMs`: the platform said how long to wait (429 Retry-After); else back off. */
  | { retry: true; reason: string; retryAfterMs: number | null };

export interface StartRetryOptions {
  platform: 'Slack' | 'Discord';
  /** The call, as the log and the final message name it (`auth.test`). */
  call: string;
  /** How long to keep trying; 0: fail at the first failure. */
  budgetMs: number;
  /** The setting that changes the budget, named in the final message. */
  budgetSetting: string;
  logger: Logger;
  classify(error: unknown): StartFailure;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** The platform kept failing (429/5xx/network) for the whole start-up budget. */
export class PlatformUnavailableError extends CasebotError {
  constructor(message: string) {
    super('configuration', 'PLATFORM_UNAVAILABLE', message);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryStartCall<T>(
  run: () => Promise<T>,
  options: StartRetryOptions,
): Promise<T> {
  const { logger, platform, call } = options;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const failure = options.classify(error);
      if (!failure.retry) throw error;
      const delayMs =
        failure.retryAfterMs ?? Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const elapsedMs = Date.now() - started;
      if (elapsedMs + delayMs > options.budgetMs) {
        throw new PlatformUnavailableError(
          `${platform} kept failing ${call} at start-up (${attempt} ${attempt === 1 ? 'attempt' : 'attempts'} in ${Math.round(elapsedMs / 1000)} s, last: ${failure.reason}): ` +
            `check the network and the platform's status page, or wait longer with ${options.budgetSetting}`,
        );
      }
      logger.warn(`${platform.toLowerCase()} start-up call failed, will retry`, {
        call,
        attempt,
        reason: failure.reason,
        delayMs,
      });
      await sleep(delayMs);
    }
  }
}
