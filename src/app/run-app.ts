// Runs casebot: the shell (no platform tokens) or Slack/Discord, until input ends (scripted shell)
// or a signal arrives. Streams are parameters so tests can drive the shell in-process.
import type { AppConfig } from '../config/env.js';
import type { Platform } from '../core/model.js';
import type { Logger } from '../core/ports/platform.js';
import { buildApp, chooseAdapters, stopApp, type AppParts } from './create-app.js';
import { createPlatformAdapters, startAdapters, transportsOf } from './platforms.js';
import type { ChatAdapter } from '../adapters/adapter.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { DurableChatPort } from '../core/delivery/durable-chat-port.js';
import { DeliveryWorker } from '../core/delivery/delivery-worker.js';
import { deliveryHealthCheck } from '../core/delivery/delivery-health.js';
import { ANNOUNCEMENT_PREFIX, replayAnnouncement } from '../core/alerts/announcement-work.js';
import { logKbProblemsAtStart } from './kb-notices.js';
import { clockRefusal, initialPersona, shellBanner } from './shell-banner.js';
import { createShellIo } from './shell-io.js';
import { readSetup } from './load-setup.js';
import { createAppShellAdapter } from './shell-wiring.js';
import { WebWiring } from './web-wiring.js';

export interface RunAppOptions {
  config: AppConfig;
  logger: Logger;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
  /** Resolves when the process is asked to stop (signals); the shell also stops when input ends. */
  stopSignal?: Promise<void>;
}

async function catchUp(parts: AppParts): Promise<void> {
  // After downtime: one pass before anything else, so overdue cases get their one message first.
  await parts.loop
    .tick()
    .catch((error: unknown) => parts.logger.error('SLA catch-up failed', { error: String(error) }));
  parts.loop.start(parts.config.slaTickMs);
}

/**
 * Runs the shell: the store and the Desk (buildApp), then the shell adapter on them, started with
 * the Desk once the SLA catch-up is done.
 */
export async function runApp(options: RunAppOptions): Promise<void> {
  const { config, logger } = options;
  const mode = chooseAdapters(config);
  if (mode === 'platforms') return runPlatforms(options);
  const io = createShellIo(options.output, options.interactive);
  // Pages first: article links point at them once the server's address is known.
  const web = new WebWiring(config, logger);
  await web.startOwnServer();
  const parts = await buildApp({
    config: web.appConfig(config),
    logger,
    ports: {},
    mode,
    interactive: options.interactive,
    articleLinks: web.articleLinks(),
  }).catch(async (error: unknown) => {
    await web.stop();
    throw error;
  });
  web.attach(parts.kb, parts.store.directory, parts.store.deflections);
  const adapters: ChatAdapter[] = [];
  try {
    const initial = await initialPersona(parts);
    const shell = createAppShellAdapter({
      store: parts.store,
      clock: parts.clock,
      write: io.write,
      tick: async () => {
        await parts.loop.tick();
      },
      notePrefix: config.internalNotePrefixes[0] ?? '//',
      initial,
      clockRefusal: parts.demo ? null : clockRefusal,
      dashboardLink: (handle) => web.dashboardLink(handle, new Date()),
      io: {
        input: options.input,
        output: options.output,
        interactive: options.interactive,
        onReadline: io.attach,
        onBusy: io.setBusy,
      },
    });
    adapters.push(shell);
    // The shell's transport prints with the app's clock, so it joins the Desk's ports only now,
    // before anything is posted (the catch-up below is the first).
    parts.ports.shell = shell.transport;
    io.write(shellBanner(parts, initial.handle, initial.language));
    await catchUp(parts);
    await shell.start(parts.desk);
    const finished = shell.finished();
    await (options.stopSignal ? Promise.race([finished, options.stopSignal]) : finished);
  } finally {
    await stopApp(parts, adapters);
    await web.stop();
  }
}

