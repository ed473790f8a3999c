// The real core (createDesk over a real SQLite store, a real knowledge base and the SLA loop),
// seeded so that the fake Discord world maps onto the demo world: the `acme-customers` role is
// Acme, Bob is Globex, sam/lee are the Platform team's engineers (Sam Rivera, Kim Tanaka), mona is
// the moderator, and the team's Discord channel and on-call role are the fake's.
import { fileDraftStore } from '../../src/app/file-draft-store.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../src/app/demo-seed.js';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { Desk } from '../../src/core/conversation/desk.js';
import {
  DEFAULT_DESK_OPTIONS,
  type DeskContext,
} from '../../src/core/conversation/desk-context.js';
import { openKnowledgeBase } from '../../src/core/kb/index.js';
import type { Person } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { createTestDb, testClock, type TestClock, type TestDb } from '../helpers/db.js';
import { ARTICLES } from '../shell/shell-harness.js';

export interface RealDesk extends Desk {
  clock: TestClock;
  loop: SlaAlertLoop;
  /** The real store, for assertions on what the core recorded. */
  store: DeskContext['store'];
  /** Where `/case draft` writes. */
  draftsDir: string;
  /**
   * With the durable port: one pass of the delivery worker `laterMs` on (every retry due by then).
   */
  deliver(laterMs?: number): Promise<unknown>;
  cleanup(): Promise<void>;
}

/** The real core posting through the app's durable port (the message journal) on its store. */
export const durableRealDeskFor = (context: { chat: ChatPort; fake: FakeDiscord }) =>
  realDeskFor(context, { durable: true });

export async function realDeskFor(
  {
    chat,
    fake,
  }: {
    chat: ChatPort;
    fake: FakeDiscord;
  },
  {
    durable = false,
    shared,
  }: {
    durable?: boolean;
    /** A store another process uses too, seeded already (mapDemoOntoFake) and cleaned up by its owner. */
    shared?: TestDb;
  } = {},
): Promise<RealDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-discord-'));
  for (const [path, text] of Object.entries(ARTICLES)) {
    mkdirSync(join(dir, 'kb', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'kb', path), text);
  }
  const db = shared ?? (await createTestDb('sqlite'));
  const kb = await openKnowledgeBase({ dir: join(dir, 'kb'), cacheDir: null, watch: false });
  if (!shared) await mapDemoOntoFake(db.store.directory, fake);
  const clock = testClock('2026-03-02T09:00:00Z');
  const logger = createMemoryLogger();
  const journal = () => db.store.journal;
  const port = durable
    ? new DurableChatPort({ inner: chat, journal, owner: 'discord-test', logger })
    : chat;
  const ctx = {
    store: db.store,
    kb,
    policy: loadPolicy('elastic'),
    ports: { discord: port },
    clock,
    logger,
    // Drafts written by `/case draft` stay in this test's folder.
    options: { ...DEFAULT_DESK_OPTIONS, draftsDir: join(dir, 'kb', 'drafts') },
    drafts: fileDraftStore,
  };
  const loop = new SlaAlertLoop(ctx);
  return {
    ...createDesk(ctx),
    clock,
    loop,
    store: db.store,
    draftsDir: ctx.options.draftsDir,
    deliver(laterMs = 10 * 60_000) {
      if (!(port instanceof DurableChatPort)) throw new Error('no durable port in this desk');
      const now = () => new Date(Date.now() + laterMs);
      const ledger = () => db.store.deliveries;
      const owner = 'later';
      return new DeliveryWorker({
        journal,
        ledger,
        ports: () => ({ discord: port }),
        owner,
        logger,
        now,
      }).pass();
    },
    async cleanup() {
      await loop.stop();
      await kb.close();
      if (!shared) await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Moves the fake clock in 5-minute steps, ticking the SLA loop, until the case's first-response
 * target is warned where the team channel hears of it (75 %: no breach yet) or breached. Steps, not one jump, because the target may
 * count business hours only.
 */
export async function realSla(
  desk: RealDesk,
  reference: string,
  event: 'warning' | 'breach',
): Promise<void> {
  for (let step = 0; step < 2000; step++) {
    const target = await firstResponse(desk, reference);
    // A warning the team channel hears of: 75 % on the default ladder (50 % is the owner's alone).
    if (event === 'warning' ? (target.warnedAt ?? 0) >= 0.75 : target.breachedAt !== null) return;
    desk.clock.advance(5 * 60_000);
    await desk.loop.tick();
  }
  throw new Error(`${reference}: no ${event} after 2000 steps`);
}

export async function firstResponse(desk: RealDesk, reference: string) {
  const found = await desk.store.cases.byReference(reference);
  if (!found) throw new Error(`no case ${reference}`);
  const milestones = await desk.store.milestones.forCase(found.id);
  const target = milestones.find((m) => m.kind === 'first-response');
  if (!target) throw new Error(`${reference} has no first-response target`);
  return target;
}

/** Seeds the demo world and maps it onto the fake Discord's roles, people and channels. */
export async function mapDemoOntoFake(
  directory: DeskContext['store']['directory'],
  fake: FakeDiscord,
): Promise<void> {
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
}
