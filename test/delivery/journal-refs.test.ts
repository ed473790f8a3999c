// The journal's side of message references on both providers: where a parent row stands, a row
// put off behind it keeps its tries, and marking a referenced message sent rewrites the case
// places stored under its reference in the same transaction.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openCase } from '../../src/core/cases/index.js';
import { encodeCall } from '../../src/core/delivery/codec.js';
import { messageRef } from '../../src/core/delivery/message-ref.js';
import { loadPolicy } from '../../src/core/sla/index.js';
import {
  createTestDb,
  seedCustomer,
  seedOrg,
  seedTeam,
  testClock,
  type TestDb,
} from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

import { at, journalRow as row, T0 } from './durable-helpers.js';

const DAY = 24 * 60 * 60_000;

/** A case alert's place in channel C1 named by `id` (a reference or a platform id). */
const alertPlaceAt = (id: string) => ({
  platform: 'slack' as const,
  channelId: 'C1',
  threadId: id,
  messageId: id,
});

describeOnEachProvider('message journal references', (provider) => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestDb(provider);
  });
  afterEach(async () => {
    await db.cleanup();
  });

  async function openTestCase() {
    const org = await seedOrg(db.store, { tier: 'platinum' });
    await seedTeam(db.store, { products: ['search'] });
    const requester = await seedCustomer(db.store, org);
    const deps = { store: db.store, policy: loadPolicy('elastic'), clock: testClock() };
    return openCase(deps, {
      requesterId: requester.id,
      title: 'Cluster is red',
      situation: 'All shards unassigned',
      severity: 2,
      seriousness: 'Search is down',
      product: 'search',
      type: 'bug',
    });
  }

  it('tells a pending parent (with its next try) from a sent or refused one', async () => {
    const journal = db.store.journal;
    expect(await journal.outcome('none#1')).toBeNull();
    await journal.begin(row('p#1'), 'A', T0, 60_000);
    await journal.failed('p#1', 'A', 'HTTP 503', at(10_000));
    expect(await journal.outcome('p#1')).toMatchObject({ state: 'pending', retryAt: at(10_000) });
    await journal.sent('p#1', 'A', '{"x":1}', at(11_000));
    expect(await journal.outcome('p#1')).toEqual({ state: 'sent', result: '{"x":1}' });
    await journal.begin(row('r#1'), 'A', T0, 60_000);
    await journal.refused('r#1', 'A', 'channel_not_found');
    expect(await journal.outcome('r#1')).toEqual({ state: 'refused' });
  });

  it('puts a waiting row off without spending a try', async () => {
    const journal = db.store.journal;
    await journal.begin(row('c#1'), 'A', T0, 60_000);
    await journal.deferred('c#1', 'A', at(5_000));
    expect(await journal.takeStale('B', at(4_000), 60_000, 10)).toEqual([]);
    const [taken] = await journal.takeStale('B', at(5_000), 60_000, 10);
    expect(taken).toMatchObject({ key: 'c#1', attempts: 0 });
  });

  it('amends a waiting row, never one being sent or changed since', async () => {
    const journal = db.store.journal;
    await journal.begin(row('a#1'), 'A', T0, 60_000);
    // Held by its sender: left as is.
    expect(await journal.amend('a#1', '[]', '["held"]')).toBe(false);
    await journal.failed('a#1', 'A', 'HTTP 503', at(10_000));
    expect(await journal.amend('a#1', '[]', '["newer"]')).toBe(true);
    expect(await journal.amend('a#1', '[]', '["stale"]')).toBe(false);
    // Taken for its retry: the taker reads the amended request, and holds it.
    const [taken] = await journal.takeStale('B', at(10_000), 60_000, 10);
    expect(taken?.request).toBe('["newer"]');
    expect(await journal.amend('a#1', '["newer"]', '["late"]')).toBe(false);
  });

  it('saves a case place named by the reference of a message sent already as that message', async () => {
    const journal = db.store.journal;
    const opened = await openTestCase();
    await journal.begin(row('w#post:C1#2'), 'A', T0, 60_000);
    const result = encodeCall({
      place: { platform: 'slack', channelId: 'C1', messageId: '1796.0002' },
      messageId: '1796.0002',
    });
    await journal.sent('w#post:C1#2', 'A', result, at(1_000));
    const ref = messageRef('w#post:C1#2');
    const alertPlace = alertPlaceAt(ref);
    const saved = await db.store.cases.update(opened.case.id, { alertPlace, updatedAt: T0 });
    expect(saved.alertPlace).toMatchObject({ threadId: '1796.0002', messageId: '1796.0002' });
  });

  it('moves the case places named by a sent message’s reference to the message', async () => {
    const journal = db.store.journal;
    const opened = await openTestCase();
    const ref = messageRef('w#post:C1#1');
    const alertPlace = alertPlaceAt(ref);
    await db.store.cases.update(opened.case.id, { alertPlace, updatedAt: T0 });
    await journal.begin({ ...row('w#post:C1#1') }, 'A', T0, 60_000);
    await journal.sent('w#post:C1#1', 'B', '{}', at(1_000), {
      channelId: 'C1',
      messageId: '1796.0001',
    });
    const found = await db.store.cases.byPlace({
      platform: 'slack',
      channelId: 'C1',
      threadId: '1796.0001',
    });
    expect(found?.alertPlace).toMatchObject({ threadId: '1796.0001', messageId: '1796.0001' });
    expect(await journal.outcome('w#post:C1#1')).toMatchObject({ state: 'sent' });
  });

  it('moves a place still naming a sent row by reference before pruning the row', async () => {
    const journal = db.store.journal;
    const opened = await openTestCase();
    await journal.begin(row('w#post:C1#3'), 'A', T0, 60_000);
    // Saved while the row is pending (the save raced the mark below): it keeps the reference.
    const alertPlace = alertPlaceAt(messageRef('w#post:C1#3'));
    await db.store.cases.update(opened.case.id, { alertPlace, updatedAt: T0 });
    const result = encodeCall({
      place: { platform: 'slack', channelId: 'C1', messageId: '1796.0003' },
      messageId: '1796.0003',
    });
    await journal.sent('w#post:C1#3', 'A', result, at(1_000));
    expect(await journal.prune(at(2 * DAY))).toBe(1);
    const after = await db.store.cases.byId(opened.case.id);
    expect(after?.alertPlace).toMatchObject({ threadId: '1796.0003', messageId: '1796.0003' });
  });

  it('keeps a refused row a case place still names by reference', async () => {
    const journal = db.store.journal;
    const opened = await openTestCase();
    await journal.begin(row('w#post:C1#4'), 'A', T0, 60_000);
    const alertPlace = alertPlaceAt(messageRef('w#post:C1#4'));
    await db.store.cases.update(opened.case.id, { alertPlace, updatedAt: T0 });
    await journal.refused('w#post:C1#4', 'A', 'channel_not_found');
    expect(await journal.prune(at(2 * DAY))).toBe(0);
    expect(await journal.outcome('w#post:C1#4')).toEqual({ state: 'refused' });
  });
});
