// A Desk over a real SQLite store, a real KB on temp Markdown, a fake clock and recording
// ChatPorts (one per platform): what the core asked each platform to show, in order.
import { fileDraftStore } from '../../src/app/file-draft-store.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import type { Actor, Desk } from '../../src/core/conversation/desk.js';
import {
  DEFAULT_DESK_OPTIONS,
  type DeskContext,
} from '../../src/core/conversation/desk-context.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import type { Person, Place, Platform } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import type { CaseFormInput, PostedMessage, View } from '../../src/core/views.js';
import { seedDemo, type DemoWorld } from '../../src/app/demo-seed.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import {
  createTestDb,
  testClock,
  type Provider,
  type TestClock,
  type TestDb,
} from '../helpers/db.js';
import { ARTICLES } from '../shell/shell-harness.js';

export interface Recorded {
  op: 'post' | 'update' | 'whisper' | 'sendDirect' | 'openPrivateSpace';
  place: Place | null;
  userId?: string;
  view: View | null;
  messageId?: string;
}

export interface RecordingPort extends ChatPort {
  log: Recorded[];
  failPosts: boolean;
}

export function recordingPort(platform: Platform): RecordingPort {
  let n = 0;
  const port: RecordingPort = {
    platform,
    log: [],
    failPosts: false,
    async post(place, view): Promise<PostedMessage> {
      if (port.failPosts) throw new Error('platform is down');
      const messageId = `${platform}-m${++n}`;
      port.log.push({ op: 'post', place, view, messageId });
      return { place: { ...place, messageId }, messageId };
    },
    async update(message, view) {
      port.log.push({ op: 'update', place: message.place, view, messageId: message.messageId });
    },
    async whisper(place, userId, view) {
      port.log.push({ op: 'whisper', place, userId, view });
    },
    async sendDirect(userId, view) {
      const messageId = `${platform}-d${++n}`;
      port.log.push({ op: 'sendDirect', place: null, userId, view, messageId });
      return { place: { platform, channelId: `D-${userId}`, messageId }, messageId };
    },
    async openPrivateSpace({ customerUserId }) {
      const place: Place = {
        platform,
        channelId: `private-${customerUserId}`,
        threadId: `p${++n}`,
      };
      port.log.push({ op: 'openPrivateSpace', place, userId: customerUserId, view: null });
      return place;
    },
  };
  return port;
}

export interface DeskFixture {
  db: TestDb;
  kb: KnowledgeBase;
  clock: TestClock;
  desk: Desk;
  ctx: DeskContext;
  world: DemoWorld;
  slack: RecordingPort;
  shell: RecordingPort;
  logger: ReturnType<typeof createMemoryLogger>;
  actor(person: Person, platform?: Platform): Actor;
  cleanup(): Promise<void>;
}

