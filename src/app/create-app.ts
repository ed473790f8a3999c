// Composition: open the store (migrating it) → sync the setup file → seed the demo when the shell
// runs on an empty database → open the KB → wrap each adapter's transport in the app's delivery →
// build the Desk on those ports. The caller then starts the adapters with the Desk and the SLA
// loop (run-app.ts). The only place where adapters, core and store meet.
import type { AppConfig } from '../config/env.js';
import { platformsWithTokens } from '../config/env.js';
import { createDesk } from '../core/conversation/create-desk.js';
import type { Desk } from '../core/conversation/desk.js';
import { DEFAULT_DESK_OPTIONS, type DeskContext } from '../core/conversation/desk-context.js';
import { SlaAlertLoop } from '../core/alerts/sla-alert-loop.js';
import { openKnowledgeBase, type KnowledgeBase } from '../core/kb/index.js';
import type { Platform } from '../core/model.js';
import type { ChatPort, Logger } from '../core/ports/platform.js';
import { checkCadenceAgainstTick, loadPolicy, type Policy } from '../core/sla/index.js';
import { openStore, type Store } from '../store/index.js';
import { createAppClock, type AppClock } from './app-clock.js';
import { DEMO_ORGS, isDemoDirectory, isDirectoryEmpty, seedDemo } from './demo-seed.js';
import type { ChatAdapter } from '../adapters/adapter.js';
import { applySetup, policyName, readSetup } from './load-setup.js';
import { checkKbFolder, checkOrgTiers, describeDatabaseError } from './start-checks.js';
import { createKbChangeNotifier } from './kb-notices.js';
import { startLearnedSync } from './learned-sync.js';
import { weekFiguresReader } from './week-figures.js';
import { fileDraftStore } from './file-draft-store.js';
import type { Setup } from '../config/setup-loader.js';
import type { ArticleLinkTracker } from '../core/deflection/article-links.js';

export type AdapterChoice = 'shell' | 'platforms';

export interface AppParts {
  config: AppConfig;
  logger: Logger;
  store: Store;
  kb: KnowledgeBase;
  /** Keeps the KB's learned phrasings in step with the store (app/learned-sync.ts). */
  learnedSync: { stop(): void };
  policy: Policy;
  clock: AppClock;
  desk: Desk;
  /** The port the core posts through, per platform: each transport wrapped in the delivery. */
  ports: Partial<Record<Platform, ChatPort>>;
  ctx: DeskContext;
  loop: SlaAlertLoop;
  mode: AdapterChoice;
  seeded: boolean;
  /** The database holds the demo world only (no setup file): the demo guide and /clock apply. */
  demo: boolean;
  setup: Setup | null;
}

export function chooseAdapters(config: AppConfig): AdapterChoice {
  if (config.adapter === 'shell') return 'shell';
  if (config.adapter === 'slack' || config.adapter === 'discord') return 'platforms';
  return platformsWithTokens(config).length > 0 ? 'platforms' : 'shell';
}

export function policyFrom(config: AppConfig, setup: Setup | null = null): Policy {
  const policy = loadPolicy(policyName(config, setup));
  checkCadenceAgainstTick(policy, config.slaTickMs);
  return config.warningThresholds
    ? { ...policy, warningThresholds: config.warningThresholds }
    : policy;
}

