// The bot's reader of process.env (a few CLI commands still read their own variables). One zod
// schema validates every variable at boot, and each message says how to fix the value, so a typo
// fails fast with a sentence instead of a stack trace later.
// Platform variables (SLACK_*, DISCORD_*) are passed through untouched: each adapter parses its own.
import path from 'node:path';
import { z } from 'zod';
import { CasebotError } from '../core/errors.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function fractionList(name: string) {
  return z
    .string()
    .transform((text) => text.split(',').map((part) => Number(part.trim())))
    .refine((values) => values.every((v) => Number.isFinite(v) && v > 0 && v < 1), {
      message: `${name} must be comma-separated fractions between 0 and 1, e.g. "0.5,0.75,0.9"`,
    })
    .transform((values) => [...new Set(values)].sort((a, b) => a - b));
}

function positiveNumber(name: string, example: string) {
  return z.coerce
    .number({ message: `${name} must be a number, e.g. ${example}` })
    .positive({ message: `${name} must be greater than 0, e.g. ${example}` });
}

const schema = z.object({
  KB_DIR: z
    .string()
    .min(1, 'KB_DIR must name a folder of Markdown articles, e.g. KB_DIR=kb')
    .default('kb'),
  KB_DRAFTS_DIR: z
    .string()
    .min(1, 'KB_DRAFTS_DIR must name a folder for draft articles, e.g. KB_DRAFTS_DIR=kb/drafts')
    .optional(),
  KB_BASE_URL: z
    .url({ message: 'KB_BASE_URL must be an absolute URL, e.g. https://help.example.com/kb' })
    .optional(),
  KB_THRESHOLD: z.coerce
    .number({ message: 'KB_THRESHOLD must be a number between 0 and 1, e.g. KB_THRESHOLD=0.3' })
    .min(0, 'KB_THRESHOLD must be between 0 and 1, e.g. KB_THRESHOLD=0.3')
    .max(1, 'KB_THRESHOLD must be between 0 and 1, e.g. KB_THRESHOLD=0.3')
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, {
      message:
        'DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); unset it to use ./data/casebot.db',
    })
    .optional(),
  CASEBOT_CONFIG: z.string().min(1).default('casebot.yml'),
  CASEBOT_ADAPTER: z
    .enum(['auto', 'shell', 'slack', 'discord'], {
      message:
        'CASEBOT_ADAPTER must be auto, shell, slack or discord (auto: shell unless platform tokens are set)',
    })
    .default('auto'),
  CASEBOT_DEMO_SEED: z
    .enum(['auto', 'off'], {
      message: 'CASEBOT_DEMO_SEED must be auto (seed an empty database) or off',
    })
    .default('auto'),
  LOG_LEVEL: z
    .enum(logLevels, { message: `LOG_LEVEL must be one of ${logLevels.join(', ')}` })
    .optional(),
  INTERNAL_NOTE_PREFIX: z
    .string()
    .default('//,!note')
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    ),
  SLA_WARNING_THRESHOLDS: fractionList('SLA_WARNING_THRESHOLDS').optional(),
  SLA_TICK_SECONDS: positiveNumber('SLA_TICK_SECONDS', 'SLA_TICK_SECONDS=30').default(30),
  SLA_POLICY: z.string().min(1).optional(),
  DELIVERY_LEASE_SECONDS: positiveNumber(
    'DELIVERY_LEASE_SECONDS',
    'DELIVERY_LEASE_SECONDS=60',
  ).default(60),
  DELIVERY_DEGRADED_SECONDS: positiveNumber(
    'DELIVERY_DEGRADED_SECONDS',
    'DELIVERY_DEGRADED_SECONDS=300',
  ).default(300),
  DELIVERY_CHECK_SECONDS: positiveNumber(
    'DELIVERY_CHECK_SECONDS',
    'DELIVERY_CHECK_SECONDS=5',
  ).default(5),
  REOPEN_WINDOW_DAYS: positiveNumber('REOPEN_WINDOW_DAYS', 'REOPEN_WINDOW_DAYS=7').default(7),
  RATING_WINDOW_DAYS: positiveNumber('RATING_WINDOW_DAYS', 'RATING_WINDOW_DAYS=7').default(7),
  CASEBOT_CLOCK_START: z.iso
    .datetime({
      offset: true,
      message: 'CASEBOT_CLOCK_START must be an ISO-8601 instant, e.g. 2026-03-02T09:00:00Z',
    })
    .optional(),
  KB_WATCH: z
    .enum(['auto', 'on', 'off'], { message: 'KB_WATCH must be auto, on or off' })
    .default('auto'),
  CASEBOT_HTTP_PORT: z.coerce
    .number({ message: 'CASEBOT_HTTP_PORT must be a port number, e.g. CASEBOT_HTTP_PORT=8080' })
    .int('CASEBOT_HTTP_PORT must be a whole port number, e.g. CASEBOT_HTTP_PORT=8080')
    .min(0, 'CASEBOT_HTTP_PORT must be between 0 and 65535, e.g. CASEBOT_HTTP_PORT=8080')
    .max(65535, 'CASEBOT_HTTP_PORT must be between 0 and 65535, e.g. CASEBOT_HTTP_PORT=8080')
    .optional(),
  CASEBOT_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  CASEBOT_PUBLIC_URL: z
    .url({
      message:
        'CASEBOT_PUBLIC_URL must be an absolute URL where people reach casebot, e.g. https://casebot.example.com',
    })
    .optional(),
  CASEBOT_WEB_SECRET: z
    .string()
    .min(
      32,
      'CASEBOT_WEB_SECRET must be at least 32 characters, e.g. the output of: openssl rand -base64 32',
    )
    .optional(),
  CASEBOT_LINK_HOURS: positiveNumber('CASEBOT_LINK_HOURS', 'CASEBOT_LINK_HOURS=12').default(12),
});

