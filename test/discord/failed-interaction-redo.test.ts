// An interaction whose handling failed is answered (the person sees the error and its reference),
// and its ledger row says whether it is done: a failure a redo can fix (Discord did not take the
// answer, a 5xx passed on by the core) is left undone for the delivery worker, whose redo edits
// that first answer; a refusal or a bug is done (doing it again would fail the same way). Real
// discord.js against the fake Discord, the ledger on a real SQLite store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../src/core/conversation/desk.js';
import { DeskError } from '../../src/core/errors.js';
import type { NoticeView } from '../../src/core/views.js';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { buttonPress, message, slashCommand } from '../fakes/discord/payloads.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { startHarness, waitFor, type Harness } from './harness.js';
import { as, botMessage, recordingDeskFor } from './helpers.js';
import { durable, LEASE_MS } from '../delivery/durable-helpers.js';

const afterLeases = () => new Date(Date.now() + 10 * LEASE_MS);
const claimed: NoticeView = { kind: 'notice', tone: 'success', text: 'You claimed CASE-42' };

let db: TestDb;
const running: Harness<Desk>[] = [];
beforeEach(async () => {
  db = await createTestDb('sqlite');
  dones = [];
});
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop().catch(() => undefined);
  await db.cleanup();
});

/** Keys the process marked done in the ledger. */
let dones: string[] = [];

/** A process whose Desk answers a Claim press with `act`. */
async function processWith(act: Desk['act']) {
  const real = db.store.deliveries;
  const ledger: DeliveryLedger = {
    ...real,
    done: (key, now) => {
      dones.push(key);
      return real.done(key, now);
    },
  };
  const harness = await startHarness<Desk>({
    makeDesk: (context) => ({ ...recordingDeskFor(context), act }),
    deliveries: { ledger, leaseMs: LEASE_MS },
  });
  running.push(harness);
  return harness;
}

/**
 * Presses Claim and waits until its handling ended: the press marked done in the ledger, or left
 * undone for the worker (logged).
 */
async function pressClaim(h: Harness<Desk>) {
  const team = h.fake.world.channels.team.id;
  const press = buttonPress({
    ...as(h.fake, 'sam', team),
    customId: 'cb:claim:case-42',
    message: botMessage(h.fake, team, { content: 'CASE-42' }),
  });
  h.fake.dispatch('INTERACTION_CREATE', press);
  const key = `discord:interaction:${press.id}`;
  await waitFor(
    () =>
      dones.includes(key) ||
      h.logs.some((l) => l.level === 'warn' && l.fields?.['key'] === key) ||
      undefined,
  );
  // Every failure here was told to the person, with its reference.
  expect(h.logs.some((l) => l.message === 'discord interaction failed')).toBe(true);
  return press;
}

/** Undone rows the delivery worker would take once every lease ran out. */
const undone = () => db.store.deliveries.takeStale(afterLeases(), LEASE_MS, 10, 5);

describe('a Discord interaction that failed', () => {
  it('is left for a redo when Discord did not take its answer, and the redo edits the first answer', async () => {
    const h = await processWith(async () => claimed);
    h.fake.rest.failNext({
      method: 'POST',
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 503,
      times: 1,
    });
    const press = await pressClaim(h);
    // The person was told (the second callback: the error notice) …
    const callbacks = h.fake.rest.find('POST', new RegExp(`^/interactions/${press.id}/`));
    expect(callbacks.map((r) => r.status)).toEqual([503, 204]);
    // … and the press waits for the worker, which redoes it.
    const [stale] = await undone();
    expect(stale?.key).toBe(`discord:interaction:${press.id}`);
    await h.adapter.replay!(stale!.payload, stale!.key);
    const original = `/webhooks/${press.application_id}/${press.token}/messages/@original`;
    const edit = h.fake.rest.find('PATCH', /./).find((r) => r.path === original);
    expect(JSON.stringify(edit?.body)).toContain('You claimed CASE-42');
  });

  it('is left for a redo when the core passes on a failure of Discord (a 503)', async () => {
    const h = await processWith(() =>
      Promise.reject(Object.assign(new Error('Service Unavailable'), { status: 503 })),
    );
    const press = await pressClaim(h);
    expect((await undone()).map((row) => row.key)).toEqual([`discord:interaction:${press.id}`]);
  });

  it('is done after a refusal: answered, and never redone', async () => {
    const h = await processWith(() =>
      Promise.reject(new DeskError('CASE_ALREADY_CLAIMED', 'Someone else claimed it')),
    );
    await pressClaim(h);
    expect(await undone()).toEqual([]);
  });

  it('is done after a bug: answered with its reference, and never redone', async () => {
    const h = await processWith(() => Promise.reject(new TypeError('undefined is not a function')));
    await pressClaim(h);
    expect(await undone()).toEqual([]);
  });
});

describe('a Discord question whose answer failed', () => {
  it('is left for a redo when Discord did not take the answer (a 503)', async () => {
    const h = await processWith(async () => claimed);
    const { world } = h.fake;
    const support = world.channels.support.id;
    h.fake.rest.failNext({
      method: 'POST',
      path: new RegExp(`^/channels/${support}/messages$`),
      status: 503,
      times: 1,
    });
    const question = message({
      world,
      author: world.people.alice,
      channelId: support,
      content: 'How do I restart ingest after the upgrade?',
    });
    h.fake.dispatch('MESSAGE_CREATE', question);
    const key = `discord:message:${question.id}`;
    await waitFor(
      () =>
        dones.includes(key) ||
        h.logs.some((l) => l.level === 'warn' && l.fields?.['key'] === key) ||
        undefined,
    );
    expect((await undone()).map((row) => row.key)).toEqual([key]);
  });
});

