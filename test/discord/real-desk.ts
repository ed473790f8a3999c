// The real core (createDesk over a real SQLite store, a real knowledge base and the SLA loop),
// seeded so that the fake Discord world maps onto the demo world: the `acme-customers` role is
// Acme, Bob is Globex, sam/lee are the Platform team's engineers (Sam Rivera, Kim Tanaka), mona is
// the moderator, and the team's Discord channel and on-call role are the fake's.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../src/app/demo-seed.js';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import type { Desk } from '../../src/core/conversation/desk.js';
import { DEFAULT_DESK_OPTIONS } from '../../src/core/conversation/desk-context.js';
import { openKnowledgeBase } from '../../src/core/kb/index.js';
import type { Person } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { createTestDb, testClock, type TestClock } from '../helpers/db.js';
import { ARTICLES } from '../shell/shell-harness.js';

export interface RealDesk extends Desk {
  clock: TestClock;
  loop: SlaAlertLoop;
  cleanup(): Promise<void>;
}

export async function realDeskFor({
  chat,
  fake,
}: {
  chat: ChatPort;
  fake: FakeDiscord;
}): Promise<RealDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-discord-'));
  for (const [path, text] of Object.entries(ARTICLES)) {
    mkdirSync(join(dir, 'kb', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'kb', path), text);
  }
  const db = await createTestDb('sqlite');
  const kb = await openKnowledgeBase({ dir: join(dir, 'kb'), cacheDir: null, watch: false });
  const directory = db.store.directory;
  const demo = await seedDemo(directory);
  const { world } = fake;
  const { id: _acme, ...acme } = demo.acme;
  await directory.upsertOrg({
    ...acme,
    identities: [{ platform: 'discord', kind: 'role', value: world.roles.acme.id }],
  });
  const { id: _globex, ...globex } = demo.globex;
  await directory.upsertOrg({
    ...globex,
    identities: [{ platform: 'discord', kind: 'user', value: world.people.bob.id }],
  });
  await directory.upsertTeam({
    slug: demo.team.slug,
    name: demo.team.name,
    products: demo.team.products,
    channels: [...demo.team.channels, { platform: 'discord', channelId: world.channels.team.id }],
    onCall: [...demo.team.onCall, { platform: 'discord', roleId: world.roles.onCall.id }],
  });
  const withDiscord = (person: Person, userId: string) => {
    const { id: _id, ...rest } = person;
    return directory.upsertPerson({
      ...rest,
      identities: [...person.identities, { platform: 'discord', userId }],
    });
  };
  await withDiscord(demo.sam, world.people.sam.id);
  await withDiscord(demo.kim, world.people.lee.id);
  await withDiscord(demo.mo, world.people.mod.id);
  const clock = testClock('2026-03-02T09:00:00Z');
  const ctx = {
    store: db.store,
    kb,
    policy: loadPolicy('elastic'),
    ports: { discord: chat },
    clock,
    logger: createMemoryLogger(),
    options: { ...DEFAULT_DESK_OPTIONS },
  };
  const loop = new SlaAlertLoop(ctx);
  return {
    ...createDesk(ctx),
    clock,
    loop,
    async cleanup() {
      await loop.stop();
      await kb.close();
      await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Moves the fake clock past the 50 % warning, then past the target, ticking the SLA loop. */
export async function realSla(
  desk: RealDesk,
  _reference: string,
  event: 'warning' | 'breach',
): Promise<void> {
  const steps = event === 'warning' ? 130 : 130;
  for (let minute = 0; minute < steps; minute += 10) {
    desk.clock.advance(10 * 60_000);
    await desk.loop.tick();
  }
}