export interface AppConfig {
  kbDir: string;
  kbBaseUrl: string | undefined;
  /** Where "draft an article" writes; default `<KB_DIR>/drafts` (inside the KB: the watcher loads it). */
  kbDraftsDir: string;
  kbThreshold: number | undefined;
  databaseUrl: string | undefined;
  setupFile: string;
  /** CASEBOT_CONFIG was set: a missing file is then an error, not "no setup". */
  setupFileExplicit: boolean;
  adapter: 'auto' | 'shell' | 'slack' | 'discord';
  demoSeed: 'auto' | 'off';
  logLevel: (typeof logLevels)[number] | undefined;
  internalNotePrefixes: string[];
  warningThresholds: number[] | undefined;
  slaTickMs: number;
  slaPolicyFile: string | undefined;
  reopenWindowMs: number;
  /** How long after a resolution the requester's CSAT rating is accepted. */
  ratingWindowMs: number;
  /**
   * A message being sent, or a platform request being handled, belongs to its process this long;
   * after that (the process died) another replica finishes it. Platform requests get twice this.
   */
  deliveryLeaseMs: number;
  /** How often each process looks for unfinished messages and work (ms). */
  deliveryCheckMs: number;
  /** /healthz says "degraded" once a message or request has waited this long (ms). */
  deliveryDegradedMs: number;
  /** A fixed start for the clock (demos, tests): time then moves only with the shell's /clock. */
  clockStart: Date | undefined;
  /** Re-index the KB when files change: auto = in a terminal or on a platform, not in scripted runs. */
  kbWatch: 'auto' | 'on' | 'off';
  /** The web pages (dashboard, KB): see src/web/ and src/app/web-wiring.ts. */
  web: WebConfig;
  /** Every SLACK_* variable (and PORT, for HTTP mode), for the Slack adapter's own parser. */
  slack: Record<string, string>;
  /** Every DISCORD_* variable, for the Discord adapter's own parser. */
  discord: Record<string, string>;
}

export interface WebConfig {
  /** casebot's own web server (when Slack's HTTP server does not run); undefined: none. */
  port: number | undefined;
  host: string;
  /** Where people reach the web pages (links in chat); default: the server's own address. */
  publicUrl: string | undefined;
  /** Signs staff links; undefined: a generated key kept in data/web-secret. */
  secret: string | undefined;
  /** How long a staff link stays valid (ms). */
  linkTtlMs: number;
}

