// A broken knowledge-base edit seen by every replica watching the same files is posted once: each
// replica's notice is the same message of the same work, which the message journal sends once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKbChangeNotifier } from '../../src/app/kb-notices.js';
import { seedDemo } from '../../src/app/demo-seed.js';
import type { KbRefreshReport } from '../../src/core/kb/index.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { recordingPort } from '../core/desk-fixture.js';
import { durable } from '../delivery/durable-helpers.js';
import { createTestDb, type TestDb } from '../helpers/db.js';

const report = (message: string): KbRefreshReport => ({
  files: ['support/severity-levels.md'],
  changed: 0,
  problems: [
    {
      file: 'support/severity-levels.md',
      line: 3,
      kind: 'invalid-field',
      message,
      servingLastGood: true,
    },
  ],
});

describe('a broken knowledge-base edit seen by several replicas', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestDb('sqlite');
    await seedDemo(db.store.directory);
  });
  afterEach(async () => {
    await db.cleanup();
  });

  it('is posted once per team channel, and a different breakage again', async () => {
    const sent = recordingPort('shell');
    const replica = (owner: string) =>
      createKbChangeNotifier({
        directory: db.store.directory,
        ports: { shell: durable(db, sent, owner) },
        logger: createMemoryLogger(),
        kbDir: 'kb',
      });
    const [a, b] = [replica('A'), replica('B')];
    await Promise.all([a(report('audience: unknown value')), b(report('audience: unknown value'))]);
    const posts = () => sent.log.filter((record) => record.op === 'post');
    const channels = posts().map((record) => record.place?.channelId);
    expect(channels.length).toBeGreaterThan(0);
    expect(new Set(channels).size).toBe(channels.length);
    await b(report('title: missing'));
    expect(posts()).toHaveLength(2 * channels.length);
  });
});
