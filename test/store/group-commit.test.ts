// The SQLite store's group commit (store/group-commit.ts): callers that follow one another share
// one commit, and none is answered before the commit that holds its writes.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { groupCommitGate } from '../../src/store/group-commit.js';
import type { SqliteConnection } from '../../src/store/direct-sql.js';
import { createTestDb } from '../helpers/db.js';

/** A connection that records what runs on it, in order; `failCommit` makes COMMIT throw. */
function fakeConnection(failCommit = false) {
  const log: string[] = [];
  const state = { inTransaction: false };
  const connection: SqliteConnection = {
    open: true,
    get inTransaction() {
      return state.inTransaction;
    },
    prepare: (sql: string) => ({
      run: () => {
        log.push(sql);
        if (sql.startsWith('BEGIN')) state.inTransaction = true;
        if (sql === 'COMMIT' && failCommit) throw new Error('disk I/O error');
        if (sql === 'COMMIT' || sql === 'ROLLBACK') state.inTransaction = false;
        return { changes: 1 };
      },
      all: () => [],
    }),
    transaction: (work) => work,
  };
  return { connection, log };
}

describe('group commit', () => {
  it('commits the writes of callers queued together once, and answers each after it', async () => {
    const { connection, log } = fakeConnection();
    // Limits no slow machine reaches: the batch ends because nobody else is waiting.
    const gate = groupCommitGate(() => connection, { maxCallers: 1_000, maxOpenMs: 60_000 });
    const write = (n: number) =>
      gate.run(async () => {
        gate.joinBatch();
        connection.prepare(`write ${n}`).run();
        return n;
      });
    const answers = Array.from({ length: 5 }, (_, n) =>
      write(n).then((value) => {
        // Told only once its write is committed.
        expect(log).toContain('COMMIT');
        return value;
      }),
    );
    expect(await Promise.all(answers)).toEqual([0, 1, 2, 3, 4]);
    expect(log.filter((sql) => sql.startsWith('BEGIN'))).toHaveLength(1);
    expect(log.filter((sql) => sql === 'COMMIT')).toHaveLength(1);
    expect(log.indexOf('COMMIT')).toBe(log.length - 1);
  });

  it('fails every caller of a batch whose commit fails, readers included', async () => {
    const { connection, log } = fakeConnection(true);
    const gate = groupCommitGate(() => connection);
    const writer = gate.run(async () => {
      gate.joinBatch();
      connection.prepare('write').run();
      return 'written';
    });
    const reader = gate.run(async () => 'read');
    await expect(writer).rejects.toThrow('disk I/O error');
    await expect(reader).rejects.toThrow('disk I/O error');
    expect(log.at(-1)).toBe('ROLLBACK');
  });

  it('fails a caller whose writes were in a batch committed, and lost, while it still worked', async () => {
    const { connection, log } = fakeConnection(true);
    const gate = groupCommitGate(() => connection, { maxCallers: 64, maxOpenMs: 60_000 });
    const writer = gate.run(async () => {
      gate.joinBatch();
      connection.prepare('write').run();
      // The work goes on to a Prisma transaction, which commits the open batch first.
      gate.commit();
      return 'written';
    });
    await expect(writer).rejects.toThrow('disk I/O error');
    expect(log).toEqual(['BEGIN IMMEDIATE', 'write', 'COMMIT', 'ROLLBACK']);
  });

  it('answers at once when no write is waiting, and keeps a caller’s own error', async () => {
    const { connection, log } = fakeConnection();
    const gate = groupCommitGate(() => connection);
    expect(await gate.run(async () => 'read')).toBe('read');
    await expect(
      gate.run(async () => {
        gate.joinBatch();
        throw new Error('its own failure');
      }),
    ).rejects.toThrow('its own failure');
    expect(log).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
  });

  it('answers a mark at once and commits it with the next write, or within the time limit', async () => {
    const { connection, log } = fakeConnection();
    const gate = groupCommitGate(() => connection, { maxCallers: 64, maxOpenMs: 20 });
    const write = (sql: string, commitLater: boolean) =>
      gate.run(
        async () => {
          gate.joinBatch();
          connection.prepare(sql).run();
        },
        { commitLater },
      );
    await write('mark 1', true);
    expect(log).toEqual(['BEGIN IMMEDIATE', 'mark 1']);
    await write('write', false);
    expect(log).toEqual(['BEGIN IMMEDIATE', 'mark 1', 'write', 'COMMIT']);
    await write('mark 2', true);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(log.slice(4)).toEqual(['BEGIN IMMEDIATE', 'mark 2', 'COMMIT']);
  });

  it('opens a new batch for the next write when the open one was rolled back under it', async () => {
    const { connection, log } = fakeConnection();
    const gate = groupCommitGate(() => connection, { maxCallers: 64, maxOpenMs: 60_000 });
    await gate.run(
      async () => {
        gate.joinBatch();
        connection.prepare('mark').run();
      },
      { commitLater: true },
    );
    // A statement failing badly (disk full, I/O) makes SQLite roll the transaction back itself.
    connection.prepare('ROLLBACK').run();
    const next = gate.run(async () => {
      gate.joinBatch();
      connection.prepare('write').run();
      return 'written';
    });
    // Its write is in a transaction of its own and committed, not autocommitted outside any batch.
    await expect(next).resolves.toBe('written');
    expect(log).toEqual([
      'BEGIN IMMEDIATE',
      'mark',
      'ROLLBACK',
      'BEGIN IMMEDIATE',
      'write',
      'COMMIT',
    ]);
  });

  it('leaves a write made outside the gate to commit alone', () => {
    const { connection, log } = fakeConnection();
    const gate = groupCommitGate(() => connection);
    gate.joinBatch();
    expect(log).toEqual([]);
  });

  it('commits a batch kept open by waiting callers within its time limit', async () => {
    const { connection, log } = fakeConnection();
    const gate = groupCommitGate(() => connection, { maxCallers: 1_000, maxOpenMs: 5 });
    let release: () => void = () => undefined;
    const first = gate.run(async () => {
      gate.joinBatch();
      connection.prepare('write').run();
    });
    // The next caller waits a long time inside the gate; the first must not wait with it.
    const slow = gate.run(() => new Promise<void>((resolve) => (release = resolve)));
    await first;
    expect(log).toEqual(['BEGIN IMMEDIATE', 'write', 'COMMIT']);
    release();
    await slow;
  });
});