/** Builds everything but starts no adapter: the shell or platforms are started by the caller. */
export async function buildApp(options: {
  config: AppConfig;
  logger: Logger;
  /** Each adapter's transport, by platform. */
  ports: Partial<Record<Platform, ChatPort>>;
  /**
   * Wraps a transport in the app's delivery once the store is open (the durable port, which
   * writes every message down first); absent: the core posts through the transports themselves.
   */
  delivery?: (transport: ChatPort, store: Store) => ChatPort;
  mode: AdapterChoice;
  interactive?: boolean;
  /** The setup file, when the caller already read it (platform start reads it for channel ids). */
  setup?: Setup | null;
  /** Tags suggestion links with their question (casebot serves the KB pages). */
  articleLinks?: ArticleLinkTracker | null;
}): Promise<AppParts> {
  const { config, logger, mode } = options;
  // Validate everything that can be wrong in a file before touching the database.
  const setup = options.setup !== undefined ? options.setup : readSetup(config);
  const policy = policyFrom(config, setup);
  checkKbFolder(config);
  const store = await openStore({ url: config.databaseUrl, logger }).catch((error: unknown) => {
    throw describeDatabaseError(config.databaseUrl, error);
  });
  try {
    await applySetup(setup, store.directory, logger);
    checkOrgTiers(await store.directory.listOrgs(), policy, 'in the database');
    const seeded =
      mode === 'shell' && config.demoSeed === 'auto' && (await isDirectoryEmpty(store.directory));
    if (seeded) {
      checkOrgTiers(DEMO_ORGS, policy, 'the demo world (seeded into an empty database)');
      await seedDemo(store.directory);
    }
    const demo = setup === null && (seeded || (await isDemoDirectory(store.directory)));
    await warnUnknownEscalationContacts(policy, store.directory, logger);
    const { delivery } = options;
    const ports = delivery
      ? Object.fromEntries(
          Object.entries(options.ports).map(([platform, transport]) => [
            platform,
            delivery(transport, store),
          ]),
        )
      : options.ports;
    const watch =
      config.kbWatch === 'on' ||
      (config.kbWatch === 'auto' && (mode === 'platforms' || options.interactive === true));
    const kb = await openKnowledgeBase({
      dir: config.kbDir,
      watch,
      logger,
      ...(config.kbBaseUrl ? { baseUrl: config.kbBaseUrl } : {}),
      ...(config.kbThreshold !== undefined ? { threshold: config.kbThreshold } : {}),
      onRefresh: createKbChangeNotifier({
        directory: store.directory,
        ports,
        logger,
        kbDir: config.kbDir,
      }),
    });
    const learnedSync = await startLearnedSync(store.learned, kb, logger);
    const clock = createAppClock(config.clockStart);
    const ctx: DeskContext = {
      store,
      kb,
      policy,
      ports,
      clock,
      logger,
      options: {
        ...DEFAULT_DESK_OPTIONS,
        internalNotePrefixes: config.internalNotePrefixes,
        reopenWindowMs: config.reopenWindowMs,
        draftsDir: config.kbDraftsDir,
        ratingWindowMs: config.ratingWindowMs,
      },
      drafts: fileDraftStore,
      articleLinks: options.articleLinks ?? null,
      weekFigures: weekFiguresReader(config.databaseUrl, () => clock.now()),
    };
    const desk = createDesk(ctx);
    const loop = new SlaAlertLoop(ctx, { thresholds: policy.warningThresholds });
    return {
      config,
      logger,
      store,
      kb,
      learnedSync,
      policy,
      clock,
      desk,
      ports,
      ctx,
      loop,
      mode,
      seeded,
      demo,
      setup,
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

export async function stopApp(
  parts: AppParts,
  adapters: ChatAdapter[] = [],
  /** Last words to the store once the adapters stopped (giving up leases). */
  beforeClose: () => Promise<unknown> = async () => undefined,
): Promise<void> {
  await parts.loop.stop();
  for (const adapter of adapters)
    await adapter
      .stop()
      .catch((error: unknown) =>
        parts.logger.warn('adapter stop failed', { platform: adapter.name, error: String(error) }),
      );
  await beforeClose().catch((error: unknown) =>
    parts.logger.warn('could not give up delivery leases', { error: String(error) }),
  );
  parts.learnedSync.stop();
  await parts.kb.close();
  await parts.store.close();
}

/**
 * The ladder's contact is a handle of the setup file: one nobody has is said at start (the rung
 * would find nobody to tell when a target is overrun), not at the first escalation.
 */
async function warnUnknownEscalationContacts(
  policy: Policy,
  directory: Store['directory'],
  logger: Logger,
): Promise<void> {
  for (const rung of policy.escalation) {
    if (!rung.contact || (await directory.personByHandle(rung.contact))) continue;
    logger.warn(
      `policy ${policy.name} (${policy.source}): the escalation contact "${rung.contact}" is nobody in the directory: add them to the setup file's people, or fix the handle`,
    );
  }
}
