// A slash command whose process died after its answer went out and before the command was marked
// done: the next process redoes it from the delivery ledger, and the person reads the answer once
// (the answer is written down in the message journal like any other message, not sent by Bolt's
// `respond` behind its back). Real Bolt on the real core and SQLite store, against the fake Slack.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { stopApp } from '../../src/app/create-app.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { sendCommand } from '../fakes/slack/signed-requests.js';
import { silentLogger } from '../helpers/db.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';

let world: ConnectWorld;
const running: SlackHarness[] = [];
beforeEach(async () => {
  world = await buildConnectWorld();
});
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.close().catch(() => undefined);
  await stopApp(world.parts);
  rmSync(world.dir, { recursive: true, force: true });
});

const afterLeases = () => new Date(Date.now() + 10 * 60_000);

async function process(
  owner: string,
  ledger: DeliveryLedger,
  now?: () => Date,
): Promise<SlackHarness> {
  const started = await startHttpHarness({
    desk: world.parts.desk,
    supportChannelIds: [CONNECT.supportChannel],
    processBeforeResponse: false,
    deliveries: { ledger },
    wrapChat: (inner) =>
      (world.ports.slack = new DurableChatPort({
        inner,
        journal: () => world.parts.store.journal,
        owner,
        logger: silentLogger,
        ...(now ? { now } : {}),
      })),
  });
  running.push(started);
  return started;
}

it('is answered once when redone after its process died before marking it done', async () => {
  const store = world.parts.store;
  // Process A never comes back from marking the command done (killed there).
  let cut = false;
  const dying = Object.create(store.deliveries) as DeliveryLedger;
  dying.done = () => {
    cut = true;
    return new Promise(() => undefined);
  };
  const a = await process('A', dying);
  const url = a.fake.responseUrl('help');
  await sendCommand(a.target, {
    command: SLASH_COMMAND,
    text: 'help',
    user_id: CONNECT.bob.id,
    user_name: CONNECT.bob.name,
    user_team: CONNECT.bob.teamId,
    channel_id: CONNECT.supportChannel,
    response_url: url,
  });
  const answers = () => a.fake.responses.filter((r) => url.endsWith(r.path));
  await expect.poll(() => answers().length, { timeout: 15_000 }).toBe(1);
  await expect.poll(() => cut).toBe(true);
  expect(visibleText(answers()[0]!.body)).toContain('/support');

  // Process B redoes the command once A's claim has run out.
  const b = await process('B', store.deliveries, afterLeases);
  const worker = new DeliveryWorker({
    journal: () => store.journal,
    ledger: () => store.deliveries,
    ports: () => ({ slack: world.ports.slack as DurableChatPort }),
    owner: 'B',
    logger: silentLogger,
    now: afterLeases,
  });
  worker.registerWork('slack:', (payload) => b.adapter.replay(payload));
  expect((await worker.pass()).works).toBe(1);
  expect((await store.deliveries.backlog(afterLeases())).undone).toBe(0);
  expect(answers()).toHaveLength(1);
});
