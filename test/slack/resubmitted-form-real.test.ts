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