describe('a Discord question whose first run failed for now, through the message journal', () => {
  it('is answered by its redo: the error notice does not take the answer’s journal key', async () => {
    let asks = 0;
    const h = await startHarness<Desk>({
      makeDesk: (context) => ({
        ...recordingDeskFor(context),
        ask: async () => {
          asks += 1;
          if (asks === 1) throw Object.assign(new Error('Service Unavailable'), { status: 503 });
          return { kind: 'notice', tone: 'info', text: 'Restart it with ingest --resume' } as never;
        },
      }),
      deliveries: { ledger: db.store.deliveries, leaseMs: LEASE_MS },
      outbound: (transport) => durable(db, transport, 'A'),
    });
    running.push(h);
    const { world } = h.fake;
    const support = world.channels.support.id;
    const question = message({
      world,
      author: world.people.alice,
      channelId: support,
      content: 'How do I restart ingest after the upgrade?',
    });
    h.fake.dispatch('MESSAGE_CREATE', question);
    const key = `discord:message:${question.id}`;
    await waitFor(
      () => h.logs.some((l) => l.level === 'warn' && l.fields?.['key'] === key) || undefined,
    );
    const posts = () =>
      h.fake.rest
        .find('POST', new RegExp(`^/channels/${support}/messages$`))
        .filter((r) => r.status === 200)
        .map((r) => JSON.stringify(r.body));
    // The person was told it went wrong …
    expect(posts()).toHaveLength(1);
    const [stale] = await undone();
    expect(stale?.key).toBe(key);
    await h.adapter.replay!(stale!.payload, stale!.key);
    expect(asks).toBe(2);
    // … and the redo's answer still goes out, after the notice.
    expect(posts()).toHaveLength(2);
    expect(posts()[1]).toContain('Restart it with ingest --resume');
    // Done: a later pass has nothing to redo.
    expect(await undone()).toEqual([]);
  });
});

describe('a public answer whose first run could only say, privately, that it failed', () => {
  const answer: NoticeView = {
    kind: 'notice',
    tone: 'info',
    text: 'Restart it with ingest --resume',
  };

  /** A process whose Desk answers /ask with `ask`, and an /ask from Alice in the support channel. */
  async function askWith(ask: Desk['ask']) {
    const h = await startHarness<Desk>({
      makeDesk: (context) => ({ ...recordingDeskFor(context), ask }),
      deliveries: { ledger: db.store.deliveries, leaseMs: LEASE_MS },
    });
    running.push(h);
    const command = slashCommand({
      ...as(h.fake, 'alice', h.fake.world.channels.support.id),
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'How do I restart ingest?' }],
    });
    return { h, ask: command, webhook: `/webhooks/${command.application_id}/${command.token}` };
  }

  it('goes out to the channel on its redo, not as an edit of the private notice', async () => {
    const { h, ask, webhook } = await askWith(async () => answer as never);
    h.fake.rest.failNext({
      method: 'POST',
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 503,
      times: 1,
    });
    h.fake.dispatch('INTERACTION_CREATE', ask);
    const key = `discord:interaction:${ask.id}`;
    await waitFor(
      () => h.logs.some((l) => l.level === 'warn' && l.fields?.['key'] === key) || undefined,
    );
    const [stale] = await undone();
    expect(stale?.key).toBe(key);
    await h.adapter.replay!(stale!.payload, stale!.key);
    // The private notice is left as it was; the answer is a follow-up everyone in the channel sees.
    expect(h.fake.rest.find('PATCH', /./).filter((r) => r.path.startsWith(webhook))).toEqual([]);
    const followUps = h.fake.rest.find('POST', /./).filter((r) => r.path === webhook);
    expect(followUps).toHaveLength(1);
    const body = followUps[0]?.body as { flags?: number };
    expect(JSON.stringify(body)).toContain('ingest --resume');
    expect((body.flags ?? 0) & 64).toBe(0);
  });

  it('still edits a first answer everyone saw (a deferral its dead run never finished)', async () => {
    let asks = 0;
    // The first run never ends (its process is as good as dead); the redo answers.
    const { h, ask, webhook } = await askWith(() =>
      ++asks === 1 ? new Promise<never>(() => undefined) : Promise.resolve(answer as never),
    );
    h.fake.dispatch('INTERACTION_CREATE', ask);
    await waitFor(() => h.fake.rest.find('POST', new RegExp(`^/interactions/${ask.id}/`))[0]);
    const [stale] = await undone();
    expect(stale?.key).toBe(`discord:interaction:${ask.id}`);
    await h.adapter.replay!(stale!.payload, stale!.key);
    const edits = h.fake.rest
      .find('PATCH', /./)
      .filter((r) => r.path === `${webhook}/messages/@original`);
    expect(JSON.stringify(edits.map((r) => r.body))).toContain('ingest --resume');
    expect(h.fake.rest.find('POST', /./).filter((r) => r.path === webhook)).toEqual([]);
  });
});
