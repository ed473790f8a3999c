// A customer's question posted in a support channel, handled by a process that dies before it is
// finished: Discord does not send a gateway event again to a new session, so the question is
// written down with its packet while it is handled. Real discord.js against one fake Discord, the
// ledger and the message journal on a real SQLite store, each process with the app's durable port
// and delivery worker: process A takes the question and is killed; process B's worker redoes it
// under the same work key, so the question is answered exactly once, whether A had answered or
// not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/core/conversation/desk.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import { currentWork, isRedo } from '../../src/core/delivery/work-scope.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { message } from '../fakes/discord/payloads.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { startHarness, waitFor, type Harness } from './harness.js';
import { recordingDeskFor } from './helpers.js';

const LEASE_MS = 60_000;
const afterLeases = () => new Date(Date.now() + 10 * LEASE_MS);

let db: TestDb;
let fake: FakeDiscord;
const running: Harness<Desk>[] = [];
let processes = 0;
beforeEach(async () => {
  db = await createTestDb('sqlite');
  fake = await startFakeDiscord();
});
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop().catch(() => undefined);
  await fake.close();
  await db.cleanup();
});

interface Process {
  harness: Harness<Desk>;
  /** Questions this process's Desk was asked, with the work they ran in. */
  asked: { work: string | null; redo: boolean }[];
  /** One pass of this process's delivery worker, its clock past every lease. */
  deliver(): Promise<unknown>;
  /** Killed: its gateway connection gone, whatever it was doing never finishes. */
  kill(): Promise<void>;
}

/** One bot process on the shared Discord and store, wired as run-app.ts wires it. */
async function boot(
  options: { ask?: Desk['ask']; ledger?: DeliveryLedger } = {},
): Promise<Process> {
  const logger = createMemoryLogger();
  const owner = `process-${++processes}`;
  const journal = () => db.store.journal;
  let port: DurableChatPort | undefined;
  const asked: Process['asked'] = [];
  const harness = await startHarness<Desk>({
    fake,
    deliveries: { ledger: options.ledger ?? db.store.deliveries, leaseMs: LEASE_MS },
    outbound: (inner) => (port = new DurableChatPort({ inner, journal, owner, logger })),
    makeDesk: (context) => {
      const desk = recordingDeskFor(context);
      return {
        ...desk,
        ask: (request) => {
          asked.push({ work: currentWork(), redo: isRedo() });
          return (options.ask ?? desk.ask)(request);
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
  return {
    harness,
    asked,
    deliver: () => worker.pass(),
    kill: () => harness.adapter.stop(),
  };
}

function postQuestion(content: string) {
  const { world } = fake;
  const question = message({
    world,
    author: world.people.alice,
    channelId: world.channels.support.id,
    content,
  });
  fake.dispatch('MESSAGE_CREATE', question);
  return question;
}

/** Replies to `questionId` that Discord accepted, whichever process sent them. */
const answersTo = (questionId: string) =>
  fake.rest
    .find('POST', new RegExp(`^/channels/${fake.world.channels.support.id}/messages$`))
    .filter((r) => r.status >= 200 && r.status < 300)
    .filter(
      (r) =>
        (r.body as { message_reference?: { message_id?: string } }).message_reference
          ?.message_id === questionId,
    );

describe('a question whose process died is answered by the next one, once', () => {
  it('A is killed while it works out the suggestions; B answers the question', async () => {
    const dying = await boot({ ask: () => new Promise<never>(() => undefined) });
    const question = postQuestion('How do I restart ingest after the upgrade?');
    await waitFor(() => dying.asked[0]);
    await dying.kill();
    expect(answersTo(question.id)).toEqual([]);

    const next = await boot();
    expect(await next.deliver()).toMatchObject({ works: 1 });
    await waitFor(() => answersTo(question.id)[0]);
    expect(next.asked).toEqual([{ work: `discord:message:${question.id}`, redo: true }]);
    const [answer] = answersTo(question.id);
    expect((answer!.body as { embeds: { title: string }[] }).embeds[0]!.title).toBe(
      'These articles may help',
    );
    // Done now: a later pass has nothing left to redo, and nothing more is sent.
    expect(await next.deliver()).toMatchObject({ works: 0 });
    expect(answersTo(question.id)).toHaveLength(1);
  });

  it('A answered and was killed before it wrote that down; B recognises the answer and sends none', async () => {
    // The ledger's update is the step the kill cuts: the question stays unfinished in the store.
    const ledger = db.store.deliveries;
    const cutBeforeDone: DeliveryLedger = {
      ...ledger,
      claim: (...args) => ledger.claim(...args),
      takeStale: (...args) => ledger.takeStale(...args),
      backlog: (...args) => ledger.backlog(...args),
      prune: (...args) => ledger.prune(...args),
      done: () => new Promise<never>(() => undefined),
    };
    const dying = await boot({ ledger: cutBeforeDone });
    const question = postQuestion('Kibana shows a blank page after login');
    await waitFor(() => answersTo(question.id)[0]);
    await dying.kill();

    const next = await boot();
    expect(await next.deliver()).toMatchObject({ works: 1 });
    expect(answersTo(question.id)).toHaveLength(1);
    // B did the work again, under A's key: the journal knew the reply by it.
    expect(next.asked).toEqual([{ work: `discord:message:${question.id}`, redo: true }]);
    expect(await next.deliver()).toMatchObject({ works: 0 });
  });

  it('talk casebot does not act on costs the ledger nothing', async () => {
    const process = await boot();
    const { world } = fake;
    fake.dispatch(
      'MESSAGE_CREATE',
      message({
        world,
        author: world.people.bob,
        channelId: world.channels.community.id,
        content: 'hi',
      }),
    );
    const question = postQuestion('Where are the ingest logs?');
    await waitFor(() => answersTo(question.id)[0]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One row, the question's (marked done): the other channel's message was never written.
    expect(await db.store.deliveries.prune(afterLeases())).toBe(1);
    expect(process.asked).toHaveLength(1);
  });
});
