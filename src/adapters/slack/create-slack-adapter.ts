// Builds the Slack adapter (the ChatAdapter shape, ../adapter.ts): a Bolt App (Socket Mode or HTTP,
// from the config), the listeners that turn Slack events into Desk calls, and the transport the
// core posts through. The transport works from creation (the core is built on it); the listeners
// get the Desk at start(desk), and an event before that is refused with a log line.
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { Desk } from '../../core/conversation/desk.js';
import type { ChatPort, Logger } from '../../core/ports/platform.js';
import { StartedDesk, type ChatAdapter } from '../adapter.js';
import { toBoltLogger } from './bolt-logger.js';
import { SlackChatPort } from './chat-port.js';
import { EventDeduper, type DeliveryLedgerOptions } from './dedupe.js';
import { IntakeLimiter } from './intake-limiter.js';
import type { HandlerContext } from './handler-context.js';
import { slackRoutes } from './listeners.js';
import { SlackApi, type ApiCaller, type SlackApiOptions } from './slack-api.js';
import type { SlackConfig } from './slack-config.js';
import { DEFAULT_START_RETRY_MS, runStartCall } from './start-up.js';
import { UserNames } from './user-names.js';
import { slackWorkOf } from './work-keys.js';
import { webApiFetch } from './web-api-fetch.js';
import { currentWork, withWork } from '../../core/delivery/work-scope.js';
import { noteReceived } from './received-at.js';

export interface SlackAdapterOptions {
  config: SlackConfig;
  logger: Logger;
  api?: SlackApiOptions;
  /** Bolt's own log level (its debug output is verbose). */
  boltLogLevel?: LogLevel;
  /**
   * The store's delivery ledger: redeliveries are recognised across restarts and replicas.
   * Without it, recent event ids are remembered in this process only.
   */
  deliveries?: DeliveryLedgerOptions;
  /** HTTP mode: what GET /healthz reports (default: plain "ok"). */
  health?: () => Promise<HealthReport>;
  /** HTTP mode: other pages served on the same port (GET under each prefix: the app's web pages). */
  httpRoutes?: HttpRoutes;
  /** `/support dashboard`: the app's signed link for staff (absent: the dashboard is not served). */
  dashboardLink?: HandlerContext['dashboardLink'];
}