export class ConfigError extends CasebotError {
  constructor(readonly problems: string[]) {
    super(
      'configuration',
      'CONFIG_INVALID',
      problems.length === 1
        ? `invalid configuration: ${problems[0]}`
        : `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

function withPrefix(env: NodeJS.ProcessEnv, prefix: string): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(prefix) && value !== undefined && value !== '') picked[key] = value;
  }
  return picked;
}

/** Empty strings count as unset, as in most dotenv files (`SLA_POLICY=`). */
function nonEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

/**
 * The drafts folder for a KB: KB_DRAFTS_DIR, else `<kbDir>/drafts` (the one default, for the bot
 * and for `casebot kb drafts --kb DIR`).
 */
export function draftsDirFor(kbDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return nonEmpty(env).KB_DRAFTS_DIR ?? path.join(kbDir, 'drafts');
}

/** DATABASE_URL as set (empty: unset), for CLI commands that open the store without the whole config. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return nonEmpty(env).DATABASE_URL;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(nonEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'env';
        // Most messages already start with the variable's name; zod's own ones do not.
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const v = parsed.data;
  return {
    kbDir: v.KB_DIR,
    kbBaseUrl: v.KB_BASE_URL,
    kbDraftsDir: draftsDirFor(v.KB_DIR, env),
    kbThreshold: v.KB_THRESHOLD,
    databaseUrl: v.DATABASE_URL,
    setupFile: v.CASEBOT_CONFIG,
    setupFileExplicit: Boolean(env.CASEBOT_CONFIG),
    adapter: v.CASEBOT_ADAPTER,
    demoSeed: v.CASEBOT_DEMO_SEED,
    logLevel: v.LOG_LEVEL,
    internalNotePrefixes: v.INTERNAL_NOTE_PREFIX,
    warningThresholds: v.SLA_WARNING_THRESHOLDS,
    slaTickMs: v.SLA_TICK_SECONDS * 1000,
    slaPolicyFile: v.SLA_POLICY,
    reopenWindowMs: v.REOPEN_WINDOW_DAYS * 24 * 3_600_000,
    ratingWindowMs: v.RATING_WINDOW_DAYS * 24 * 3_600_000,
    deliveryLeaseMs: v.DELIVERY_LEASE_SECONDS * 1000,
    deliveryCheckMs: v.DELIVERY_CHECK_SECONDS * 1000,
    deliveryDegradedMs: v.DELIVERY_DEGRADED_SECONDS * 1000,
    clockStart: v.CASEBOT_CLOCK_START ? new Date(v.CASEBOT_CLOCK_START) : undefined,
    kbWatch: v.KB_WATCH,
    web: {
      port: v.CASEBOT_HTTP_PORT,
      host: v.CASEBOT_HTTP_HOST,
      publicUrl: v.CASEBOT_PUBLIC_URL,
      secret: v.CASEBOT_WEB_SECRET,
      linkTtlMs: v.CASEBOT_LINK_HOURS * 3_600_000,
    },
    slack: { ...withPrefix(env, 'SLACK_'), ...(env.PORT ? { PORT: env.PORT } : {}) },
    discord: withPrefix(env, 'DISCORD_'),
  };
}

/**
 * Any one Slack credential means Slack was meant to run: a half set must stop the start with the
 * Slack parser's fix-it message rather than silently fall back to the shell.
 */
const SLACK_CREDENTIALS = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const;

/** Which platforms have credentials: the shell runs when none do (or when asked for). */
export function platformsWithTokens(config: AppConfig): ('slack' | 'discord')[] {
  const platforms: ('slack' | 'discord')[] = [];
  if (SLACK_CREDENTIALS.some((name) => Boolean(config.slack[name]))) platforms.push('slack');
  if (config.discord.DISCORD_TOKEN || config.discord.DISCORD_APPLICATION_ID)
    platforms.push('discord');
  return platforms;
}