/** `policy`: a preset name (default elastic; premier sets next-response targets). */
export async function createDeskFixture(
  options: { policy?: string; provider?: Provider } = {},
): Promise<DeskFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-desk-'));
  for (const [path, text] of Object.entries(ARTICLES)) {
    mkdirSync(join(dir, 'kb', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'kb', path), text);
  }
  const db = await createTestDb(options.provider ?? 'sqlite');
  const kb = await openKnowledgeBase({ dir: join(dir, 'kb'), cacheDir: null, watch: false });
  const world = await seedDemo(db.store.directory);
  // The demo is shell-only; give the team a Slack channel and people Slack accounts too.
  await db.store.directory.upsertTeam({
    slug: 'platform',
    name: world.team.name,
    products: world.team.products,
    channels: [...world.team.channels, { platform: 'slack', channelId: 'C-PLATFORM' }],
    onCall: [...world.team.onCall, { platform: 'slack', roleId: 'S-ONCALL' }],
  });
  const clock = testClock('2026-03-02T09:00:00Z');
  const slack = recordingPort('slack');
  const shell = recordingPort('shell');
  const logger = createMemoryLogger();
  const ctx: DeskContext = {
    store: db.store,
    kb,
    policy: loadPolicy(options.policy ?? 'elastic'),
    ports: { slack, shell },
    clock,
    logger,
    options: { ...DEFAULT_DESK_OPTIONS },
    drafts: fileDraftStore,
  };
  return {
    db,
    kb,
    clock,
    ctx,
    desk: createDesk(ctx),
    world,
    slack,
    shell,
    logger,
    actor: (person, platform = 'shell') => ({
      platform,
      userId: person.handle,
      displayName: person.displayName,
    }),
    async cleanup() {
      await kb.close();
      await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh fixture for each test of the calling file, cleaned up after it. The returned object is
 * the same for the whole file (so it fits in a `const`); its fields are refilled before each test.
 */
export function deskFixtureForEachTest(
  options: { policy?: string; provider?: Provider } = {},
): DeskFixture {
  const f = {} as DeskFixture;
  beforeEach(async () => {
    Object.assign(f, await createDeskFixture(options));
  });
  afterEach(async () => {
    await f.cleanup();
  });
  return f;
}

export const supportPlace = (threadId: string): Place => ({
  platform: 'shell',
  channelId: 'support',
  threadId,
  messageId: threadId,
});

/** Opens a case through the Desk as `person`; returns its reference. */
export async function openThroughDesk(
  f: DeskFixture,
  person: Person,
  fields: Partial<
    Record<'title' | 'situation' | 'severity' | 'seriousness' | 'product' | 'type', string>
  > = {},
  threadId = `q-${Math.random().toString(36).slice(2, 8)}`,
): Promise<string> {
  const result = await f.desk.submitCase(f.actor(person), supportPlace(threadId), {
    title: 'Checkout fails',
    situation: 'Checkout fails with ECONNRESET since this morning',
    severity: '2',
    seriousness: 'Half of our sales are lost',
    product: 'beacon',
    type: 'bug',
    ...fields,
  });
  if (result.kind !== 'case-confirmation')
    throw new Error(`case not opened: ${JSON.stringify(result)}`);
  return result.caseReference;
}

/** The short "Checkout fails with ECONNRESET" form, escalating `deflectionId` when given. */
export const checkoutForm = (deflectionId?: string): CaseFormInput => ({
  ...(deflectionId === undefined ? {} : { deflectionId }),
  title: 'Checkout',
  situation: 'Checkout fails with ECONNRESET',
  severity: '2',
  seriousness: 'Sales lost',
  product: 'beacon',
  type: 'bug',
});

/** The shell team thread that holds the case's alert, where engineers talk about it. */
export async function alertThreadOf(f: DeskFixture, reference: string): Promise<Place> {
  const stored = await f.db.store.cases.byReference(reference);
  return {
    platform: 'shell',
    channelId: 'team-platform',
    threadId: stored?.alertPlace?.messageId ?? null,
  };
}

/** A customer of a new org of `tier`, on the demo calendar (the demo orgs are Gold and Enterprise). */
async function addCustomerOfTier(
  f: DeskFixture,
  org: { slug: string; name: string; tier: string },
  person: { handle: string; displayName: string },
): Promise<Person> {
  const created = await f.db.store.directory.upsertOrg({
    ...org,
    deployment: 'cloud',
    calendar: f.world.acme.calendar,
    identities: [],
  });
  return f.db.store.directory.upsertPerson({
    ...person,
    orgId: created.id,
    roles: ['customer'],
    identities: [{ platform: 'shell', userId: person.handle }],
    teamId: null,
    timeZone: null,
    shift: null,
  });
}

/** A customer of a Development-tier org (DevCo): only severity 4 is open to them. */
export function addDevelopmentCustomer(f: DeskFixture): Promise<Person> {
  return addCustomerOfTier(
    f,
    { slug: 'devco', name: 'DevCo', tier: 'development' },
    { handle: 'dana@devco', displayName: 'Dana' },
  );
}

/** Pat, a customer of a Premier-tier org (PremCo), for the Premier preset's tests. */
export function addPremierCustomer(f: DeskFixture): Promise<Person> {
  return addCustomerOfTier(
    f,
    { slug: 'premco', name: 'PremCo', tier: 'premier' },
    { handle: 'pat@premco', displayName: 'Pat' },
  );
}
