// Upgrading from a version that kept failed posts in its adapter outbox (table OutboxMessage):
// this version sends through the message journal only, so a start says how many such posts wait.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'casebot-old-outbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const warnings = (logger: ReturnType<typeof createMemoryLogger>) =>
  logger.entries.filter((e) => e.level === 'warn' && e.message.includes('OutboxMessage'));

describe('posts left in the old outbox', () => {
  it('are counted in a warning at start, and a start without any says nothing', async () => {
    const url = `file:${join(dir, 'casebot.db')}`;
    const first = createMemoryLogger();
    await (await openStore({ url, logger: first })).close();
    expect(warnings(first)).toEqual([]);

    const db = new Database(join(dir, 'casebot.db'));
    db.prepare(
      `INSERT INTO "OutboxMessage" ("id", "platform", "payload", "attempts", "nextAttemptAt", "createdAt") VALUES (?, 'slack', '{}', 2, ?, ?)`,
    ).run('kept-1', Date.now(), Date.now());
    db.close();

    const second = createMemoryLogger();
    await (await openStore({ url, logger: second })).close();
    expect(warnings(second).map((e) => e.fields)).toEqual([{ count: 1 }]);
  });
});
