// Boots the real Discord adapter (real discord.js) against the loopback fake, with any Desk: the
// recording double today, the real core once it lands (pass another `makeDesk`).
import { afterEach, beforeEach } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/adapter.js';
import type { DiscordConfig } from '../../src/adapters/discord/config.js';
import type { Actor, Desk } from '../../src/core/conversation/desk.js';
import type { NoticeView } from '../../src/core/views.js';
import type { ChatPort, Logger } from '../../src/core/ports/platform.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { startFakeDiscord, waitFor, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import type { UploadedFile } from '../fakes/discord/http-io.js';
import { fakeDiscordConfig } from './fake-config.js';

export interface Harness<D extends Desk> {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  desk: D;
  logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  /** Dispatches an INTERACTION_CREATE and resolves with what the user ends up seeing. */
  interact(payload: { id: string; token: string }): Promise<Answer>;
  /** Messages posted by REST to a channel (or thread) id, in order. */
  postsTo(channelId: string): RecordedRequest[];
  stop(): Promise<void>;
}

export interface Answer {
  /** 4 = message, 5 = deferred then edited, 9 = modal, 6/7 = component update. */
  callbackType: number;
  data: Record<string, unknown>;
  ephemeral: boolean;
  callback: RecordedRequest;
  /** The files the answer carried (multipart parts of the callback, or of its deferred edit). */
  uploads: UploadedFile[];
}

export async function startHarness<D extends Desk>(options: {
  makeDesk: (context: { chat: ChatPort; fake: FakeDiscord }) => D | Promise<D>;
  config?: Partial<DiscordConfig>;
  /** `/case dashboard`'s link maker (the app's), when a test needs one. */
  dashboardLink?: (actor: Actor) => Promise<NoticeView>;
  /** The store's delivery ledger, when a test needs interactions written down. */
  deliveries?: { ledger: DeliveryLedger; leaseMs: number };
  /** Another process on the same Discord: this fake (left open by stop). */
  fake?: FakeDiscord;
  /** The app's port over the adapter's transport (the durable one), what the Desk posts through. */
  outbound?: (transport: ChatPort) => ChatPort;
}): Promise<Harness<D>> {
  const fake = options.fake ?? (await startFakeDiscord());
  const logs: Harness<D>['logs'] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void logs.push({ level, message, ...(fields ? { fields } : {}) });
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  const { world } = fake;
  const config: DiscordConfig = fakeDiscordConfig(fake, {
    supportChannelIds: [world.channels.support.id],
    supportForumIds: [world.channels.forum.id],
    moderatorRoleIds: [world.roles.moderator.id],
    autoSuggest: true,
    deferAfterMs: 300,
    ...options.config,
  });
  // The Desk is built on the adapter's transport, then the adapter starts with it: the app's order.
  const adapter = createDiscordAdapter({
    config,
    logger,
    ...(options.dashboardLink ? { dashboardLink: options.dashboardLink } : {}),
    ...(options.deliveries ? { deliveries: options.deliveries } : {}),
  });
  const chat = options.outbound ? options.outbound(adapter.transport) : adapter.transport;
  const desk = await options.makeDesk({ chat, fake });
  await adapter.start(desk, chat);

  async function interact(payload: { id: string; token: string }): Promise<Answer> {
    fake.dispatch('INTERACTION_CREATE', payload);
    const callback = await fake.waitForRequest(
      (r) =>
        r.method === 'POST' && r.path === `/interactions/${payload.id}/${payload.token}/callback`,
    );
    const body = callback.body as { type: number; data?: Record<string, unknown> };
    const ephemeral = (Number(body.data?.['flags'] ?? 0) & 64) === 64;
    if (body.type !== 5)
      return {
        callbackType: body.type,
        data: body.data ?? {},
        ephemeral,
        callback,
        uploads: callback.uploads,
      };
    const edit = await fake.waitForRequest(
      (r) =>
        r.method === 'PATCH' &&
        r.path === `/webhooks/${fake.applicationId}/${payload.token}/messages/@original`,
    );
    return {
      callbackType: 5,
      data: edit.body as Record<string, unknown>,
      ephemeral,
      callback,
      uploads: edit.uploads,
    };
  }

  return {
    fake,
    adapter,
    get desk() {
      return desk!;
    },
    logs,
    interact,
    postsTo: (channelId) => fake.rest.find('POST', new RegExp(`^/channels/${channelId}/messages$`)),
    async stop() {
      await adapter.stop();
      if (!options.fake) await fake.close();
    },
  };
}

/**
 * A harness started before each test of the calling file and stopped after it (then `cleanup`
 * runs on its desk). The returned object is the same for the whole file, so it fits in a `const`;
 * its fields are refilled before each test.
 */
export function harnessForEachTest<D extends Desk>(
  options: Parameters<typeof startHarness<D>>[0] & { cleanup?: (desk: D) => Promise<void> },
): Harness<D> {
  const h = {} as Harness<D>;
  beforeEach(async () => {
    Object.assign(h, await startHarness(options));
  });
  afterEach(async () => {
    await h.stop();
    await options.cleanup?.(h.desk);
  });
  return h;
}

export { waitFor };
