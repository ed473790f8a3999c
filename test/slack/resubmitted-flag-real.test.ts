// One public post flagged through two dialogs (the shortcut used twice, or by two moderators at
// once): the post moves once. One case, one note in the public thread, one alert, one welcome in
// the author's private space; the moderator is told the case once (the second run's answer is the
// first's, already sent).
// The real core and the real Bolt against the fake Slack, posting through the message journal.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CONNECT, type ConnectWorld } from './connect-world.js';
import { openFlagDialog, submitFlagDialog } from './flag-dialog.js';
import type { SlackHarness } from './harness.js';
import { MODERATOR, startModeratedConnect } from './moderated-connect.js';
import { visibleText } from './slack-calls.js';
import { after, nextTs } from './story-world.js';

const COMMUNITY = 'CCOMMUNITY';

let world: ConnectWorld;
let h: SlackHarness;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ world, h, close } = await startModeratedConnect({ durable: true }));
});
afterEach(() => close());

it('a post flagged through two dialogs moves once: one case, one note, one alert, one welcome', async () => {
  const post = {
    ts: nextTs(),
    user: CONNECT.bob.id,
    user_team: CONNECT.bob.teamId,
    text: 'Our prod cluster is down since 10:00, licence key LIC-9F3A-77QX',
  };
  const open = () => openFlagDialog(h, { user: MODERATOR, channel: COMMUNITY, message: post });
  const first = await open();
  const second = await open();
  expect(first).not.toBeNull();
  expect(second).not.toBeNull();
  const since = after(h);
  await submitFlagDialog(h, MODERATOR, first!, { severity: '2' });
  await submitFlagDialog(h, MODERATOR, second!, { severity: '3' });

  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect(cases[0]!.severity).toBe(2);
  const reference = cases[0]!.reference;
  const posts = since('chat.postMessage');
  const to = (channel: string) => posts.filter((call) => call.args.channel === channel);
  expect(to(COMMUNITY)).toHaveLength(1);
  expect(
    to(CONNECT.teamChannel).filter((call) => visibleText(call).includes(reference)),
  ).toHaveLength(1);
  const welcomes = posts.filter((call) => visibleText(call).includes('moved your post here'));
  expect(welcomes).toHaveLength(1);
  const told = since('chat.postEphemeral').filter((call) => call.args.user === MODERATOR.id);
  expect(told).toHaveLength(1);
  expect(visibleText(told[0]!)).toContain(reference);
});
