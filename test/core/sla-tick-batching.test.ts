// What a tick costs per due milestone and what it tells: directory reads are shared by the whole
// tick (org, team, suggested assignee once), cases and milestones come in batched queries, the
// levels are recorded in one transaction (falling back to case by case), and warnings on a
// business-hours target count down in working time. Real SQLite store, fake clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import type { CaseStore } from '../../src/core/ports/storage.js';
import { timeLeft } from '../../src/core/sla/index.js';
import type { SlaEventView } from '../../src/core/views.js';
import { formatDuration, renderText } from '../../src/adapters/shell/render-text.js';
import { type DeskFixture, deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const MINUTE = 60_000;
const f = deskFixtureForEachTest();
let loop: SlaAlertLoop;
beforeEach(() => {
  loop = new SlaAlertLoop(f.ctx);
});
afterEach(async () => {
  await loop.stop();
});

const slaPosts = (f: DeskFixture) =>
  f.shell.log
    .filter((r) => r.op === 'post' && r.view?.kind === 'sla-event')
    .map((r) => r.view as SlaEventView);

/** Wraps every repository method of the store to count calls by name. */
function countingStore(store: CaseStore): { store: CaseStore; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const wrap = <T extends object>(name: string, repo: T): T => {
    const wrapped: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(repo))
      wrapped[key] =
        typeof value === 'function'
          ? (...args: unknown[]) => {
              calls.set(`${name}.${key}`, (calls.get(`${name}.${key}`) ?? 0) + 1);
              return (value as (...a: unknown[]) => unknown)(...args);
            }
          : value;
    return wrapped as T;
  };
  return {
    calls,
    store: {
      ...store,
      directory: wrap('directory', store.directory),
      cases: wrap('cases', store.cases),
      milestones: wrap('milestones', store.milestones),
      events: wrap('events', store.events),
    },
  };
}

describe('an SLA tick over many due milestones', () => {
  it('reads the org, the team workload and the cases once per tick, not once per warning', async () => {
    for (let i = 0; i < 12; i++) await openThroughDesk(f, f.world.bob, { severity: '1' });
    const { store, calls } = countingStore(f.db.store);
    f.ctx.store = store;
    f.clock.advance(31 * MINUTE); // 52 % of the 1 h target: twelve 50 % warnings
    const report = await loop.tick();
    expect(report).toMatchObject({ checked: 12, warnings: 12, breaches: 0 });
    expect(slaPosts(f)).toHaveLength(12);
    expect(calls.get('cases.byIds')).toBe(1);
    expect(calls.get('cases.byId') ?? 0).toBe(0);
    expect(calls.get('directory.orgById')).toBe(1);
    expect(calls.get('directory.engineersOfTeam')).toBe(1);
    expect(calls.get('cases.countOpenByAssignee')).toBe(1);
    expect(calls.get('milestones.forCases')).toBe(1);
    expect(calls.get('milestones.forCase') ?? 0).toBe(0);
    // Each alert was still re-rendered, with the suggested assignee.
    const updates = f.shell.log.filter((r) => r.op === 'update' && r.view?.kind === 'case-alert');
    expect(updates).toHaveLength(12);
    expect(updates.every((r) => (r.view as { state: string }).state === 'warned')).toBe(true);
    const kinds = await Promise.all(
      (await f.db.store.cases.list({})).map(async (c) => f.db.store.events.forCase(c.id)),
    );
    expect(kinds.map((list) => list.filter((e) => e.kind === 'sla-warned').length)).toEqual(
      Array(12).fill(1),
    );
  });

  it('does nothing more for milestones already announced: a second tick and a restarted loop stay quiet', async () => {
    await openThroughDesk(f, f.world.bob, { severity: '1' });
    f.clock.advance(31 * MINUTE);
    await loop.tick();
    expect(slaPosts(f)).toHaveLength(1);
    await loop.tick();
    const restarted = new SlaAlertLoop(f.ctx);
    expect(await restarted.tick()).toMatchObject({ checked: 0, warnings: 0 });
    expect(slaPosts(f)).toHaveLength(1);
  });

  it('records case by case when the batch transaction fails, still posting each warning once', async () => {
    await openThroughDesk(f, f.world.bob, { severity: '1' });
    await openThroughDesk(f, f.world.bob, { severity: '1' });
    // The batch's transaction fails; each case's own succeeds.
    let transactions = 0;
    f.ctx.store = {
      ...f.db.store,
      transaction: (work) => {
        transactions += 1;
        if (transactions === 1) return Promise.reject(new Error('database is locked'));
        return f.db.store.transaction(work);
      },
    };
    f.clock.advance(31 * MINUTE);
    expect(await loop.tick()).toMatchObject({ warnings: 2 });
    f.clock.advance(MINUTE);
    expect(await loop.tick()).toMatchObject({ warnings: 0 });
    expect(
      slaPosts(f)
        .map((v) => v.caseReference)
        .sort(),
    ).toEqual(['CASE-1001', 'CASE-1002']);
    expect(f.logger.entries.some((e) => e.message.includes('case by case'))).toBe(true);
    const events = await f.db.store.events.forCase(slaPosts(f)[0]?.caseId ?? '');
    expect(events.filter((e) => e.kind === 'sla-warned')).toHaveLength(1);
  });
});

