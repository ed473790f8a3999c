// A message written in a case's thread, relayed by a process that dies before it is finished:
// Discord does not send the gateway event again to a new session, so the message is written down
// with its packet while it is handled, as a question is. Real discord.js against one fake Discord
// (the case thread among the guild's active threads), the ledger and the message journal on a real
// SQLite store, each process with the app's durable port and delivery worker: process A takes the
// message and is killed; process B's worker relays it under the same work key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/core/conversation/desk.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import { currentWork, isRedo } from '../../src/core/delivery/work-scope.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { message, thread } from '../fakes/discord/payloads.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { startHarness, waitFor, type Harness } from './harness.js';
import { recordingDeskFor } from './helpers.js';

const LEASE_MS = 60_000;
const afterLeases = () => new Date(Date.now() + 10 * LEASE_MS);

let db: TestDb;
let fake: FakeDiscord;
let caseThread: ReturnType<typeof thread>;
const running: Harness<Desk>[] = [];
let processes = 0;
beforeEach(async () => {
  db = await createTestDb('sqlite');
  // The guild's active threads, as each process's gateway session gets them on connecting.
  const threads: Record<string, unknown>[] = [];
  fake = await startFakeDiscord({ threads });
  const { world } = fake;
  caseThread = thread({
    world,
    parentId: world.channels.support.id,
    name: 'CASE-42',
    ownerId: world.people.bot.id,
  });
  threads.push(caseThread);
  fake.rest.channels.add(caseThread.id);
});
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop().catch(() => undefined);
  await fake.close();
  await db.cleanup();
});

/** One bot process on the shared Discord and store; `relay` stands for the core's relay. */
async function boot(relay?: Desk['message']) {
  const logger = createMemoryLogger();
  const owner = `process-${++processes}`;
  const journal = () => db.store.journal;
  let port: DurableChatPort | undefined;
  const relayed: { work: string | null; redo: boolean; text: string }[] = [];
  const harness = await startHarness<Desk>({
    fake,
    deliveries: { ledger: db.store.deliveries, leaseMs: LEASE_MS },
    outbound: (inner) => (port = new DurableChatPort({ inner, journal, owner, logger })),
    makeDesk: (context) => {
      const desk = recordingDeskFor(context);
      return {
        ...desk,
        message: (request) => {
          relayed.push({ work: currentWork(), redo: isRedo(), text: request.text });
          return (relay ?? desk.message)(request);
        },
      };
    },
  });
  running.push(harness);
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
  return { harness, relayed, deliver: () => worker.pass(), kill: () => harness.adapter.stop() };
}

describe('a message relayed from a case thread whose process died', () => {
  it('is relayed by the next process, under the same work', async () => {
    const dying = await boot(() => new Promise<never>(() => undefined));
    const { world } = fake;
    const written = message({
      world,
      author: world.people.alice,
      channelId: caseThread.id,
      content: 'The restart did not help, logs attached',
    });
    fake.dispatch('MESSAGE_CREATE', written);
    await waitFor(() => dying.relayed[0]);
    await dying.kill();

    const next = await boot(async () => null);
    expect(await next.deliver()).toMatchObject({ works: 1 });
    expect(next.relayed).toEqual([
      {
        work: `discord:message:${written.id}`,
        redo: true,
        text: 'The restart did not help, logs attached',
      },
    ]);
    expect(await next.deliver()).toMatchObject({ works: 0 });
  });

  it('talk in a thread costs the ledger nothing while relaying is off', async () => {
    const harness = await startHarness<Desk>({
      fake,
      config: { relayThreadMessages: false },
      deliveries: { ledger: db.store.deliveries, leaseMs: LEASE_MS },
      makeDesk: recordingDeskFor,
    });
    running.push(harness);
    const { world } = fake;
    fake.dispatch(
      'MESSAGE_CREATE',
      message({ world, author: world.people.alice, channelId: caseThread.id, content: 'hi' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await db.store.deliveries.prune(afterLeases())).toBe(0);
  });
});
