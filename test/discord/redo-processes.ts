// Processes of one bot on one fake Discord and one SQLite store, each wired as run-app.ts wires it
// (the app's durable port, the delivery ledger, a delivery worker), with the real core: a test
// cuts the first one somewhere (a step that never returns, as after a kill -9) and lets a later
// one redo its work from the ledger.
import { afterEach, beforeEach } from 'vitest';
import type { Desk } from '../../src/core/conversation/desk.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { startHarness, type Harness } from './harness.js';
import { mapDemoOntoFake, realDeskFor, type RealDesk } from './real-desk.js';

export const LEASE_MS = 60_000;
/** A later process's clock: every lease of the dead one has run out. */
const afterLeases = () => new Date(Date.now() + 10 * LEASE_MS);
export const never = <T>() => new Promise<T>(() => undefined);

/** The shared Discord and store, new for each test of the calling file. */
export const world = {} as { db: TestDb; fake: FakeDiscord };
const running: { harness: Harness<Desk>; desk: RealDesk }[] = [];
let processes = 0;

/** Starts a fresh Discord and store before each test of the calling file, stops all after. */
export function sharedWorldForEachTest(): void {
  beforeEach(async () => {
    world.db = await createTestDb('sqlite');
    world.fake = await startFakeDiscord();
    await mapDemoOntoFake(world.db.store.directory, world.fake);
  });
  afterEach(stopAll);
}

async function stopAll(): Promise<void> {
  for (const { harness, desk } of running.splice(0)) {
    await harness.stop().catch(() => undefined);
    await desk.cleanup().catch(() => undefined);
  }
  await world.fake.close();
  await world.db.cleanup();
}

export interface Cut {
  /** The Desk as this process has it (A's is cut somewhere). */
  desk?: (real: RealDesk) => Desk;
  journal?: MessageJournal;
  ledger?: DeliveryLedger;
  /** The port the handlers and the core send through, over the durable one. */
  outbound?: (durable: ChatPort) => ChatPort;
  config?: Parameters<typeof startHarness>[0]['config'];
}

/** One bot process on the shared Discord and store, wired as run-app.ts wires it. */
export async function boot(cut: Cut = {}) {
  const { db, fake } = world;
  const logger = createMemoryLogger();
  const owner = `process-${++processes}`;
  const journal = () => cut.journal ?? db.store.journal;
  const ledger = cut.ledger ?? db.store.deliveries;
  // A later process: the rows the dead one held are past their lease for it.
  const now = running.length > 0 ? afterLeases : undefined;
  let port: DurableChatPort | undefined;
  let real: RealDesk | undefined;
  const harness = await startHarness<Desk>({
    fake,
    ...(cut.config ? { config: cut.config } : {}),
    deliveries: { ledger, leaseMs: LEASE_MS },
    outbound: (inner) => {
      port = new DurableChatPort({ inner, journal, owner, logger, ...(now ? { now } : {}) });
      return cut.outbound ? cut.outbound(port) : port;
    },
    makeDesk: async (context) => {
      real = await realDeskFor(context, { shared: db });
      return cut.desk ? cut.desk(real) : real;
    },
  });
  running.push({ harness, desk: real! });
  const worker = new DeliveryWorker({
    journal,
    ledger: () => db.store.deliveries,
    ports: () => ({ discord: port! }),
    owner,
    logger,
    workLeaseMs: LEASE_MS,
    now: afterLeases,
  });
  worker.registerWork('discord:', harness.adapter.replay!.bind(harness.adapter));
  return {
    harness,
    logger,
    deliver: () => worker.pass(),
    kill: () => harness.adapter.stop(),
  };
}
