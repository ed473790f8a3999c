// Builds Slack and/or Discord when their tokens are set, and starts them with the Desk. Each adapter
// parses its own SLACK_* or DISCORD_* variables (passed through by config/env.ts); the Desk is
// built on their transports in between (run-app.ts says the order).
import { platformsWithTokens, type AppConfig } from '../config/env.js';
import type { DeliveryLedger } from '../core/ports/storage.js';
import type { Actor, Desk } from '../core/conversation/desk.js';
import type { NoticeView } from '../core/views.js';
import type { Platform } from '../core/model.js';
import type { ChatPort, Logger } from '../core/ports/platform.js';
import type { Setup } from '../config/setup-loader.js';
import type { ChatAdapter } from '../adapters/adapter.js';
import { PlatformUnavailableError } from '../adapters/start-retry.js';
import { StartError } from './start-checks.js';
import type { HealthReport, HttpRoutes } from '../adapters/slack/create-slack-adapter.js';

/** Support channels the setup file declares for a platform (the adapters listen there). */
function supportChannels(setup: Setup | null, platform: Platform): string[] {
  return (setup?.channels.support ?? [])
    .filter((c) => c.platform === platform)
    .map((c) => c.channelId);
}

/**
 * Where Slack questions are answered: the setup's support channels plus every org's shared
 * channel (Slack Connect), since a customer there asks without mentioning the bot.
 */
export function slackListenChannels(setup: Setup | null): string[] {
  const shared = (setup?.orgs ?? []).flatMap((org) =>
    org.identities
      .filter((identity) => identity.platform === 'slack' && identity.kind === 'channel')
      .map((identity) => identity.value),
  );
  return [...new Set([...supportChannels(setup, 'slack'), ...shared])];
}

/**
 * The store's delivery ledger, resolved per call: the store opens after the adapters are built
 * (their config errors come first, before any database work).
 */
function lateLedger(get: () => DeliveryLedger): DeliveryLedger {
  return {
    claim: (key, now, leaseMs, payload) => get().claim(key, now, leaseMs, payload),
    done: (key, now) => get().done(key, now),
    renew: (key, claimedAt, now) => get().renew(key, claimedAt, now),
    takeStale: (now, leaseMs, limit, maxReplays) =>
      get().takeStale(now, leaseMs, limit, maxReplays),
    backlog: (now) => get().backlog(now),
    prune: (olderThan) => get().prune(olderThan),
  };
}

/** What the platform adapters get from the app besides their configuration. */
export interface PlatformServices {
  /**
   * The store's delivery ledger (resolved at start): Slack's retries of an event are recognised
   * across restarts and replicas, and an interaction a stopped process was handling is redone.
   */
  deliveries?: () => DeliveryLedger;
  /** What Slack's GET /healthz reports (HTTP mode). */
  health?: () => Promise<HealthReport>;
  /** Pages Slack's HTTP server also serves (the web dashboard and KB pages), `/support dashboard`. */
  web?: {
    routes: HttpRoutes;
    dashboardLinkFor: (actor: Actor) => Promise<NoticeView>;
  };
}

/**
 * Creates (but does not start) the adapters whose tokens are present. Their configuration is
 * checked here, before the store opens; each is started later with the Desk (startAdapters).
 */
export async function createPlatformAdapters(
  config: AppConfig,
  logger: Logger,
  setup: Setup | null = null,
  services: PlatformServices = {},
): Promise<ChatAdapter[]> {
  const { deliveries, health, web } = services;
  const created: ChatAdapter[] = [];
  // Any Slack credential counts (not only the bot token): parseSlackEnv then names what is missing.
  const wantSlack =
    config.adapter === 'slack' ||
    (config.adapter === 'auto' && platformsWithTokens(config).includes('slack'));
  const wantDiscord =
    config.adapter === 'discord' ||
    (config.adapter === 'auto' &&
      Boolean(config.discord.DISCORD_TOKEN || config.discord.DISCORD_APPLICATION_ID));
  if (wantSlack) {
    const slack = await import('../adapters/slack/index.js');
    const slackConfig = slack.parseSlackEnv(config.slack, {
      supportChannelIds: slackListenChannels(setup),
    });
    created.push(
      slack.createSlackAdapter({
        ...(health ? { health } : {}),
        ...(web
          ? { httpRoutes: web.routes, dashboardLink: (actor: Actor) => web.dashboardLinkFor(actor) }
          : {}),
        config: slackConfig,
        logger,
        ...(deliveries
          ? { deliveries: { ledger: lateLedger(deliveries), leaseMs: 2 * config.deliveryLeaseMs } }
          : {}),
      }),
    );
  }
  if (wantDiscord) {
    const discord = await import('../adapters/discord/index.js');
    const parsed = discord.parseDiscordEnv(config.discord);
    if (!parsed)
      throw new Error('CASEBOT_ADAPTER=discord needs DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    const supportChannelIds = [
      ...new Set([...parsed.supportChannelIds, ...supportChannels(setup, 'discord')]),
    ];
    created.push(
      discord.createDiscordAdapter({
        config: { ...parsed, supportChannelIds },
        logger,
        ...(deliveries
          ? { deliveries: { ledger: lateLedger(deliveries), leaseMs: 2 * config.deliveryLeaseMs } }
          : {}),
        ...(web ? { dashboardLink: (actor: Actor) => web.dashboardLinkFor(actor) } : {}),
      }),
    );
  }
  return created;
}

/** Each adapter's transport, by platform: what the app wraps in its delivery for the core. */
export function transportsOf(adapters: ChatAdapter[]): Partial<Record<Platform, ChatPort>> {
  return Object.fromEntries(adapters.map((adapter) => [adapter.name, adapter.transport]));
}

/**
 * Starts each adapter with the Desk, its own replies going through the port the core uses for
 * that platform (`outbound`: the durable one). A platform still failing its start-up call when
 * the adapter's retry budget runs out stops the start in one line (exit 1), like an unreachable
 * database.
 */
export async function startAdapters(
  adapters: ChatAdapter[],
  desk: Desk,
  outbound: Partial<Record<Platform, ChatPort>> = {},
): Promise<void> {
  for (const adapter of adapters)
    await adapter.start(desk, outbound[adapter.name]).catch((error: unknown) => {
      throw error instanceof PlatformUnavailableError ? new StartError(error.message) : error;
    });
}
