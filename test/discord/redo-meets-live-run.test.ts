// A redo taken while the interaction's first run is still going (its process slow, not dead):
// the redo meets one of the work's messages held by that live sender. It must leave the work to
// the first run: no edit of the first answer with an error, and the work left undone (the worker
// looks again after its lease). Real discord.js against the fake Discord, the journal and ledger
// on a real SQLite store, each process with its own durable port.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/core/conversation/desk.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import { errorToNotice } from '../../src/core/errors.js';
import type { Place } from '../../src/core/model.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { NoticeView, PostedMessage } from '../../src/core/views.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { buttonPress } from '../fakes/discord/payloads.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { startHarness, waitFor, type Harness } from './harness.js';
import { as, botMessage, recordingDeskFor } from './helpers.js';

const LEASE_MS = 60_000;
const afterLeases = () => new Date(Date.now() + 10 * LEASE_MS);
const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'success', text });

let db: TestDb;
const running: Harness<Desk>[] = [];
beforeEach(async () => {
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop().catch(() => undefined);
  await db.cleanup();
});

/**
 * A process whose Claim posts the claim in the team channel, then answers; a failure is a notice,
 * as the real Desk makes it. `stuck`: its posts never come back from Discord (a slow process).
 */
async function processAs(owner: string, options: { fake?: FakeDiscord; stuck?: () => void }) {
  let chat: ChatPort | null = null;
  const harness = await startHarness<Desk>({
    ...(options.fake ? { fake: options.fake } : {}),
    deliveries: { ledger: db.store.deliveries, leaseMs: LEASE_MS },
    outbound: (transport) => {
      const stuck = options.stuck;
      const inner: ChatPort = stuck
        ? {
            ...transport,
            post: () => {
              stuck();
              return new Promise<PostedMessage>(() => undefined);
            },
          }
        : transport;
      chat = new DurableChatPort({
        inner,
        journal: () => db.store.journal,
        owner,
        logger: silentLogger,
        leaseMs: LEASE_MS,
      });
      return chat;
    },
    makeDesk: (context) => ({
      ...recordingDeskFor(context),
      act: async () => {
        try {
          const team: Place = {
            platform: 'discord',
            channelId: context.fake.world.channels.team.id,
            threadId: null,
          };
          await chat!.post(team, notice('Sam claimed CASE-42'));
          return notice('You claimed CASE-42');
        } catch (error) {
          return errorToNotice(error, silentLogger);
        }
      },
    }),
  });
  running.push(harness);
  return harness;
}

describe('a Discord redo that meets its first run still going', () => {
  it('leaves the first answer alone and the work undone', async () => {
    let sending = false;
    const slow = await processAs('A', { stuck: () => (sending = true) });
    const team = slow.fake.world.channels.team.id;
    const press = buttonPress({
      ...as(slow.fake, 'sam', team),
      customId: 'cb:claim:case-42',
      message: botMessage(slow.fake, team, { content: 'CASE-42' }),
    });
    slow.fake.dispatch('INTERACTION_CREATE', press);
    // A deferred its answer and is sending the claim's post (Discord has not answered it yet).
    await waitFor(() => slow.fake.rest.find('POST', new RegExp(`^/interactions/${press.id}/`))[0]);
    await waitFor(() => sending || undefined);

    // The worker of another process takes the press as if A were dead, and redoes it.
    const [stale] = await db.store.deliveries.takeStale(afterLeases(), LEASE_MS, 10, 5);
    expect(stale?.key).toBe(`discord:interaction:${press.id}`);
    const next = await processAs('B', { fake: slow.fake });
    await expect(next.adapter.replay!(stale!.payload, stale!.key)).rejects.toThrow();
    // A's answer is A's to give: B edited nothing, posted nothing.
    expect(slow.fake.rest.find('PATCH', /./)).toEqual([]);
    expect(slow.fake.rest.find('POST', /^\/(channels|webhooks)\//)).toEqual([]);
    const [again] = await db.store.deliveries.takeStale(
      new Date(Date.now() + 20 * LEASE_MS),
      LEASE_MS,
      10,
      5,
    );
    expect(again?.key).toBe(stale!.key);
    expect(next.logs.map((l) => l.message)).toContain(
      'discord redo met its first run still working; left to it',
    );
  });
});