export interface HttpRoutes {
  prefixes: readonly string[];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export interface SlackAdapter extends ChatAdapter {
  readonly name: 'slack';
  /**
   * Does a Slack request again from its stored body (the delivery worker, after the process that
   * took it died), through the same listeners; run inside the request's own work scope.
   */
  replay(payload: string): Promise<void>;
  /** HTTP mode: the port actually listened on once started (PORT=0 picks a free one). */
  boundPort(): number | null;
}

/** What GET /healthz answers: `status` first, then whatever figures the app reports. */
export type HealthReport = { status: string } & Record<string, unknown>;

function buildApp(
  config: SlackConfig,
  logger: Logger,
  level: LogLevel,
  health: (() => Promise<HealthReport>) | null,
  routes: HttpRoutes | null,
): App {
  const common = {
    token: config.botToken,
    botId: config.botId,
    botUserId: config.botUserId,
    logger: toBoltLogger(logger, level),
    ignoreSelf: true,
    // Bolt's in-memory conversation state is unused (casebot keeps its state in the store); its
    // middleware made and caught an Error ("Conversation not found") for every request.
    convoStore: false as const,
    // Building the adapter must not touch the network (the app is composed before anything
    // starts, and an unreachable Slack would surface as an unhandled rejection): Bolt's auth.test
    // runs in app.init(), called by start(). With both bot ids known there is nothing to verify.
    deferInitialization: true,
    tokenVerificationEnabled: !(config.botId && config.botUserId),
    // Retries are SlackApi's job (per call, Retry-After honoured); see slack-api.ts.
    clientOptions: {
      slackApiUrl: config.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      fetch: webApiFetch(),
    },
  };
  if (config.transport.mode === 'socket') {
    return new App({ ...common, socketMode: true, appToken: config.transport.appToken });
  }
  return new App({
    ...common,
    signingSecret: config.transport.signingSecret,
    endpoints: config.transport.path,
    processBeforeResponse: config.processBeforeResponse ?? false,
    // The app's pages (httpRoutes), and the load balancer's health check (HTTP mode sits behind one).
    customRoutes: [
      ...(routes?.prefixes ?? []).flatMap((prefix) =>
        [prefix, `${prefix}/*rest`].map((path) => ({
          path,
          method: ['GET'],
          handler: (req: IncomingMessage, res: ServerResponse) => routes?.handler(req, res),
        })),
      ),
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          if (!health) {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end('ok');
            return;
          }
          // 200 even when degraded: a delivery backlog is the platform's trouble, and taking
          // every replica out of the load balancer would only add lost requests to it.
          health().then(
            (report) => {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(JSON.stringify(report));
            },
            (error: unknown) => {
              logger.error('health check failed', { error: String(error) });
              res.writeHead(503, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ status: 'failing', error: 'the database did not answer' }));
            },
          );
        },
      },
    ],
  });
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { config, logger } = options;
  const app = buildApp(
    config,
    logger,
    options.boltLogLevel ?? LogLevel.WARN,
    options.health ?? null,
    options.httpRoutes ?? null,
  );
  const api = new SlackApi(app.client as unknown as ApiCaller, logger, options.api);
  const slackChat = new SlackChatPort(api, logger);
  const names = new UserNames(api, logger);
  const desk = new StartedDesk('slack');
  let botUserId: string | null = config.botUserId ?? null;
  const ctx: HandlerContext = {
    desk: () => desk.get(),
    // The app's durable port once started (start(desk, outbound)).
    chat: slackChat,
    openDm: (userId) => slackChat.openDm(userId),
    api,
    names,
    config,
    logger,
    botUserId: () => botUserId,
    ...(options.dashboardLink ? { dashboardLink: options.dashboardLink } : {}),
  };

  const deduper = new EventDeduper(
    logger,
    options.deliveries ?? null,
    new IntakeLimiter(logger, config.intake),
  );
  app.use(async ({ body, context, next }) => {
    noteReceived(context);
    if (context.botUserId) botUserId = context.botUserId;
    const work = slackWorkOf(body);
    if (!work) return next();
    // Redone by the delivery worker, which holds the claim already.
    if (currentWork() === work.key) return next();
    const payload = JSON.stringify(body);
    // `await next()` resolves once every listener has finished: only then is the work done.
    await withWork(work.key, () =>
      work.eventId !== null
        ? deduper.handle(work.eventId, context.retryNum ?? null, () => next(), payload)
        : deduper.record(work.key, payload, () => next()),
    );
  });
  slackRoutes(ctx).mount(app);
  app.error(async (error) => {
    logger.error('slack listener error', { code: error.code, error: error.message });
  });

  let server: Server | null = null;
  let running = false;
  let initialized = false;
  return {
    name: 'slack',
    transport: slackChat,
    ...(config.transport.mode === 'http' ? { httpPort: config.transport.port } : {}),
    async replay(payload) {
      const body = JSON.parse(payload) as Record<string, unknown>;
      // Slack itself reaches the listeners only once started (the server listens in start()); a
      // replay before that has no Desk to go to: refused unrecorded, so it can be done again later.
      if (!desk.started) {
        logger.warn('slack request replayed before the adapter started: ignored', {
          type: body.type,
        });
        return;
      }
      // The original ack went out long ago; a replay has nobody to answer.
      await app.processEvent({ body, ack: async () => undefined });
    },
    async start(started: Desk, outbound?: ChatPort) {
      desk.set(started);
      ctx.chat = outbound ?? slackChat;
      // Started again after a stop: its requests' claims are renewed again.
      deduper.start();
      // Verifies the token (auth.test) first: a refused token stops the start here, while a
      // Slack answering 429/5xx is waited for (start-up.ts).
      const retry = { budgetMs: config.startRetryMs ?? DEFAULT_START_RETRY_MS, logger };
      if (!initialized) await runStartCall('auth.test', 'bot', () => app.init(), retry);
      initialized = true;
      if (config.transport.mode === 'http') {
        server = (await app.start(config.transport.port)) as Server;
        logger.info('slack adapter listening (HTTP mode)', {
          port: (server.address() as AddressInfo).port,
          path: config.transport.path,
        });
      } else {
        // Socket Mode's apps.connections.open: its client waits out a 429 but gives up on a 5xx.
        await runStartCall('apps.connections.open', 'app', () => app.start(), retry);
        logger.info('slack adapter connected (Socket Mode)');
      }
      running = true;
    },
    async stop() {
      // The requests still in progress are a stopped process's from now on: their claims run
      // out, and the delivery worker redoes them.
      deduper.stop();
      // Stopping twice (shutdown signal, then test teardown) is harmless.
      if (!running) return;
      running = false;
      await app.stop();
      server = null;
    },
    boundPort: () => (server ? (server.address() as AddressInfo).port : null),
  };
}
