// Flag for private support on the real core and the real Bolt, for an author casebot has never
// met: their org is found from the flagged message itself (the author's Slack Connect workspace),
// as it would be had they asked a question.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { flagThroughDialog } from './flag-dialog.js';
import { CONNECT, type ConnectWorld } from './connect-world.js';
import type { SlackHarness } from './harness.js';
import { MODERATOR, startModeratedConnect } from './moderated-connect.js';
import { visibleText } from './slack-calls.js';
import { after, nextTs } from './story-world.js';

const COMMUNITY = 'CCOMMUNITY';

let world: ConnectWorld;
let h: SlackHarness;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ world, h, close } = await startModeratedConnect());
});
afterEach(() => close());

it('opens a case for a flagged author known only by their Slack Connect workspace', async () => {
  const since = after(h);
  await flagThroughDialog(h, {
    user: MODERATOR,
    channel: COMMUNITY,
    message: {
      ts: nextTs(),
      user: CONNECT.bob.id,
      user_team: CONNECT.bob.teamId,
      text: 'Our prod cluster is down since 10:00, all shards red',
    },
  });
  const told = [...since('chat.postEphemeral'), ...since('chat.postMessage')]
    .map((c) => visibleText(c))
    .join('\n');
  expect(told).toMatch(/opened for Bob/);
  const cases = await world.parts.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect((await world.parts.store.directory.orgById(cases[0]!.orgId))?.slug).toBe('globex');
});
