// The SLA loop's safety net: a met milestone that still carries a next check (as a severity change
// racing a reply used to leave it) is stopped on its first check, not rescheduled forever.
// Real SQLite store (desk-fixture.ts); the stray next check is written with plain SQL, the way
// no use case can write it any more.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import { meetResponseMilestones } from '../../src/core/cases/index.js';
import { parseDatabaseUrl } from '../../src/store/database-url.js';
import { deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const MINUTE = 60_000;
const f = deskFixtureForEachTest();
let loop: SlaAlertLoop;
beforeEach(() => {
  loop = new SlaAlertLoop(f.ctx);
});
afterEach(async () => {
  await loop.stop();
});

/** Gives the case's met milestones a next check at their start (due at once), behind Prisma. */
function rearmMet(caseId: string): void {
  const target = parseDatabaseUrl(f.db.url);
  if (target.provider !== 'sqlite') throw new Error('the desk fixture runs on SQLite');
  const db = new Database(target.file);
  try {
    db.prepare(
      `UPDATE "SlaMilestone" SET "nextCheckAt" = "startedAt" WHERE "caseId" = ? AND "metAt" IS NOT NULL`,
    ).run(caseId);
  } finally {
    db.close();
  }
}

describe('a met milestone that still has a next check', () => {
  it('is checked once, its next check cleared, and nothing is announced', async () => {
    // Globex: Enterprise self-managed, severity 1 → 1 hour.
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    const stored = (await f.db.store.cases.byReference(reference))!;
    f.clock.advance(10 * MINUTE);
    expect(await meetResponseMilestones(f.db.store, stored.id, f.clock.now())).toHaveLength(1);
    rearmMet(stored.id);
    f.clock.advance(MINUTE);

    expect(await loop.tick()).toMatchObject({ checked: 1, warnings: 0, breaches: 0 });
    const [milestone] = await f.db.store.milestones.forCase(stored.id);
    expect(milestone?.metAt).not.toBeNull();
    expect(milestone?.nextCheckAt).toBeNull();
    // Later ticks, past every threshold and the due instant, never see it again.
    for (const minutes of [20, 30, 60]) {
      f.clock.advance(minutes * MINUTE);
      expect(await loop.tick()).toMatchObject({ checked: 0, warnings: 0, breaches: 0 });
    }
    expect(f.shell.log.filter((r) => r.view?.kind === 'sla-event')).toEqual([]);
  });
});
