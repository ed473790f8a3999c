// Discord settings: read from the environment by parseDiscordEnv (called by config/ or the CLI,
// never by core/), with messages that say how to fix a bad value.
import { CasebotError } from '../../core/errors.js';
export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** REST base without the version (`https://discord.com/api`); tests and proxies override it. */
  apiUrl: string | null;
  /** Text channels where a plain message is answered with suggestions (when autoSuggest is on). */
  supportChannelIds: string[];
  /** Forum channels whose new posts get suggestions as their first answer (when autoSuggest is on). */
  supportForumIds: string[];
  /** Where private case threads are created; defaults to the channel the case came from. */
  privateThreadChannelId: string | null;
  /** Roles whose members may use *Flag for private support* (Manage Messages also qualifies). */
  moderatorRoleIds: string[];
  /** Plain-message and forum auto-suggest: needs the privileged Message Content intent. */
  autoSuggest: boolean;
  /** Relay thread messages between the staff and customer threads: needs Message Content too. */
  relayThreadMessages: boolean;
  /** Answer an interaction directly when the core is this quick, otherwise defer first. */
  deferAfterMs: number;
  /** A failed case form's empty private thread is removed after this long without a retry. */
  abandonedThreadMs?: number;
  /** How long the start-up gateway lookup is retried on 5xx/network errors (default 2 min). */
  startRetryMs?: number;
  /** discord.js REST tuning (tests use retries: 0 and a short timeout). */
  rest: { retries?: number; timeout?: number };
}

export class DiscordConfigError extends CasebotError {
  constructor(message: string) {
    super('configuration', 'DISCORD_CONFIG_INVALID', message);
  }
}

const SNOWFLAKE = /^\d{17,20}$/;

export const discordDefaults = {
  apiUrl: null,
  supportChannelIds: [],
  supportForumIds: [],
  privateThreadChannelId: null,
  moderatorRoleIds: [],
  autoSuggest: false,
  relayThreadMessages: true,
  deferAfterMs: 1500,
  abandonedThreadMs: 15 * 60 * 1000,
  startRetryMs: 120_000,
  rest: {},
} satisfies Omit<DiscordConfig, 'token' | 'applicationId'>;

/**
 * The Discord adapter is enabled by DISCORD_TOKEN + DISCORD_APPLICATION_ID; returns null when
 * neither is set (Discord off) and throws a DiscordConfigError naming the fix otherwise.
 */
export function parseDiscordEnv(env: Record<string, string | undefined>): DiscordConfig | null {
  const token = env['DISCORD_TOKEN']?.trim() ?? '';
  const applicationId = env['DISCORD_APPLICATION_ID']?.trim() ?? '';
  if (!token && !applicationId) return null;
  if (!token)
    fail(
      'DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not: copy the bot token from the Developer Portal (Application → Bot → Reset Token) into DISCORD_TOKEN.',
    );
  if (!applicationId)
    fail(
      'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: copy the Application ID from the Developer Portal (Application → General Information).',
    );
  if (!SNOWFLAKE.test(applicationId))
    fail(
      `DISCORD_APPLICATION_ID "${applicationId}" is not a Discord id (17 to 20 digits): copy it from General Information, not the public key.`,
    );
  if (/^(Bot|Bearer)\s/i.test(token))
    fail('DISCORD_TOKEN must be the bare bot token, without the "Bot " prefix.');
  return {
    ...discordDefaults,
    token,
    applicationId,
    apiUrl: parseUrl(env['DISCORD_API_URL']),
    supportChannelIds: parseIds('DISCORD_SUPPORT_CHANNELS', env['DISCORD_SUPPORT_CHANNELS']),
    supportForumIds: parseIds('DISCORD_SUPPORT_FORUMS', env['DISCORD_SUPPORT_FORUMS']),
    privateThreadChannelId:
      parseIds('DISCORD_PRIVATE_THREAD_CHANNEL', env['DISCORD_PRIVATE_THREAD_CHANNEL'])[0] ?? null,
    moderatorRoleIds: parseIds('DISCORD_MODERATOR_ROLES', env['DISCORD_MODERATOR_ROLES']),
    autoSuggest: parseFlag('DISCORD_AUTO_SUGGEST', env['DISCORD_AUTO_SUGGEST'], false),
    relayThreadMessages: parseFlag('DISCORD_RELAY_THREADS', env['DISCORD_RELAY_THREADS'], true),
    startRetryMs: parseSeconds(
      'DISCORD_START_RETRY_SECONDS',
      env['DISCORD_START_RETRY_SECONDS'],
      120,
    ),
  };
}

function fail(message: string): never {
  throw new DiscordConfigError(message);
}

function parseUrl(value: string | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(
      `DISCORD_API_URL "${text}" is not a URL: use e.g. https://discord.com/api (without /v10).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    fail(`DISCORD_API_URL must be http(s), got "${url.protocol}".`);
  if (/\/v\d+\/?$/.test(url.pathname))
    fail(`DISCORD_API_URL "${text}" ends with an API version: drop it (discord.js appends /v10).`);
  return text.replace(/\/$/, '');
}

function parseIds(name: string, value: string | undefined): string[] {
  const ids = (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const bad = ids.find((id) => !SNOWFLAKE.test(id));
  if (bad)
    fail(
      `${name} must be comma-separated Discord ids (Developer Mode → right-click → Copy ID); "${bad}" is not one.`,
    );
  return ids;
}

function parseFlag(name: string, value: string | undefined, fallback: boolean): boolean {
  const text = value?.trim().toLowerCase();
  if (!text) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  fail(`${name} must be true or false, got "${value}".`);
}

function parseSeconds(name: string, value: string | undefined, fallback: number): number {
  const text = value?.trim();
  if (!text) return fallback * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0)
    fail(
      `${name} must be a number of seconds such as ${fallback} (0: do not retry), got "${value}".`,
    );
  return seconds * 1000;
}
