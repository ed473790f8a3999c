// Slack settings, parsed from SLACK_* variables (plus PORT) by parseSlackEnv. The transport follows
// from the tokens: an app-level token means Socket Mode (no public URL); a signing secret without
// one means HTTP mode behind a load balancer. Every error says which variable to set and how.

export type SlackTransport =
  | { mode: 'socket'; appToken: string }
  | { mode: 'http'; signingSecret: string; port: number; path: string };

export interface SlackConfig {
  botToken: string;
  transport: SlackTransport;
  /** Web API base URL with a trailing slash (GovSlack, tests). */
  apiUrl: string;
  /** Channels where every top-level message is a question (from setup). */
  supportChannelIds: string[];
  /** Known in advance (tests) to skip `auth.test` at start. */
  botId?: string;
  botUserId?: string;
  /** How long a start-up call failing with 429/5xx/network errors is retried (default 2 min). */
  startRetryMs?: number;
  /** Tests: answer HTTP requests only after the listeners ran, so assertions are deterministic. */
  processBeforeResponse?: boolean;
  /** Events handled at once, waiting, gathered (SLACK_INTAKE_CONCURRENCY, _QUEUE, _GATHER_MS). */
  intake?: IntakeLimits;
}

import type { IntakeLimits } from './intake-limiter.js';
import { CasebotError } from '../../core/errors.js';

export class SlackConfigError extends CasebotError {
  constructor(readonly problems: string[]) {
    super(
      'configuration',
      'SLACK_CONFIG_INVALID',
      `Slack is not configured correctly:\n- ${problems.join('\n- ')}`,
    );
  }
}

export const SLACK_EVENTS_PATH = '/slack/events';
const DEFAULT_API_URL = 'https://slack.com/api/';
const DEFAULT_PORT = 3000;

type Env = Record<string, string | undefined>;

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkPrefix(
  problems: string[],
  name: string,
  value: string | undefined,
  prefix: string,
  where: string,
): void {
  if (value !== undefined && !value.startsWith(prefix)) {
    problems.push(`${name} must start with "${prefix}" (${where}); the value set does not.`);
  }
}

function parseApiUrl(problems: string[], raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_API_URL;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    return url.href.endsWith('/') ? url.href : `${url.href}/`;
  } catch {
    problems.push(
      `SLACK_API_URL must be an absolute http(s) URL such as https://slack-gov.com/api/ (got "${raw}").`,
    );
    return DEFAULT_API_URL;
  }
}

function parsePort(problems: string[], raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`SLACK_PORT (or PORT) must be a TCP port number such as 3000 (got "${raw}").`);
    return DEFAULT_PORT;
  }
  return port;
}

function parseStartRetry(problems: string[], raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    problems.push(
      `SLACK_START_RETRY_SECONDS must be a number of seconds such as 120 (0: do not retry; got "${raw}").`,
    );
    return undefined;
  }
  return seconds * 1000;
}

function parseCount(
  problems: string[],
  name: string,
  raw: string | undefined,
  min: number,
  example: string,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    problems.push(
      `${name} must be a whole number of at least ${min} such as ${example} (got "${raw}").`,
    );
    return undefined;
  }
  return value;
}

function parseChannelList(problems: string[], raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const ids = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!/^[CGD][A-Z0-9]+$/.test(id)) {
      problems.push(
        `SLACK_SUPPORT_CHANNELS must list channel ids such as C0123ABCD (got "${id}"); copy them from the channel's "About" tab.`,
      );
    }
  }
  return ids;
}

/**
 * Parses SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, SLACK_PORT (or PORT),
 * SLACK_MODE, SLACK_START_RETRY_SECONDS, SLACK_INTAKE_CONCURRENCY, SLACK_INTAKE_QUEUE,
 * SLACK_INTAKE_GATHER_MS and the optional SLACK_SUPPORT_CHANNELS (merged with `supportChannelIds`
 * from setup). Throws a SlackConfigError listing every problem with its fix.
 */
