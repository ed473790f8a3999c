// An interaction handled by a process that dies before it finishes: Discord never sends it again,
// so it is written down with its gateway packet while it is handled. Real discord.js against the
// fake Discord, the ledger on a real SQLite store: process A takes a Claim press and dies in the
// middle of it (its Desk never returns); the packet is in the ledger, not done; process B redoes
// it from there, as the same work (its first work key, as a redo), so the core can finish what A
// began without repeating what A sent, and its answer edits the one A had deferred.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/core/conversation/desk.js';
import { currentWork, isRedo } from '../../src/core/delivery/work-scope.js';
import { buttonPress } from '../fakes/discord/payloads.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { startHarness, waitFor, type Harness } from './harness.js';
import { as, botMessage, recordingDeskFor } from './helpers.js';

const LEASE_MS = 60_000;
const afterLeases = () => new Date(Date.now() + 10 * LEASE_MS);

let db: TestDb;
const running: Harness<Desk>[] = [];
beforeEach(async () => {
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop().catch(() => undefined);
  await db.cleanup();
});

async function processWith(makeDesk: Parameters<typeof startHarness<Desk>>[0]['makeDesk']) {
  const harness = await startHarness<Desk>({
    makeDesk,
    deliveries: { ledger: db.store.deliveries, leaseMs: LEASE_MS },
  });
  running.push(harness);
  return harness;
}

describe('an interaction whose process died is redone by the next one', () => {
  it('A dies while claiming; the press is in the ledger with its packet, and B redoes it as the same work', async () => {
    const dying = await processWith((context) => ({
      ...recordingDeskFor(context),
      // Killed mid-claim: the work never returns.
      act: () => new Promise<never>(() => undefined),
    }));
    const team = dying.fake.world.channels.team.id;
    const press = buttonPress({
      ...as(dying.fake, 'sam', team),
      customId: 'cb:claim:case-42',
      message: botMessage(dying.fake, team, { content: 'CASE-42' }),
    });
    dying.fake.dispatch('INTERACTION_CREATE', press);
    // The claim went out to Discord's callback (deferred), so the press is being handled.
    await waitFor(() => dying.fake.rest.find('POST', new RegExp(`^/interactions/${press.id}/`))[0]);
    const [stale] = await db.store.deliveries.takeStale(afterLeases(), LEASE_MS, 10, 5);
    expect(stale?.key).toBe(`discord:interaction:${press.id}`);
    expect(JSON.parse(stale!.payload)).toMatchObject({
      id: press.id,
      data: { custom_id: 'cb:claim:case-42' },
    });

    const redone: { work: string | null; redo: boolean; args: unknown[] }[] = [];
    const next = await processWith((context) => {
      const desk = recordingDeskFor(context);
      return {
        ...desk,
        act: (...args: Parameters<Desk['act']>) => {
          redone.push({ work: currentWork(), redo: isRedo(), args });
          return desk.act(...args);
        },
      };
    });
    expect(next.adapter.replay).toBeTypeOf('function');
    await next.adapter.replay!(stale!.payload);
    expect(redone).toHaveLength(1);
    expect(redone[0]).toMatchObject({ work: `discord:${press.id}`, redo: true });
    expect(redone[0]!.args[1]).toBe('case-42');
    expect(redone[0]!.args[2]).toBe('claim');
    // A had deferred within its 3 s: B's answer edits that answer, it makes no new one.
    const original = `/webhooks/${press.application_id}/${press.token}/messages/@original`;
    expect(next.fake.rest.find('PATCH', /./).map((r) => r.path)).toContain(original);
    expect(next.fake.rest.find('POST', new RegExp(`^/interactions/${press.id}/`))).toEqual([]);
  });
});
