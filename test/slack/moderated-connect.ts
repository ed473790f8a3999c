// The Slack Connect world with a community moderator, served by the real Bolt app over the fake
// Slack: the setup every flag test on the real core starts from.
import { rmSync } from 'node:fs';
import { stopApp } from '../../src/app/create-app.js';
import { asTheAppRuns, buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';

export const MODERATOR = { id: 'UMOD', name: 'Mo' };

export interface ModeratedConnect {
  world: ConnectWorld;
  h: SlackHarness;
  close(): Promise<void>;
}

/** `durable`: as the app runs it, through the message journal and the delivery ledger. */
export async function startModeratedConnect({ durable = false } = {}): Promise<ModeratedConnect> {
  const world = await buildConnectWorld();
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
  const h = await startHttpHarness({
    desk: world.parts.desk,
    bindChat: (a) => (ports.slack = a.chat),
    ...(durable ? asTheAppRuns(world) : {}),
  });
  for (const user of [CONNECT.bob, MODERATOR]) h.fake.addUser(user.id, user.name);
  return {
    world,
    h,
    close: async () => {
      await h.close();
      await stopApp(world.parts);
      rmSync(world.dir, { recursive: true, force: true });
    },
  };
}