export function parseSlackEnv(
  env: Env,
  options: { supportChannelIds?: string[] } = {},
): SlackConfig {
  const problems: string[] = [];
  const botToken = clean(env.SLACK_BOT_TOKEN);
  const appToken = clean(env.SLACK_APP_TOKEN);
  const signingSecret = clean(env.SLACK_SIGNING_SECRET);
  const mode = clean(env.SLACK_MODE);

  if (botToken === undefined) {
    problems.push(
      'SLACK_BOT_TOKEN is missing: install the app (see docs/slack.md) and copy "Bot User OAuth Token" (xoxb-…) from OAuth & Permissions.',
    );
  }
  checkPrefix(
    problems,
    'SLACK_BOT_TOKEN',
    botToken,
    'xoxb-',
    'the Bot User OAuth Token, not a user or app token',
  );
  checkPrefix(
    problems,
    'SLACK_APP_TOKEN',
    appToken,
    'xapp-',
    'an app-level token with the connections:write scope',
  );
  if (mode !== undefined && mode !== 'socket' && mode !== 'http') {
    problems.push(
      `SLACK_MODE must be "socket" or "http" (got "${mode}"), or unset it to choose from the tokens.`,
    );
  }
  if (appToken === undefined && signingSecret === undefined) {
    problems.push(
      'Set SLACK_APP_TOKEN (xapp-…, Socket Mode: Basic Information → App-Level Tokens) or SLACK_SIGNING_SECRET (HTTP mode: Basic Information → Signing Secret).',
    );
  }
  if (mode === 'http' && signingSecret === undefined) {
    problems.push(
      'SLACK_MODE=http needs SLACK_SIGNING_SECRET (Basic Information → App Credentials → Signing Secret).',
    );
  }
  if (mode === 'socket' && appToken === undefined) {
    problems.push(
      'SLACK_MODE=socket needs SLACK_APP_TOKEN (xapp-…, with the connections:write scope).',
    );
  }
  const apiUrl = parseApiUrl(problems, clean(env.SLACK_API_URL));
  // SLACK_PORT first: the app passes only SLACK_* variables through (config/env.ts).
  const port = parsePort(problems, clean(env.SLACK_PORT) ?? clean(env.PORT));
  const channels = parseChannelList(problems, clean(env.SLACK_SUPPORT_CHANNELS));
  const startRetryMs = parseStartRetry(problems, clean(env.SLACK_START_RETRY_SECONDS));
  const concurrency = parseCount(
    problems,
    'SLACK_INTAKE_CONCURRENCY',
    clean(env.SLACK_INTAKE_CONCURRENCY),
    1,
    '16',
  );
  const queue = parseCount(
    problems,
    'SLACK_INTAKE_QUEUE',
    clean(env.SLACK_INTAKE_QUEUE),
    0,
    '2000',
  );
  const gatherMs = parseCount(
    problems,
    'SLACK_INTAKE_GATHER_MS',
    clean(env.SLACK_INTAKE_GATHER_MS),
    0,
    '40',
  );
  if (problems.length > 0 || botToken === undefined) throw new SlackConfigError(problems);

  // Both tokens set: Socket Mode wins unless SLACK_MODE=http says otherwise.
  const useHttp = mode === 'http' || appToken === undefined;
  const transport: SlackTransport = useHttp
    ? { mode: 'http', signingSecret: signingSecret as string, port, path: SLACK_EVENTS_PATH }
    : { mode: 'socket', appToken: appToken as string };
  const supportChannelIds = [...new Set([...(options.supportChannelIds ?? []), ...channels])];
  return {
    botToken,
    transport,
    apiUrl,
    supportChannelIds,
    ...(startRetryMs !== undefined ? { startRetryMs } : {}),
    ...(concurrency !== undefined || queue !== undefined || gatherMs !== undefined
      ? {
          intake: {
            ...(concurrency !== undefined ? { concurrency } : {}),
            ...(queue !== undefined ? { queue } : {}),
            ...(gatherMs !== undefined ? { gatherMs } : {}),
          },
        }
      : {}),
  };
}
