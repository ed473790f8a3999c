// Slack's start-up calls: auth.test (Bolt's app.init) and, in Socket Mode, apps.connections.open
// (app.start). 429 (its Retry-After), 5xx and network errors are retried for SLACK_START_RETRY_SECONDS;
// a refused token stops the start at once, in one line that says which token and how to fix it.
import type { Logger } from '../../core/ports/platform.js';
import { retryStartCall, type StartFailure } from '../start-retry.js';
import { classifyError } from './slack-api.js';
import { CasebotError } from '../../core/errors.js';

export const DEFAULT_START_RETRY_MS = 120_000;

/** Slack's answers for a token that will not work however long we wait. */
const REFUSED_TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/** A token Slack refused at start: a setting to fix (exit 2, like the other config mistakes). */
export class SlackTokenRefusedError extends CasebotError {
  constructor(message: string) {
    super('configuration', 'SLACK_CONFIG_INVALID', message);
  }
}

function platformError(error: unknown): string | null {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  return e?.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string'
    ? e.data.error
    : null;
}

function describe(error: unknown): string {
  const e = error as { statusCode?: number; code?: string } | null;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'HTTP 429 rate limited';
  if (typeof e?.statusCode === 'number') return `HTTP ${e.statusCode}`;
  return platformError(error) ?? (error instanceof Error ? error.message : String(error));
}

export function classifyStartFailure(error: unknown): StartFailure {
  const { kind, retryAfterMs } = classifyError(error);
  if (kind === 'permanent') return { retry: false };
  return { retry: true, reason: describe(error), retryAfterMs };
}

const TOKEN_FIX = {
  bot: 'SLACK_BOT_TOKEN: copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions (reinstall the app if it was removed)',
  app: 'SLACK_APP_TOKEN: generate an app-level token (xapp-…) with connections:write under Basic Information → App-Level Tokens',
} as const;

/** A refused token becomes a one-line fix; any other error is passed on as is. */
export function explainStartFailure(error: unknown, token: keyof typeof TOKEN_FIX): unknown {
  const code = platformError(error);
  if (code === null || !REFUSED_TOKEN_ERRORS.has(code)) return error;
  return new SlackTokenRefusedError(
    `Slack refused ${TOKEN_FIX[token].replace(':', ` (${code}):`)}`,
  );
}

export async function runStartCall<T>(
  call: string,
  token: keyof typeof TOKEN_FIX,
  run: () => Promise<T>,
  options: { budgetMs: number; logger: Logger },
): Promise<T> {
  try {
    return await retryStartCall(run, {
      platform: 'Slack',
      call,
      budgetMs: options.budgetMs,
      budgetSetting: 'SLACK_START_RETRY_SECONDS',
      logger: options.logger,
      classify: classifyStartFailure,
    });
  } catch (error) {
    throw explainStartFailure(error, token);
  }
}
