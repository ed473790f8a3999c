// Slash commands whose process died, redone by another process from the delivery ledger.
// `/support severity` cut after the change was committed: the redo answers that the severity
// changed (not "already"), and the team and the customer hear of it once. Real Bolt on the real
// core and SQLite store, against the fake Slack.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { stopApp } from '../../src/app/create-app.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { sendCommand, sendInteraction, viewSubmission } from '../fakes/slack/signed-requests.js';
import { silentLogger } from '../helpers/db.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { values } from './story-world.js';

let world: ConnectWorld;
const running: SlackHarness[] = [];
beforeEach(async () => {
  cutPosts = 0;
  world = await buildConnectWorld();
});
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.close().catch(() => undefined);
  await stopApp(world.parts);
  rmSync(world.dir, { recursive: true, force: true });
});

const afterLeases = () => new Date(Date.now() + 10 * 60_000);

function durable(inner: ChatPort, owner: string, now?: () => Date): DurableChatPort {
  return new DurableChatPort({
    inner,
    journal: () => world.parts.store.journal,
    owner,
    logger: silentLogger,
    ...(now ? { now } : {}),
  });
}

/** Posts process A was cut on (it never came back from them). */
let cutPosts = 0;

/** A process whose posts outside the team channel never come back (killed while sending one). */
function diesOutsideTeam(journaled: ChatPort): ChatPort {
  return {
    platform: journaled.platform,
    post: (place, view) => {
      if (place.channelId === CONNECT.teamChannel) return journaled.post(place, view);
      cutPosts += 1;
      return new Promise(() => undefined);
    },
    update: (message, view) => journaled.update(message, view),
    whisper: (place, user, view) => journaled.whisper(place, user, view),
    sendDirect: (user, view) => journaled.sendDirect(user, view),
    openPrivateSpace: (request) => journaled.openPrivateSpace(request),
  };
}

async function harness(
  wrap: (inner: ChatPort) => ChatPort,
  ledger: DeliveryLedger = world.parts.store.deliveries,
): Promise<SlackHarness> {
  const started = await startHttpHarness({
    desk: world.parts.desk,
    supportChannelIds: [CONNECT.supportChannel],
    processBeforeResponse: false,
    deliveries: { ledger },
    wrapChat: (inner) => (world.ports.slack = wrap(inner)),
  });
  started.fake.addUser(CONNECT.bob.id, CONNECT.bob.name);
  running.push(started);
  return started;
}

/** A later process's delivery worker, redoing through process `b` what a dead one left. */
function redoWorker(b: SlackHarness): DeliveryWorker {
  const store = world.parts.store;
  const worker = new DeliveryWorker({
    journal: () => store.journal,
    ledger: () => store.deliveries,
    ports: () => ({ slack: world.ports.slack as DurableChatPort }),
    owner: 'B',
    logger: silentLogger,
    now: afterLeases,
  });
  worker.registerWork('slack:', (payload) => b.adapter.replay(payload));
  return worker;
}

/** Bob opens a case through the form (process `h`, which stays alive for it). */
async function openCase(h: SlackHarness): Promise<string> {
  await sendCommand(h.target, {
    command: SLASH_COMMAND,
    text: 'open',
    user_id: CONNECT.bob.id,
    user_name: CONNECT.bob.name,
    user_team: CONNECT.bob.teamId,
    channel_id: CONNECT.supportChannel,
    response_url: h.fake.responseUrl('open'),
  });
  await h.fake.waitFor('views.open');
  const view = { ...(h.fake.callsTo('views.open')[0]!.args.view as object), id: 'V0FORM' };
  await sendInteraction(
    h.target,
    viewSubmission({
      user: CONNECT.bob,
      view,
      values: values({
        title: 'Ingest stalled on the EU cluster',
        situation: 'No documents indexed since 09:00',
        severity: '2',
        seriousness: 'Dashboards are empty',
        product: world.product,
        type: 'bug',
      }),
    }),
  );
  const store = world.parts.store;
  await expect
    .poll(async () => (await store.cases.list({}))[0]?.alertPlace ?? null, { timeout: 15_000 })
    .not.toBeNull();
  const reference = (await store.cases.list({}))[0]!.reference;
  // The form's work is done once Bob is confirmed: nothing of it is left for a later process.
  const confirmed = () =>
    h.fake
      .callsTo('chat.postMessage')
      .filter((c) => visibleText(c).includes(`${reference} opened`));
  await expect.poll(() => confirmed().length, { timeout: 15_000 }).toBe(1);
  await expect.poll(() => store.deliveries.backlog(new Date()).then((b) => b.undone)).toBe(0);
  return reference;
}

it('a severity change redone after its process died answers that it changed, and each side hears of it once', async () => {
  const opener = await harness((inner) => durable(inner, 'O'));
  const reference = await openCase(opener);
  await opener.close();

  // Process A: Sam's command changes the severity, tells the team, and dies telling Bob.
  const a = await harness((inner) => diesOutsideTeam(durable(inner, 'A')));
  const url = a.fake.responseUrl('severity');
  await sendCommand(a.target, {
    command: SLASH_COMMAND,
    text: `severity ${reference} 1 the whole EU region is down`,
    user_id: CONNECT.engineer.id,
    user_name: CONNECT.engineer.name,
    channel_id: CONNECT.teamChannel,
    response_url: url,
  });
  const store = world.parts.store;
  await expect
    .poll(async () => (await store.cases.byReference(reference))?.severity, { timeout: 15_000 })
    .toBe(1);
  const teamNotices = (h: SlackHarness) =>
    h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === CONNECT.teamChannel && visibleText(c).includes('changed'));
  await expect.poll(() => teamNotices(a).length, { timeout: 15_000 }).toBe(1);
  // A is cut before B starts: the Desk is shared, and sends through the port of the last started.
  await expect.poll(() => cutPosts, { timeout: 15_000 }).toBe(1);

  // Process B redoes the command once the leases ran out.
  const b = await harness((inner) => durable(inner, 'B', afterLeases));
  expect((await redoWorker(b).pass()).works).toBeGreaterThanOrEqual(1);

  const answers = a.fake.responses.filter((r) => url.endsWith(r.path));
  expect(answers.map((r) => visibleText(r.body))).toEqual([
    expect.stringContaining('is now Urgent'),
  ]);
  expect(teamNotices(a).length + teamNotices(b).length).toBe(1);
  const toBob = b.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel !== CONNECT.teamChannel && visibleText(c).includes(reference));
  expect(toBob).toHaveLength(1);
});

// The answer is written down in the message journal like any other message, not sent by Bolt's
// `respond` behind its back: a command whose process died after answering and before it was
// marked done is redone without answering twice.
it('a command redone after its process died before marking it done is answered once', async () => {
  const store = world.parts.store;
  let cut = false;
  const dying = Object.create(store.deliveries) as DeliveryLedger;
  dying.done = () => {
    cut = true;
    return new Promise(() => undefined);
  };
  const a = await harness((inner) => durable(inner, 'A'), dying);
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

  const b = await harness((inner) => durable(inner, 'B', afterLeases));
  expect((await redoWorker(b).pass()).works).toBe(1);
  expect((await store.deliveries.backlog(afterLeases())).undone).toBe(0);
  expect(answers()).toHaveLength(1);
});