describe('group commit on a SQLite store', () => {
  it('has every write on disk when its caller hears of it, and lets a store transaction begin', async () => {
    const db = await createTestDb('sqlite');
    const reader = new Database(db.url.replace(/^file:/, ''), { readonly: true });
    try {
      const now = new Date('2026-12-04T12:00:00Z');
      const keys = Array.from({ length: 20 }, (_, n) => `evt-batched-${n}`);
      const onDisk = (key: string) =>
        reader.prepare('SELECT count(*) AS n FROM "DeliveredEvent" WHERE "key" = ?').get(key);
      // Each answer is checked from another connection, which sees committed rows only.
      const seen = await Promise.all(
        keys.map((key) =>
          db.store.deliveries
            .claim(key, now, 60_000)
            .then((outcome) => ({ outcome, ...(onDisk(key) as object) })),
        ),
      );
      expect(seen).toEqual(keys.map(() => ({ outcome: 'process', n: 1 })));
      // Prisma's own transaction right behind batched writes.
      const [claimed, inTransaction] = await Promise.all([
        db.store.deliveries.claim('evt-batched-last', now, 60_000),
        db.store.transaction((tx) => tx.deliveries.claim('evt-in-transaction', now, 60_000)),
      ]);
      expect([claimed, inTransaction]).toEqual(['process', 'process']);
      expect(onDisk('evt-in-transaction')).toEqual({ n: 1 });
    } finally {
      reader.close();
      await db.cleanup();
    }
  });

  it('has a whisper’s "sent" mark on disk when heard of: sent again after a crash it would show twice', async () => {
    const db = await createTestDb('sqlite');
    const reader = new Database(db.url.replace(/^file:/, ''), { readonly: true });
    try {
      const now = new Date('2026-12-04T12:00:00Z');
      const key = 'work-1#whisper:support:u1#1';
      const entry = { key, platform: 'slack' as const, call: 'whisper' as const, request: '[]' };
      await db.store.journal.begin(entry, 'A', now, 60_000);
      await db.store.journal.sent(key, 'A', null, now);
      const state = reader.prepare('SELECT "state" FROM "OutboundMessage" WHERE "key" = ?');
      expect(state.get(key)).toEqual({ state: 'sent' });
    } finally {
      reader.close();
      await db.cleanup();
    }
  });
});
