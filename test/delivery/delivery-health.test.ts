// What /healthz reports about delivery, on the real store: figures, "degraded" past the configured
// age with the reason, and one log line per change of state (not one per probe).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { deliveryHealthCheck } from '../../src/core/delivery/delivery-health.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const T0 = new Date('2026-03-02T10:00:00Z');
let db: TestDb;
beforeEach(async () => {
  db = await createTestDb('sqlite');
});
afterEach(async () => {
  await db.cleanup();
});

it('turns degraded once the oldest waiting message is older than the limit, and says why once', async () => {
  let now = T0;
  const logger = createMemoryLogger();
  const check = deliveryHealthCheck({
    journal: () => db.store.journal,
    ledger: () => db.store.deliveries,
    logger,
    degradedAfterMs: 300_000,
    now: () => now,
  });
  expect(await check()).toMatchObject({ status: 'ok', messages: { pending: 0 } });
  const row = { key: 'w#1', platform: 'slack' as const, call: 'post' as const, request: '[]' };
  await db.store.journal.begin(row, 'A', T0, 60_000);
  await db.store.journal.failed('w#1', 'A', 'HTTP 503', new Date(T0.getTime() + 5_000));
  now = new Date(T0.getTime() + 301_000);
  const degraded = await check();
  expect(degraded).toMatchObject({
    status: 'degraded',
    messages: { pending: 1, oldestPendingSeconds: 301, failing: 1, refused: 0 },
  });
  expect(degraded.reasons[0]).toContain('301 s (limit 300 s)');
  await check();
  expect(logger.entries.filter((e) => e.message === 'delivery degraded')).toHaveLength(1);
  await db.store.journal.sent('w#1', 'B', null, now);
  expect((await check()).status).toBe('ok');
  expect(logger.entries.filter((e) => e.message === 'delivery healthy again')).toHaveLength(1);
});

it('reports refused messages apart: they wait for an operator without making delivery degraded', async () => {
  let now = T0;
  const check = deliveryHealthCheck({
    journal: () => db.store.journal,
    ledger: () => db.store.deliveries,
    logger: createMemoryLogger(),
    degradedAfterMs: 300_000,
    now: () => now,
  });
  const row = (key: string) => ({
    key,
    platform: 'slack' as const,
    call: 'post' as const,
    request: '[]',
  });
  await db.store.journal.begin(row('kept#1'), 'A', T0, 60_000);
  await db.store.journal.failed('kept#1', 'A', 'HTTP 503', new Date(T0.getTime() + 5_000));
  await db.store.journal.begin(row('refused#1'), 'A', T0, 60_000);
  await db.store.journal.refused('refused#1', 'A', 'channel_not_found');
  now = new Date(T0.getTime() + 301_000);
  const report = await check();
  expect(report.messages).toEqual({
    pending: 1,
    oldestPendingSeconds: 301,
    failing: 1,
    refused: 1,
  });
  expect(report.status).toBe('degraded');
  expect(report.reasons.join(' ')).toContain('oldest unsent message has waited 301 s');
  await db.store.journal.sent('kept#1', 'B', null, now);
  expect(await check()).toMatchObject({ status: 'ok', messages: { pending: 0, refused: 1 } });
});
