// The Discord adapter (the ChatAdapter shape, ../adapter.ts): a discord.js Client for events, its
// REST client for everything sent.
//
// Start-up order: the transport works as soon as the adapter is created, over REST, so the core
// can be built on it first; the handlers get the Desk at start(desk), before the gateway login,
// and an event that still reaches them without one is refused with a log line.
import { ChannelType, Client, Events, type ClientOptions, type Message } from 'discord.js';
import type { Actor, Desk } from '../../core/conversation/desk.js';
import type { NoticeView } from '../../core/views.js';
import type { DeliveryLedger } from '../../core/ports/storage.js';
import type { ChatPort, Logger } from '../../core/ports/platform.js';
import type { ChatAdapter } from '../adapter.js';
import { createDiscordChatPort, type DiscordChatPort } from './chat-port.js';
import { DiscordConfigError, type DiscordConfig } from './config.js';
import { computeIntents } from './intents.js';
import { InteractionTokens } from './interaction-tokens.js';
import { createInteractionRouter } from './interactions.js';
import { DiscordIntake, MESSAGE_KEY_PREFIX } from './intake-ledger.js';
import { runReportingFailure } from '../../core/delivery/failure-report.js';
import { canRedoFix } from './failure-scope.js';
import { isRebuilt, rebuildInteraction, rebuildMessage } from './rebuild-event.js';
import { createMessageHandler, type MessageHandler } from './messages.js';
import { createResponder } from './respond.js';
import { DEFAULT_DISCORD_START_RETRY_MS, waitForGateway } from './start-up.js';

export interface DiscordAdapter extends ChatAdapter {
  readonly name: 'discord';
  readonly transport: DiscordChatPort;
  client: Client;
}

interface Handlers {
  onInteraction: ReturnType<typeof createInteractionRouter>;
  onMessage: MessageHandler;
}

export function createDiscordAdapter(options: {
  config: DiscordConfig;
  logger: Logger;
  /** `/case dashboard`: the app's signed link for staff (absent: the dashboard is not served). */
  dashboardLink?: (actor: Actor) => Promise<NoticeView>;
  /**
   * The store's delivery ledger: each interaction, and each question in a support channel, is
   * written down while handled, and one a stopped process left unfinished is redone by the next
   * (replay).
   */
  deliveries?: { ledger: DeliveryLedger; leaseMs: number };
}): DiscordAdapter {
  const { config, logger } = options;
  const rest: ClientOptions['rest'] = {
    ...config.rest,
    ...(config.apiUrl ? { api: config.apiUrl } : {}),
  };
  const client = new Client({
    intents: computeIntents(config),
    rest,
    // A second guard behind the per-message allowed_mentions: by default nobody is pinged.
    allowedMentions: { parse: [], repliedUser: false },
  });
  client.rest.setToken(config.token);
  const tokens = new InteractionTokens();
  const discordChat = createDiscordChatPort({
    rest: client.rest,
    applicationId: config.applicationId,
    tokens,
    logger,
    privateParentFor: (channelId) => privateParentFor(client, config, channelId),
    guildOf: (channelId) => guildOf(client, channelId),
  });
  const responder = createResponder({ deferAfterMs: config.deferAfterMs, logger });
  const intake = options.deliveries
    ? new DiscordIntake({ ...options.deliveries, logger })
    : undefined;
  // Built at start, with the Desk and the app's outbound port: before that there is nobody to ask.
  let handlers: Handlers | null = null;
  const handlersFor = (desk: Desk, outbound: ChatPort): Handlers => {
    const chat = withOuterPort(discordChat, outbound);
    return {
      onInteraction: createInteractionRouter({
        client,
        desk: () => desk,
        chat,
        responder,
        tokens,
        logger,
        moderatorRoleIds: config.moderatorRoleIds,
        deferAfterMs: config.deferAfterMs,
        ...(intake ? { intake } : {}),
        ...(options.dashboardLink ? { dashboardLink: options.dashboardLink } : {}),
        ...(config.abandonedThreadMs !== undefined
          ? { abandonedThreadMs: config.abandonedThreadMs }
          : {}),
      }),
      onMessage: createMessageHandler({
        client,
        desk: () => desk,
        chat,
        config,
        logger,
        ...(intake ? { intake } : {}),
      }),
    };
  };
  const notStarted = (event: string) =>
    logger.warn('discord event before the adapter started: ignored', { event });

  // Each packet is seen raw before discord.js turns it into an event (the payload to store).
  if (intake)
    client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) =>
      intake.rememberPacket(packet),
    );
  client.on(Events.InteractionCreate, (interaction) => {
    if (isRebuilt(interaction)) return;
    if (handlers) void handlers.onInteraction(interaction);
    else notStarted('interaction');
  });
  client.on(Events.MessageCreate, (message) => {
    if (isRebuilt(message)) return;
    if (handlers) void handlers.onMessage(message);
    else notStarted('message');
  });
  client.on(Events.Error, (error) =>
    logger.error('discord client error', { error: error.message }),
  );
  client.on(Events.ShardResume, (shardId, replayed) =>
    logger.info('discord gateway resumed', { shardId, replayed }),
  );
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn('discord gateway disconnected', { shardId, code: event.code }),
  );

  return {
    name: 'discord',
    transport: discordChat,
    client,
    ...(intake
      ? {
          async replay(payload: string, key?: string) {
            // Before start there is no Desk: refused, and done again after the next lease.
            if (!handlers) throw new Error('discord event replayed before the adapter started');
            const data: unknown = JSON.parse(payload);
            const { onMessage, onInteraction } = handlers;
            const failed = await runReportingFailure(async () => {
              if (key?.startsWith(MESSAGE_KEY_PREFIX))
                await onMessage.redo(await messageFrom(client, data));
              else await onInteraction.redo(rebuildInteraction(client, data));
            }, canRedoFix);
            // Thrown, the work stays undone: the worker tries it again after the lease.
            if (failed) throw new Error('discord redo failed for now; it is tried again later');
          },
        }
      : {}),
    async start(desk, outbound) {
      // A start retried after a failed login replaces the handlers of the first try.
      handlers?.onInteraction.stop();
      handlers = handlersFor(desk, outbound ?? discordChat);
      intake?.start();
      const ready = new Promise<void>((resolve) =>
        client.once(Events.ClientReady, () => resolve()),
      );
      try {
        await waitForGateway(client.rest, {
          budgetMs: config.startRetryMs ?? DEFAULT_DISCORD_START_RETRY_MS,
          logger,
        });
        await client.login(config.token);
      } catch (error) {
        await client.destroy();
        throw explainLoginFailure(error);
      }
      await ready;
      handlers.onInteraction.sweepAbandonedForms();
      logger.info('discord adapter ready', {
        user: client.user?.tag,
        guilds: client.guilds.cache.size,
      });
    },
    async stop() {
      handlers?.onInteraction.stop();
      intake?.stop();
      await client.destroy();
    },
  };
}

