// Flag for private support on the real core and the real Bolt, for an author casebot has never
// met: their org is found from the flagged message itself (the author's Slack Connect workspace),
// as it would be had they asked a question.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { stopApp } from '../../src/app/create-app.js';
import { flagThroughDialog } from './flag-dialog.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { visibleText } from './slack-calls.js';
import { after, nextTs } from './story-world.js';

const COMMUNITY = 'CCOMMUNITY';
const MODERATOR = { id: 'UMOD', name: 'Mo' };

let world: ConnectWorld;
let h: SlackHarness;
beforeEach(async () => {
  world = await buildConnectWorld();
  await world.parts.store.directory.upsertPerson({
    handle: 'mo',
    displayName: MODERATOR.name,
    orgId: null,
    roles: ['moderator'],
    identities: [{ platform: 'slack', userId: MODERATOR.id }],
    teamId: null,
    timeZone: null,
    shift: null,
  });
  const ports = world.ports;
  h = await startHttpHarness({
    desk: world.parts.desk,
    bindChat: (a) => (ports.slack = a.chat),
  });
  for (const user of [CONNECT.bob, MODERATOR]) h.fake.addUser(user.id, user.name);
});
afterEach(async () => {
  await h.close();
  await stopApp(world.parts);
  rmSync(world.dir, { recursive: true, force: true });
});

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
