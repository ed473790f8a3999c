// "This solved it" in Slack after "no good match", on the real core and the real Bolt: the button is
// not offered, and a press of it anyway (a stale message, a crafted value) is refused privately,
// so nothing is recorded as solved with zero articles.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/adapters/slack/ids.js';
import { decodeSuggestionValue } from '../../src/adapters/slack/render-messages.js';
import { stopApp } from '../../src/app/create-app.js';
import { blockAction, sendEvent, sendInteraction } from '../fakes/slack/signed-requests.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { button, buttons, visibleText } from './slack-calls.js';
import { after, asUser, nextTs } from './story-world.js';

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

/** Bob asks in the support channel; returns the bot's answer and the question's ts. */
async function ask(text: string) {
  const since = after(h);
  const ts = nextTs();
  await sendEvent(h.target, {
    type: 'message',
    channel: CONNECT.supportChannel,
    channel_type: 'channel',
    ...asUser(CONNECT.bob),
    text,
    ts,
  });
  const answer = since('chat.postMessage').find((c) => buttons(c).length > 0);
  if (!answer) throw new Error(`no answer to "${text}"`);
  return { answer, ts };
}

it('refuses This solved it after no good match and keeps the question unsolved', async () => {
  const { answer, ts } = await ask('Our invoice shows the wrong VAT number');
  expect(visibleText(answer)).toContain('I found no article');
  expect(buttons(answer).map((b) => b.action_id)).toEqual([ACTION_IDS.openCase]);
  // The open-case button carries the same value a solved button would.
  const value = button(answer, ACTION_IDS.openCase).value;
  const deflectionId = decodeSuggestionValue(value)?.d ?? '';

  const since = after(h);
  await sendInteraction(
    h.target,
    blockAction({
      user: CONNECT.bob,
      channel: CONNECT.supportChannel,
      message: { ts: nextTs(), thread_ts: ts },
      actionId: ACTION_IDS.solved,
      value,
    }),
  );
  const told = since('chat.postEphemeral').map((c) => visibleText(c));
  expect(told.join('\n')).toMatch(/No article was suggested for this question/);
  expect(await world.parts.store.deflections.byId(deflectionId)).toMatchObject({
    outcome: 'no-answer',
  });
});
