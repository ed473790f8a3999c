// Discord's start-up call: the gateway lookup (GET /gateway/bot) that login makes first, checked
// on its own before login with retries. @discordjs/rest waits out a 429 itself but gives up on a
// 5xx or a network error after a few immediate retries, and a failed login leaves the client
// unable to close its gateway later: so the lookup is retried here, for
// DISCORD_START_RETRY_SECONDS, and login runs once Discord answers. A refused token is not retried.
import { Routes } from 'discord.js';
import type { Logger } from '../../core/ports/platform.js';
import { retryStartCall, type StartFailure } from '../start-retry.js';
import { connectionFailure } from './connection-failure.js';

export const DEFAULT_DISCORD_START_RETRY_MS = 120_000;

function networkReason(error: unknown): string | null {
  const cut = connectionFailure(error);
  if (cut) return cut;
  return error instanceof Error && error.message === 'fetch failed' ? error.message : null;
}

export function classifyDiscordStartFailure(error: unknown): StartFailure {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number')
    return status >= 500 || status === 429
      ? { retry: true, reason: `HTTP ${status}`, retryAfterMs: null }
      : { retry: false };
  const reason = networkReason(error);
  return reason ? { retry: true, reason, retryAfterMs: null } : { retry: false };
}

/** Resolves once Discord answers the gateway lookup; throws what login would have met. */
export async function waitForGateway(
  rest: { get(route: `/${string}`): Promise<unknown> },
  options: { budgetMs: number; logger: Logger },
): Promise<void> {
  await retryStartCall(() => rest.get(Routes.gatewayBot()), {
    platform: 'Discord',
    call: 'GET /gateway/bot',
    budgetMs: options.budgetMs,
    budgetSetting: 'DISCORD_START_RETRY_SECONDS',
    logger: options.logger,
    classify: classifyDiscordStartFailure,
  });
}
