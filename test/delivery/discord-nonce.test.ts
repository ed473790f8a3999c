// Discord's enforced nonce makes a post made again after its process died mid-send land once:
// the adapter sends the journal key as the nonce, and Discord (here its loopback fake) answers a
// second create with the same nonce with the message it already made.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/adapter.js';
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { NoticeView } from '../../src/core/views.js';
import { startFakeDiscord } from '../fakes/discord/fake-discord.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { fakeDiscordConfig } from '../discord/fake-config.js';

const LEASE_MS = 60_000;
const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const later = () => new Date(Date.now() + 2 * LEASE_MS);

describe('a Discord post whose process died before it wrote down the outcome', () => {
  let db: TestDb;
  let fake: Awaited<ReturnType<typeof startFakeDiscord>>;
  const adapters: ReturnType<typeof createDiscordAdapter>[] = [];
  beforeEach(async () => {
    db = await createTestDb('sqlite');
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.client.destroy();
    await fake.close();
    await db.cleanup();
  });

  function process(owner: string, journal: () => MessageJournal, now?: () => Date) {
    // Never started: only the transport, wrapped as the app wraps it, is used.
    const adapter = createDiscordAdapter({
      config: fakeDiscordConfig(fake, { supportChannelIds: [fake.world.channels.support.id] }),
      logger: silentLogger,
    });
    adapters.push(adapter);
    return new DurableChatPort({
      inner: adapter.transport,
      journal,
      owner,
      logger: silentLogger,
      leaseMs: LEASE_MS,
      ...(now ? { now } : {}),
    });
  }

  const creates = () =>
    fake.rest.find('POST', /^\/channels\/\d+\/messages$/).filter((r) => r.status === 200);

  it('is made again with the same nonce and Discord returns the first message', async () => {
    const channel = { platform: 'discord' as const, channelId: fake.world.channels.team.id };
    const dying: MessageJournal = { ...db.store.journal, sent: () => new Promise(() => undefined) };
    const dead = process('A', () => dying);
    void withWork('discord:interaction:1', () => dead.post(channel, notice('Case opened')));
    // discord.js's first request can take seconds on a loaded machine.
    await expect.poll(() => creates().length, { timeout: 15_000 }).toBe(1);

    const alive = process('B', () => db.store.journal, later);
    const redone = await withWork('discord:interaction:1', () =>
      alive.post(channel, notice('Case opened')),
    );
    const [first, second] = creates();
    expect((first!.body as { nonce?: string }).nonce).toHaveLength(25);
    expect((second!.body as { nonce?: string }).nonce).toBe(
      (first!.body as { nonce: string }).nonce,
    );
    expect(redone.messageId).toBe((first!.response as { id: string }).id);
    const stored = [...fake.rest.messages.values()].filter(
      (m) => m.content.includes('Case opened') || JSON.stringify(m.embeds).includes('Case opened'),
    );
    expect(new Set(stored.map((m) => m.id)).size).toBe(1);
  });

  it('sends different work as different messages', async () => {
    const channel = { platform: 'discord' as const, channelId: fake.world.channels.team.id };
    const port = process('A', () => db.store.journal);
    const one = await withWork('discord:interaction:2', () => port.post(channel, notice('one')));
    const two = await withWork('discord:interaction:3', () => port.post(channel, notice('one')));
    expect(one.messageId).not.toBe(two.messageId);
  });

  it('shows the update folded into it while it waited when Discord returns the first message', async () => {
    const channel = { platform: 'discord' as const, channelId: fake.world.channels.team.id };
    const createPath = `/channels/${channel.channelId}/messages`;
    // Discord makes the post and its answer is lost; it stays down for the in-call retries.
    let down = true;
    let made = false;
    fake.rest.injectFaults((request) => {
      if (!down || request.method !== 'POST' || request.path !== createPath) return null;
      const applied = !made;
      made = true;
      return { status: 500, applied };
    });
    const a = process('A', () => db.store.journal);
    const kept = await withWork('discord:interaction:4', () =>
      a.post(channel, notice('Case opened')),
    );
    expect(kept.messageId).toMatch(/^key:/);
    await withWork('discord:interaction:5', () => a.update(kept, notice('Case claimed by Kim')));
    down = false;

    // The retry, while Discord remembers the nonce: Discord answers with the message first made.
    const soon = () => new Date(Date.now() + 10_000);
    const b = process('B', () => db.store.journal, soon);
    const pass = new DeliveryWorker({
      journal: () => db.store.journal,
      ledger: () => db.store.deliveries,
      ports: () => ({ discord: b }),
      owner: 'B',
      logger: silentLogger,
      messageLeaseMs: LEASE_MS,
      now: soon,
    });
    expect((await pass.pass()).messages).toBe(1);
    const shown = [...fake.rest.messages.values()].filter(
      (m) => m.channel_id === channel.channelId,
    );
    expect(new Set(shown.map((m) => m.id)).size).toBe(1);
    expect(JSON.stringify(shown[0])).toContain('Case claimed by Kim');
  });
});
