// Slack Connect on the real conversation core: a customer from a workspace nobody mapped is
// recognised by the org's shared channel (kind 'channel'); a customer of another org stays in
// their own org there. Then the resolution notice's *Reopen* button, pressed by the wrong and the
// right person.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stopApp } from '../../src/app/create-app.js';
import { ACTION_IDS, CALLBACK_IDS, SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import {
  blockAction,
  sendCommand,
  sendEvent,
  sendInteraction,
  viewSubmission,
  type SlackUser,
} from '../fakes/slack/signed-requests.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { button, buttons, visibleText } from './slack-calls.js';
import { after, asUser, nextTs, values } from './story-world.js';

const QUESTION = 'The beacon agent is not reporting data from my servers anymore';

describe('Slack Connect and Reopen on the real core', () => {
  let world: ConnectWorld | null = null;
  let h: SlackHarness | null = null;
  afterEach(async () => {
    await h?.close();
    if (world) {
      await stopApp(world.parts);
      rmSync(world.dir, { recursive: true, force: true });
    }
    h = null;
    world = null;
  });

  async function ask(user: SlackUser, channel: string) {
    const ts = nextTs();
    const since = after(h!);
    await sendEvent(h!.target, {
      type: 'message',
      channel,
      channel_type: 'channel',
      ...asUser(user),
      text: QUESTION,
      ts,
    });
    const reply = since('chat.postMessage').find(
      (c) => c.args.channel === channel && c.args.thread_ts === ts,
    );
    expect(reply, `suggestions for ${user.name} in ${channel}`).toBeDefined();
    return { ts, reply: reply! };
  }

  async function press(
    user: SlackUser,
    channel: string,
    ts: string,
    actionId: string,
    value: string,
  ) {
    const since = after(h!);
    await sendInteraction(
      h!.target,
      blockAction({ user, channel, message: { ts, thread_ts: ts }, actionId, value }),
    );
    return since;
  }

  async function status(user: SlackUser, channel: string): Promise<string> {
    const url = h!.fake.responseUrl('status');
    await sendCommand(h!.target, {
      command: SLASH_COMMAND,
      text: 'status',
      user_id: user.id,
      user_name: user.name,
      user_team: user.teamId ?? '',
      channel_id: channel,
      response_url: url,
    });
    const answer = h!.fake.responses.find((r) => url.endsWith(r.path));
    expect(answer, `status answer for ${user.name}`).toBeDefined();
    return visibleText(answer!.body);
  }

  it('recognises a customer by the shared channel, keeps other orgs out, and reopens from the notice', async () => {
    world = await buildConnectWorld();
    const ports = world.ports;
    h = await startHttpHarness({
      desk: world.parts.desk,
      supportChannelIds: [CONNECT.supportChannel, CONNECT.sharedChannel],
      bindChat: (a) => (ports.slack = a.chat),
    });
    const { dana, bob, stranger, engineer, sharedChannel, supportChannel, teamChannel } = CONNECT;
    for (const user of [dana, bob, stranger, engineer]) h.fake.addUser(user.id, user.name);

    // Control: an unknown workspace in a plain support channel maps to no org: no *Open a case*.
    const stray = await ask(stranger, supportChannel);
    expect(buttons(stray.reply).map((b) => b.action_id)).not.toContain(ACTION_IDS.openCase);

    // Dana's workspace is unknown, but she asks in Acme's shared channel: she gets Acme's form.
    const asked = await ask(dana, sharedChannel);
    let since = await press(
      dana,
      sharedChannel,
      asked.ts,
      ACTION_IDS.openCase,
      button(asked.reply, ACTION_IDS.openCase).value,
    );
    const opened = since('views.open');
    expect(opened).toHaveLength(1);
    const modal = opened[0]!.args.view as Record<string, unknown>;
    expect(modal.callback_id).toBe(CALLBACK_IDS.caseForm);
    since = after(h);
    const submitted = await sendInteraction(
      h.target,
      viewSubmission({
        user: dana,
        view: modal,
        values: values({
          title: 'Agent stopped reporting',
          situation: 'No data from 40 hosts since 09:00',
          severity: '1',
          seriousness: 'Monitoring is blind',
          product: world.product,
          type: 'bug',
        }),
      }),
    );
    expect(submitted.json?.response_action).toBeUndefined();
    const confirmation = since('chat.postMessage').find(
      (c) => c.args.channel === sharedChannel && c.args.thread_ts === asked.ts,
    );
    const reference = /[A-Z]+-\d+/.exec(visibleText(confirmation!))?.[0];
    expect(reference).toBeDefined();
    const alert = since('chat.postMessage').find(
      (c) => c.args.channel === teamChannel && visibleText(c).includes(reference!),
    );
    expect(alert && visibleText(alert)).toContain('Acme Corp');

    // Dana sees her org's case; Bob (Globex's workspace) in the same shared channel does not.
    expect(await status(dana, sharedChannel)).toContain(reference!);
    expect(await status(bob, sharedChannel)).not.toContain(reference!);
    const bobAsks = await ask(bob, sharedChannel);
    expect(visibleText(bobAsks.reply)).not.toContain(reference!);

    // The engineer claims and resolves: the customer's thread gets the notice with *Reopen*.
    const alertTs = String(alert!.response.ts);
    const caseValue = button(alert!, ACTION_IDS.claim).value;
    await press(engineer, teamChannel, alertTs, ACTION_IDS.claim, caseValue);
    since = await press(engineer, teamChannel, alertTs, ACTION_IDS.resolve, caseValue);
    const notice = since('chat.postMessage').find(
      (c) => c.args.channel === sharedChannel && /resolved/.test(visibleText(c)),
    );
    expect(notice, 'resolution notice in the customer thread').toBeDefined();
    expect(notice!.args.thread_ts).toBe(asked.ts);
    const reopen = button(notice!, ACTION_IDS.reopen);
    expect(reopen.text).toBe(`Reopen ${reference}`);
    expect(await status(dana, sharedChannel)).not.toContain(reference!);

    // Bob may not reopen Acme's case: refused privately, nothing changes.
    const noticeTs = String(notice!.response.ts);
    since = await press(bob, sharedChannel, noticeTs, ACTION_IDS.reopen, reopen.value);
    const refusal = since('chat.postEphemeral');
    expect(refusal.map((c) => c.args.user)).toEqual([bob.id]);
    // Another org's case is answered like a missing one: the refusal confirms nothing.
    expect(visibleText(refusal[0]!)).toMatch(/There is no such case/);
    expect(since('chat.update')).toHaveLength(0);

    // Dana reopens it: told so, the team's thread hears it, the alert is updated, status shows it.
    since = await press(dana, sharedChannel, noticeTs, ACTION_IDS.reopen, reopen.value);
    const told = since('chat.postEphemeral').filter((c) => c.args.user === dana.id);
    expect(told.map((c) => visibleText(c)).join('\n')).toContain(`${reference} is open again`);
    expect(
      since('chat.postMessage').some(
        (c) =>
          c.args.channel === teamChannel && visibleText(c).includes(`Dana reopened ${reference}`),
      ),
    ).toBe(true);
    expect(since('chat.update').some((c) => c.args.ts === alertTs)).toBe(true);
    expect(await status(dana, sharedChannel)).toContain(reference!);

    // Pressing it again is refused by the domain (the case is not resolved any more).
    since = await press(dana, sharedChannel, noticeTs, ACTION_IDS.reopen, reopen.value);
    expect(visibleText(since('chat.postEphemeral')[0]!)).toMatch(/not resolved/);
  });
});