/** A stored message rebuilt; its channel fetched first when this process has not cached it (a thread). */
async function messageFrom(client: Client, data: unknown): Promise<Message> {
  const rebuilt = rebuildMessage(client, data);
  if (rebuilt) return rebuilt;
  await client.channels.fetch((data as { channel_id: string }).channel_id);
  const again = rebuildMessage(client, data);
  if (!again) throw new Error('discord.js did not rebuild the stored message');
  return again;
}

/** The configured channel, else the channel itself when it is a text channel, else a support channel. */
function privateParentFor(client: Client, config: DiscordConfig, channelId: string): string {
  if (config.privateThreadChannelId) return config.privateThreadChannelId;
  const channel = client.channels.cache.get(channelId);
  if (!channel || channel.type === ChannelType.GuildText) return channelId;
  return config.supportChannelIds[0] ?? channelId;
}

/** The guild of a cached channel (every channel of a guild is cached from its GUILD_CREATE). */
function guildOf(client: Client, channelId: string): string | null {
  const channel = client.channels.cache.get(channelId);
  return channel && 'guildId' in channel ? channel.guildId : null;
}

/** Login failures a person can fix, reworded to say how; anything else is passed on as is. */
export function explainLoginFailure(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (/disallowed intents/i.test(message)) {
    return new DiscordConfigError(
      'Discord refused the Message Content intent: switch it on in the Developer Portal (your application → Bot → Privileged Gateway Intents → Message Content Intent), or set DISCORD_RELAY_THREADS=false and DISCORD_AUTO_SUGGEST=false.',
    );
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (code === 'TokenInvalid' || status === 401 || /invalid token/i.test(message)) {
    return new DiscordConfigError(
      'Discord refused DISCORD_TOKEN: reset it in the Developer Portal (your application → Bot → Reset Token) and copy the new one.',
    );
  }
  return error;
}

/**
 * The Discord port with its core calls (post, update, whisper, direct, private space, post
 * under) taken from `outer`: the handlers' own posts then take the app's durable path as the
 * core's do, while Discord-only calls (threads, replies) stay as they are.
 */
function withOuterPort(discord: DiscordChatPort, outer: ChatPort): DiscordChatPort {
  if (outer === discord) return discord;
  return {
    ...discord,
    post: (place, view) => outer.post(place, view),
    update: (message, view) => outer.update(message, view),
    whisper: (place, userId, view) => outer.whisper(place, userId, view),
    sendDirect: (userId, view) => outer.sendDirect(userId, view),
    openPrivateSpace: (request) => outer.openPrivateSpace(request),
    ...(outer.postUnder ? { postUnder: outer.postUnder.bind(outer) } : {}),
    ...(outer.reply ? { reply: outer.reply.bind(outer) } : {}),
    ...(outer.lockThread ? { lockThread: outer.lockThread.bind(outer) } : {}),
  };
}
