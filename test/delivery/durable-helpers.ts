// The durable port and the delivery worker as the delivery tests build them on a test store.
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { NoticeView, PostedMessage } from '../../src/core/views.js';
import { silentLogger, type TestDb } from '../helpers/db.js';
import type { RecordingPort } from '../core/desk-fixture.js';

export const MINUTE = 60_000;

/** The journal tests' clock: a fixed start, and instants `ms` after it. */
export const T0 = new Date('2026-03-02T10:00:00Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);
/** A journal row for a post under `key`, with an empty request. */
export const journalRow = (key: string) => ({
  key,
  platform: 'slack' as const,
  call: 'post' as const,
  request: '[]',
});
export const LEASE_MS = 60_000;
export const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
export const place = { platform: 'slack' as const, channelId: 'C1', threadId: null };

/** Physical time `ms` from now: a later process, after every lease ran out. */
export const later = (ms: number) => () => new Date(Date.now() + ms);

/** A port whose calls never return: its process is as good as dead mid-send. */
export function hangingPort(inner: RecordingPort): RecordingPort & { calls: number } {
  const port = { ...inner, calls: 0 } as RecordingPort & { calls: number };
  port.post = () => {
    port.calls += 1;
    return new Promise<PostedMessage>(() => undefined);
  };
  return port;
}

export function durable(
  db: TestDb,
  inner: ChatPort,
  owner: string,
  now?: () => Date,
  journal: MessageJournal = db.store.journal,
): DurableChatPort {
  return new DurableChatPort({
    inner,
    journal: () => journal,
    owner,
    logger: silentLogger,
    leaseMs: LEASE_MS,
    ...(now ? { now } : {}),
  });
}

export function worker(
  db: TestDb,
  ports: Record<string, DurableChatPort>,
  now: () => Date,
  journal: MessageJournal = db.store.journal,
) {
  return new DeliveryWorker({
    journal: () => journal,
    ledger: () => db.store.deliveries,
    ports: () => ports,
    owner: 'B',
    logger: silentLogger,
    messageLeaseMs: LEASE_MS,
    workLeaseMs: 2 * LEASE_MS,
    now,
  });
}
