// A small Slack Connect world on the real conversation core: Acme is known only by its shared
// channel (its customers' workspace is not mapped), Globex by its workspace. One team, one engineer.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type AppParts } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config/env.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { Platform } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { SlackUser } from '../fakes/slack/signed-requests.js';
import { silentLogger } from '../helpers/db.js';
import { recordingLogger, type HarnessOptions } from './harness.js';

const WEEK = [1, 2, 3, 4, 5, 6, 7];

export const CONNECT = {
  sharedChannel: 'C0ACMESHARED',
  supportChannel: 'CSUPPORT',
  teamChannel: 'CTEAM',
  /** Acme's customer, from a workspace the setup does not know. */
  dana: { id: 'UDANA', name: 'Dana', teamId: 'T0ACMEUNMAPPED' } satisfies SlackUser,
  /** Globex's customer, recognised by the Globex workspace. */
  bob: { id: 'UBOB', name: 'Bob', teamId: 'T0GLOBEX' } satisfies SlackUser,
  /** Nobody's customer: an unknown workspace, never in a shared channel. */
  stranger: { id: 'USTRANGER', name: 'Stray', teamId: 'T0NOBODY' } satisfies SlackUser,
  engineer: { id: 'UENG', name: 'Sam Rivera' } satisfies SlackUser,
};

export interface ConnectWorld {
  parts: AppParts;
  ports: Partial<Record<Platform, ChatPort>>;
  dir: string;
  product: string;
}

export async function buildConnectWorld(): Promise<ConnectWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-slack-connect-'));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, 'casebot.db')}`,
    KB_DIR: 'kb',
    KB_WATCH: 'off',
    CASEBOT_DEMO_SEED: 'off',
    CASEBOT_CLOCK_START: '2026-11-23T09:00:00Z',
  });
  const ports: Partial<Record<Platform, ChatPort>> = {};
  const parts = await buildApp({
    config,
    logger: recordingLogger(),
    ports,
    mode: 'platforms',
    setup: null,
  });
  const { directory } = parts.store;
  const calendar = {
    timeZone: 'Europe/Paris',
    country: 'FR',
    hours: { days: WEEK, start: '00:00', end: '23:59' },
  };
  const org = (slug: string, name: string, kind: 'team' | 'channel', value: string) =>
    directory.upsertOrg({
      slug,
      name,
      tier: 'platinum',
      deployment: 'cloud',
      calendar,
      identities: [{ platform: 'slack', kind, value }],
    });
  await org('acme', 'Acme Corp', 'channel', CONNECT.sharedChannel);
  await org('globex', 'Globex Inc', 'team', CONNECT.bob.teamId);
  const products = parts.kb.products();
  const team = await directory.upsertTeam({
    slug: 'platform',
    name: 'Platform',
    products,
    channels: [{ platform: 'slack', channelId: CONNECT.teamChannel }],
    onCall: [],
  });
  await directory.upsertPerson({
    handle: 'sam',
    displayName: CONNECT.engineer.name,
    orgId: null,
    roles: ['engineer'],
    identities: [{ platform: 'slack', userId: CONNECT.engineer.id }],
    teamId: team.id,
    timeZone: 'Europe/Paris',
    shift: { start: '00:00', end: '23:59', days: WEEK },
    capacity: 15,
  });
  return { parts, ports, dir, product: products[0] ?? 'beacon' };
}

/** The harness options that run the world as the app does: the message journal, the delivery ledger. */
export function asTheAppRuns(world: ConnectWorld): Pick<HarnessOptions, 'deliveries' | 'wrapChat'> {
  const store = world.parts.store;
  return {
    deliveries: { ledger: store.deliveries },
    wrapChat: (inner) =>
      new DurableChatPort({
        inner,
        journal: () => store.journal,
        owner: 'A',
        logger: silentLogger,
      }),
  };
}
