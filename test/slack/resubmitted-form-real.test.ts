// A case form submitted again with the same view.id (issue 15 item 3: its first answer was lost,
// or the process handling it died) opens no second case: the real Bolt app on the real core and
// SQLite store, against the fake Slack.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { stopApp } from '../../src/app/create-app.js';
import { sendCommand, sendInteraction, viewSubmission } from '../fakes/slack/signed-requests.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { values } from './story-world.js';
import type { ChatPort } from '../../src/core/ports/platform.js';

let world: ConnectWorld;
let h: SlackHarness;
beforeEach(async () => {
  world = await buildConnectWorld();
  const ports = world.ports;
  h = await startHttpHarness({
    desk: world.parts.desk,
    supportChannelIds: [CONNECT.supportChannel],
    bindChat: (a) => (ports.slack = a.chat),
  });
  h.fake.addUser(CONNECT.bob.id, CONNECT.bob.name);
});
afterEach(async () => {
  await h.close();
  await stopApp(world.parts);
  rmSync(world.dir, { recursive: true, force: true });
});

/** `/support open` as Bob; the modal Slack opened (its `id` is the view.id). */
async function openForm(): Promise<Record<string, unknown>> {
  await sendCommand(h.target, {
    command: SLASH_COMMAND,
    text: 'open',
    user_id: CONNECT.bob.id,
    user_name: CONNECT.bob.name,
    user_team: CONNECT.bob.teamId,
    channel_id: CONNECT.supportChannel,
    response_url: h.fake.responseUrl('cmd'),
  });
  await h.fake.waitFor('views.open');
  const opened = h.fake.callsTo('views.open');
  expect(opened).toHaveLength(1);
  return { ...(opened[0]!.args.view as object), id: 'V0SAMEFORM' };
}

const submit = (view: Record<string, unknown>) =>
  sendInteraction(
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

async function outcome() {
  const cases = await world.parts.store.cases.list({});
  const posts = h.fake.callsTo('chat.postMessage');
  const alerts = posts.filter((c) => c.args.channel === CONNECT.teamChannel);
  const reference = cases[0]?.reference ?? 'none';
  const confirmations = posts.filter(
    (c) => c.args.channel !== CONNECT.teamChannel && visibleText(c).includes(`${reference} opened`),
  );
  return { cases, alerts, confirmations };
}

describe('the same case form submitted twice', () => {
  it('one after the other: one case, one alert, one confirmation; the second is told privately', async () => {
    const view = await openForm();
    expect((await submit(view)).status).toBe(200);
    const again = await submit(view);
    expect(again.status).toBe(200);
    expect(again.json?.response_action).toBeUndefined();

    const { cases, alerts, confirmations } = await outcome();
    expect(cases).toHaveLength(1);
    expect(alerts).toHaveLength(1);
    expect(confirmations).toHaveLength(1);
    const told = h.fake.callsTo('chat.postEphemeral').map((c) => visibleText(c));
    const dms = h.fake.callsTo('chat.postMessage').map((c) => visibleText(c));
    expect([...told, ...dms].filter((t) => t.includes('already opened'))).toEqual([
      expect.stringContaining(cases[0]!.reference),
    ]);
  });

  it('both at once: one case, one alert, one confirmation', async () => {
    const view = await openForm();
    const replies = await Promise.all([submit(view), submit(view)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);

    const { cases, alerts, confirmations } = await outcome();
    expect(cases).toHaveLength(1);
    expect(alerts).toHaveLength(1);
    expect(confirmations).toHaveLength(1);
  });
});

describe('a case form whose process died after the alert, before the confirmation', () => {
  it('is redone by another process: the confirmation goes out once, the alert is not repeated', async () => {
    const { DurableChatPort } = await import('../../src/core/delivery/durable-chat-port.js');
    const { DeliveryWorker } = await import('../../src/core/delivery/delivery-worker.js');
    const { silentLogger } = await import('../helpers/db.js');
    const store = world.parts.store;
    const afterLeases = () => new Date(Date.now() + 10 * 60_000);
    const durable = (inner: ChatPort, owner: string, now?: () => Date) =>
      new DurableChatPort({
        inner,
        journal: () => store.journal,
        owner,
        logger: silentLogger,
        ...(now ? { now } : {}),
      });
    // Process A: the alert goes out, then it dies while confirming to the customer.
    await h.close();
    h = await startHttpHarness({
      desk: world.parts.desk,
      supportChannelIds: [CONNECT.supportChannel],
      processBeforeResponse: false,
      deliveries: { ledger: store.deliveries },
      wrapChat: (inner) => {
        // Dies before the confirmation is even written down: only redoing the work can send it.
        const journaled = durable(inner, 'A');
        const dying: ChatPort = {
          platform: inner.platform,
          post: (place, view) =>
            place.channelId === CONNECT.teamChannel
              ? journaled.post(place, view)
              : new Promise(() => undefined),
          update: (message, view) => journaled.update(message, view),
          whisper: (place, user, view) => journaled.whisper(place, user, view),
          sendDirect: (user, view) => journaled.sendDirect(user, view),
          openPrivateSpace: (request) => journaled.openPrivateSpace(request),
        };
        return (world.ports.slack = dying);
      },
    });
    h.fake.addUser(CONNECT.bob.id, CONNECT.bob.name);
    const view = await openForm();
    await submit(view);
    await expect
      .poll(
        async () => (await store.events.forCase((await store.cases.list({}))[0]?.id ?? '')).length,
      )
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await store.cases.list({}))[0]?.alertPlace ?? null)
      .not.toBeNull();
    const first = await outcome();
    expect([first.cases.length, first.alerts.length, first.confirmations.length]).toEqual([
      1, 1, 0,
    ]);

    // Process B, once the leases ran out.
    const b = await startHttpHarness({
      desk: world.parts.desk,
      supportChannelIds: [CONNECT.supportChannel],
      deliveries: { ledger: store.deliveries },
      wrapChat: (inner) => (world.ports.slack = durable(inner, 'B', afterLeases)),
    });
    try {
      b.fake.addUser(CONNECT.bob.id, CONNECT.bob.name);
      const worker = new DeliveryWorker({
        journal: () => store.journal,
        ledger: () => store.deliveries,
        ports: () => ({ slack: world.ports.slack as InstanceType<typeof DurableChatPort> }),
        owner: 'B',
        logger: silentLogger,
        now: afterLeases,
      });
      worker.registerWork('slack:', (payload) => b.adapter.replay(payload));
      expect((await worker.pass()).works).toBeGreaterThanOrEqual(1);
      const reference = first.cases[0]!.reference;
      const posts = b.fake.callsTo('chat.postMessage');
      expect(posts.filter((c) => visibleText(c).includes(`${reference} opened`))).toHaveLength(1);
      expect(posts.filter((c) => c.args.channel === CONNECT.teamChannel)).toHaveLength(0);
      expect(await store.cases.list({})).toHaveLength(1);
    } finally {
      await b.close();
    }
  });
});