describe('a level whose announcement cannot be written down', () => {
  it('is not recorded either (a crash before its post would lose it), and goes out once it can be', async () => {
    await openThroughDesk(f, f.world.bob, { severity: '1' });
    let ledgerDown = true;
    const store = f.db.store;
    f.ctx.store = {
      ...store,
      transaction: (work) => {
        if (!ledgerDown) return store.transaction(work);
        return store.transaction((tx) => {
          const deliveries = Object.create(tx.deliveries) as typeof tx.deliveries;
          deliveries.claim = () => Promise.reject(new Error('disk I/O error'));
          return work({ ...tx, deliveries });
        });
      },
    };
    f.clock.advance(31 * MINUTE);
    await loop.tick();
    expect(slaPosts(f)).toHaveLength(0);
    ledgerDown = false;
    f.clock.advance(2 * MINUTE);
    await loop.tick();
    f.clock.advance(MINUTE);
    await loop.tick();
    expect(slaPosts(f).map((v) => v.threshold)).toEqual([0.5]);
  });
});

describe('a warning on a business-hours target', () => {
  it('carries the working time left, which the shell shows instead of the wall-clock gap', async () => {
    // Acme (gold, Europe/Paris business hours), severity 3: a target in business days.
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    for (let hour = 0; hour < 24 * 7 && slaPosts(f).length === 0; hour++) {
      f.clock.advance(60 * MINUTE);
      await loop.tick();
    }
    const [view] = slaPosts(f);
    expect(view?.caseReference).toBe(reference);
    const now = f.clock.now();
    const stored = await f.db.store.cases.byReference(reference);
    const milestone = (await f.db.store.milestones.forCase(stored?.id ?? '')).find(
      (m) => m.dueAt.getTime() === view?.dueAt.getTime(),
    );
    expect(milestone?.businessHours).toBe(true);
    const expected = timeLeft({
      dueAt: view!.dueAt,
      businessHours: true,
      calendar: f.world.acme.calendar,
      now,
    }).ms;
    expect(view?.msLeft).toBe(expected);
    const wall = view!.dueAt.getTime() - now.getTime();
    // Nights (and maybe a weekend) lie between now and the due instant: wall clock is longer.
    expect(wall - (view?.msLeft ?? 0)).toBeGreaterThan(60 * MINUTE);
    const text = renderText(view!, { now });
    expect(text).toContain('of working time left');
    expect(text).toContain(`${formatDuration(view!.msLeft!)} of working time left`);
  });
});

describe('batched repository reads', () => {
  it('byIds, forCases and appendMany read and write several cases at once', async () => {
    const first = await openThroughDesk(f, f.world.bob, { severity: '1' });
    const second = await openThroughDesk(f, f.world.alice, { severity: '2' });
    const { cases, milestones, events } = f.db.store;
    const a = await cases.byReference(first);
    const b = await cases.byReference(second);
    const found = await cases.byIds([a!.id, b!.id, a!.id, 'missing']);
    expect(found.map((c) => c.reference).sort()).toEqual([first, second].sort());
    expect(await cases.byIds([])).toEqual([]);
    const both = await milestones.forCases([a!.id, b!.id]);
    expect(both.map((m) => m.caseId).sort()).toEqual(
      [...(await milestones.forCase(a!.id)), ...(await milestones.forCase(b!.id))]
        .map((m) => m.caseId)
        .sort(),
    );
    expect(both.map((m) => m.dueAt.getTime())).toEqual(
      both.map((m) => m.dueAt.getTime()).sort((x, y) => x - y),
    );
    const at = f.clock.now();
    await events.appendMany([
      { caseId: a!.id, kind: 'sla-warned', actorId: null, at, data: { threshold: 0.5 } },
      { caseId: b!.id, kind: 'sla-breached', actorId: null, at },
    ]);
    await events.appendMany([]);
    expect((await events.forCase(a!.id)).at(-1)).toMatchObject({
      kind: 'sla-warned',
      data: { threshold: 0.5 },
    });
    expect((await events.forCase(b!.id)).at(-1)?.kind).toBe('sla-breached');
  });
});