/** This process as the holder of delivery leases (unique across restarts and replicas). */
function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Finishes the messages and platform requests a stopped process left, on any replica. */
function createDeliveryWorker(
  parts: AppParts,
  adapters: ChatAdapter[],
  durable: Partial<Record<Platform, DurableChatPort>>,
  owner: string,
): DeliveryWorker {
  const { config, logger, store } = parts;
  const worker = new DeliveryWorker({
    journal: () => store.journal,
    ledger: () => store.deliveries,
    ports: () => durable,
    owner,
    logger,
    messageLeaseMs: config.deliveryLeaseMs,
    workLeaseMs: 2 * config.deliveryLeaseMs,
  });
  worker.registerWork(ANNOUNCEMENT_PREFIX, replayAnnouncement(parts.ctx));
  for (const adapter of adapters)
    if (adapter.replay) worker.registerWork(`${adapter.name}:`, adapter.replay.bind(adapter));
  return worker;
}

/**
 * Runs Slack and/or Discord. The order, in one place: the adapters (their configuration checked
 * before any database work) → the store → the delivery (a durable port wrapping each adapter's
 * transport) → the Desk on those ports (both in buildApp) → each adapter started with the Desk.
 */
async function runPlatforms(options: RunAppOptions): Promise<void> {
  const { config, logger } = options;
  let store: AppParts['store'] | null = null;
  const setup = readSetup(config);
  const web = new WebWiring(config, logger);
  const owner = processOwner();
  // Slack's ledger and health page read the store per call: it opens after the adapters.
  const storeOpen = (): AppParts['store'] => {
    if (!store) throw new Error('the store is not open yet');
    return store;
  };
  const checkDelivery = deliveryHealthCheck({
    journal: () => storeOpen().journal,
    ledger: () => storeOpen().deliveries,
    logger,
    degradedAfterMs: config.deliveryDegradedMs,
  });
  const adapters = await createPlatformAdapters(config, logger, setup, {
    deliveries: () => storeOpen().deliveries,
    health: async () => {
      const delivery = await checkDelivery();
      return { status: delivery.status, delivery };
    },
    web,
  });
  // The pages ride on Slack's HTTP server when it runs one, else on their own (CASEBOT_HTTP_PORT).
  const slackHttp = adapters.find((adapter) => adapter.httpPort !== undefined)?.httpPort;
  if (slackHttp !== undefined) web.servedBySlack(slackHttp);
  else await web.startOwnServer();
  // The worker resends through the same durable ports the core posts through.
  const durable: Partial<Record<Platform, DurableChatPort>> = {};
  const parts = await buildApp({
    config: web.appConfig(config),
    logger,
    ports: transportsOf(adapters),
    delivery: (inner, opened) =>
      (durable[inner.platform] = new DurableChatPort({
        inner,
        journal: () => opened.journal,
        owner,
        logger,
        leaseMs: config.deliveryLeaseMs,
      })),
    mode: 'platforms',
    setup,
    articleLinks: web.articleLinks(),
  }).catch(async (error: unknown) => {
    await web.stop();
    throw error;
  });
  web.attach(parts.kb, parts.store.directory, parts.store.deflections);
  store = parts.store;
  const worker = createDeliveryWorker(parts, adapters, durable, owner);
  try {
    await startAdapters(adapters, parts.desk, parts.ports);
    logger.info('casebot started', {
      platforms: adapters.map((adapter) => adapter.name),
      kbArticles: parts.kb.stats().articles,
      kbProblems: parts.kb.problems().length,
    });
    logKbProblemsAtStart(config.kbDir, parts.kb.problems(), logger);
    await catchUp(parts);
    // What a stopped process left is finished now (once its lease ran out), then on a timer.
    await worker
      .pass()
      .catch((error: unknown) =>
        logger.error('delivery catch-up failed', { error: String(error) }),
      );
    worker.start(config.deliveryCheckMs);
    await (options.stopSignal ?? new Promise<void>(() => undefined));
  } finally {
    await worker.stop();
    await stopApp(parts, adapters);
    await web.stop();
  }
}
