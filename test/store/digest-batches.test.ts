// An engineer's digest window read in several batches (an outage's backlog: more warnings due at
// once than one batch holds) becomes several digests, each with its own work key, so every held
// warning goes out once; none is answered from another part's journal rows. Real store.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordDueDigests } from '../../src/core/alerts/due-digests.js';
import { digestKey } from '../../src/core/alerts/reminder-digest.js';
import type { DeskContext } from '../../src/core/conversation/desk-context.js';
import { encodeCall } from '../../src/core/delivery/codec.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';

const WINDOW_END = new Date('2026-03-02T10:30:00Z');

describeOnEachProvider('digest batches', (provider) => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestDb(provider);
  });
  afterEach(async () => {
    await db.cleanup();
  });

  it('sends every held warning of a window once, in as many parts as batches', async () => {
    for (const n of [1, 2, 3])
      await db.store.digests.hold({
        personId: 'p-kim',
        dueAt: WINDOW_END,
        key: `sla:c${n}:warning:0.5`,
        payload: encodeCall({ caseReference: `CASE-100${n}` }),
      });
    const ctx = { store: db.store, logger: silentLogger } as unknown as DeskContext;
    const works = await recordDueDigests(
      ctx,
      new Date('2026-03-02T10:31:00Z'),
      2,
      () => new Date(),
    );
    expect(works.map((work) => work.items.length).sort()).toEqual([1, 2]);
    expect(new Set(works.map(digestKey)).size).toBe(2);
    expect(await db.store.digests.due(new Date('2026-03-02T10:31:00Z'), 10)).toEqual([]);
    // Read again (another replica's tick): nothing is left to send.
    expect(
      await recordDueDigests(ctx, new Date('2026-03-02T10:32:00Z'), 2, () => new Date()),
    ).toEqual([]);
  });
});
