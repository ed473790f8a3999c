// Starts Slack and/or Discord when their tokens are set. Each adapter parses its own SLACK_* or
// DISCORD_* variables (passed through by config/env.ts) and receives the Desk lazily, since the
// Desk needs the adapters' ChatPorts first.
import { platformsWithTokens, type AppConfig } from '../config/env.js';
import type { DeliveryLedger, OutboxHolder, OutboxRepository } from '../core/ports/storage.js';
import type { Actor, Desk } from '../core/conversation/desk.js';
import type { NoticeView } from '../core/views.js';
import type { Platform } from '../core/model.js';
import type { ChatPort, Logger } from '../core/ports/platform.js';
import type { Setup } from '../config/setup-loader.js';
import type { DeliveredPost } from '../adapters/delivered-post.js';
import { PlatformUnavailableError } from '../adapters/start-retry.js';
import { StartError } from './start-checks.js';
import { DurableChatPort } from '../core/delivery/durable-chat-port.js';
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
 * The store opens after the adapters are built (their config errors come first, before any
 * database work); the outbox only touches its repository once the adapter has started.
 */
function lateOutbox(get: () => OutboxRepository, holder: OutboxHolder | null): OutboxRepository {
  const held = holder ? { holder } : {};
  return {
    enqueue: (input) => get().enqueue({ ...input, ...held }),
    // Rows a live replica holds are left to it: only free or abandoned ones are resumed here.
    due: (platform, now, limit) => get().due(platform, now, limit, holder ?? undefined),
    renew: (renewing, now) => get().renew(renewing, now),
    recordLanded: (id, landed, now) => get().recordLanded(id, landed, now),
    landedAs: (id) => get().landedAs(id),
    recordFailure: (id, error, next) => get().recordFailure(id, error, next),
    remove: (id) => get().remove(id),
    count: (platform) => get().count(platform),
    backlog: (now) => get().backlog(now),
  };
}

/** The store's delivery ledger, resolved per call for the same reason as the outbox. */
function lateLedger(get: () => DeliveryLedger): DeliveryLedger {
  return {
    claim: (key, now, leaseMs, payload) => get().claim(key, now, leaseMs, payload),
    done: (key, now) => get().done(key, now),
    takeStale: (now, leaseMs, limit, maxReplays) =>
      get().takeStale(now, leaseMs, limit, maxReplays),
    backlog: (now) => get().backlog(now),
    prune: (olderThan) => get().prune(olderThan),
  };
}

/** A durable port with no journal: every call goes straight to the adapter (tests, tools). */
function unjournaled(chat: ChatPort): DurableChatPort {
  return new DurableChatPort({
    inner: chat,
    journal: () => {
      throw new Error('no message journal');
    },
    owner: 'unjournaled',
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
}

export interface RunningPlatform {
  name: Platform;
  /** The durable port (writes every message down before sending it): the core posts through it. */
  chat: DurableChatPort;
  /** Redoes a platform request a stopped process had taken (null: the platform has no replay). */
  replay: ((payload: string) => Promise<void>) | null;
  /** Takes up the kept posts nobody holds any more (a stopped replica's), once its lease ran out. */
  resumeKept(): Promise<void>;
  /** Hears of each post that waited in the adapter's outbox once it is delivered (subscribe before start). */
  onDelivered(listener: (post: DeliveredPost) => Promise<boolean>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The port its HTTP server will listen on, when it runs one (Slack in HTTP mode). */
  httpPort?: number;
}

/** Creates (but does not start) the adapters whose tokens are present. */
export async function createPlatforms(
  config: AppConfig,
  logger: Logger,
  desk: () => Desk,
  setup: Setup | null = null,
  /** The store's outbox (resolved at start): posts that keep failing survive a restart. */
  outbox: (() => OutboxRepository) | null = null,
  /**
   * The store's delivery ledger (resolved at start): Slack's retries of an event are recognised
   * across restarts and replicas.
   */
  deliveries: (() => DeliveryLedger) | null = null,
  /** Wraps each adapter's ChatPort in the durable one (the app's message journal). */
  durable: (chat: ChatPort) => DurableChatPort = unjournaled,
  /** What Slack's GET /healthz reports (HTTP mode). */
  health: (() => Promise<HealthReport>) | null = null,
  /** This process, as the holder of the posts its adapters keep (null: no leases). */
  holder: OutboxHolder | null = null,
  /** Pages Slack's HTTP server also serves (the web dashboard and KB pages), `/support dashboard`. */
  web: {
    routes: HttpRoutes;
    dashboardLinkFor: (actor: Actor) => Promise<NoticeView>;
  } | null = null,
): Promise<RunningPlatform[]> {
  const created: RunningPlatform[] = [];
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
    let durableSlack: DurableChatPort | null = null;
    const slackConfig = slack.parseSlackEnv(config.slack, {
      supportChannelIds: slackListenChannels(setup),
    });
    const adapter = slack.createSlackAdapter({
      desk,
      wrapChat: (chat) => (durableSlack = durable(chat)),
      ...(health ? { health } : {}),
      ...(web
        ? { httpRoutes: web.routes, dashboardLink: (actor: Actor) => web.dashboardLinkFor(actor) }
        : {}),
      config: slackConfig,
      logger,
      ...(outbox ? { outbox: { repository: lateOutbox(outbox, holder) } } : {}),
      ...(deliveries
        ? { deliveries: { ledger: lateLedger(deliveries), leaseMs: 2 * config.deliveryLeaseMs } }
        : {}),
    });
    created.push({
      name: 'slack',
      chat: durableSlack ?? durable(adapter.chat),
      replay: (payload) => adapter.replay(payload),
      resumeKept: () => adapter.outbox.load(),
      onDelivered: (listener) => adapter.outbox.onDelivered(listener),
      start: () => adapter.start(),
      stop: () => adapter.stop(),
      ...(slackConfig.transport.mode === 'http' ? { httpPort: slackConfig.transport.port } : {}),
    });
  }
  if (wantDiscord) {
    const discord = await import('../adapters/discord/index.js');
    const parsed = discord.parseDiscordEnv(config.discord);
    if (!parsed)
      throw new Error('CASEBOT_ADAPTER=discord needs DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    const supportChannelIds = [
      ...new Set([...parsed.supportChannelIds, ...supportChannels(setup, 'discord')]),
    ];
    let durableDiscord: DurableChatPort | null = null;
    const adapter = discord.createDiscordAdapter({
      desk,
      config: { ...parsed, supportChannelIds },
      logger,
      wrapChat: (chat) => (durableDiscord = durable(chat)),
      ...(outbox ? { outbox: { repository: lateOutbox(outbox, holder) } } : {}),
      ...(web ? { dashboardLink: (actor: Actor) => web.dashboardLinkFor(actor) } : {}),
    });
    created.push({
      name: 'discord',
      chat: durableDiscord ?? durable(adapter.chat),
      replay: null,
      resumeKept: () => adapter.chat.outbox.load(),
      onDelivered: (listener) => adapter.chat.outbox.onDelivered(listener),
      start: () => adapter.start(),
      stop: () => adapter.stop(),
    });
  }
  return created;
}

/**
 * Starts each adapter. A platform still failing its start-up call when the adapter's retry budget
 * runs out stops the start in one line (exit 1), like an unreachable database.
 */
export async function startPlatforms(platforms: RunningPlatform[]): Promise<void> {
  for (const platform of platforms)
    await platform.start().catch((error: unknown) => {
      throw error instanceof PlatformUnavailableError ? new StartError(error.message) : error;
    });
}
