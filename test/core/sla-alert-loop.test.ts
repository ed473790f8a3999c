// The SLA alert loop with a fake clock and a real SQLite store: each warning and the breach once,
// to the team and the assignee; one message per case after downtime; no repeats across replicas;
// a tick reads only due milestones.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import type { SlaEventView } from '../../src/core/views.js';
import { deskFixtureForEachTest, openThroughDesk, type Recorded } from './desk-fixture.js';

const MINUTE = 60_000;
const f = deskFixtureForEachTest();
let loop: SlaAlertLoop;
beforeEach(() => {
  loop = new SlaAlertLoop(f.ctx);
});
afterEach(async () => {
  await loop.stop();
});

const slaPosts = (log: Recorded[]) =>
  log
    .filter((r) => r.view?.kind === 'sla-event')
    .map((r) => ({ op: r.op, userId: r.userId, view: r.view as SlaEventView }));

describe('the SLA alert loop', () => {
  it('climbs the default ladder: the owner from the first warning, the alert thread from 75 %, on-call at the breach; once each', async () => {
    // Globex: Enterprise self-managed, severity 1 → 1 hour, 24/7.
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    const stored = await f.db.store.cases.byReference(reference);
    for (let minute = 1; minute <= 70; minute++) {
      f.clock.advance(MINUTE);
      await loop.tick();
    }
    const events = slaPosts(f.shell.log);
    const team = events.filter((e) => e.op === 'post');
    // The 50 % warning is the owner's alone (a direct message): the team hears from 75 % on.
    expect(team.map((e) => [e.view.event, e.view.threshold])).toEqual([
      ['warning', 0.75],
      ['warning', 0.9],
      ['breach', 1],
    ]);
    expect(
      f.shell.log
        .filter((r) => r.op === 'post' && r.view?.kind === 'sla-event')
        .every((r) => r.place?.threadId === stored?.alertPlace?.messageId),
    ).toBe(true);
    expect(events.filter((e) => e.op === 'sendDirect').map((e) => e.userId)).toEqual([
      'kim',
      'kim',
      'kim',
      'kim',
    ]);
    // Severity 1 breach pings the on-call role of the platform; warnings do not.
    expect(team[2]?.view.mentions).toContainEqual({ kind: 'role', id: 'platform-oncall' });
    expect(team[0]?.view.mentions.some((m) => m.kind === 'role')).toBe(false);
    const alertStates = f.shell.log
      .filter((r) => r.op === 'update' && r.view?.kind === 'case-alert')
      .map((r) => (r.view as { state: string }).state);
    expect(alertStates.slice(-4)).toEqual(['warned', 'warned', 'warned', 'breached']);
    const kinds = (await f.db.store.events.forCase(stored?.id ?? '')).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'sla-warned')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'sla-breached')).toHaveLength(1);
  });

  it('after downtime sends one message per case: the highest threshold crossed', async () => {
    await openThroughDesk(f, f.world.bob, { severity: '1' }); // 60 min target
    await openThroughDesk(f, f.world.bob, { severity: '2' }); // 4 h target
    f.clock.advance(56 * MINUTE); // 93 % of the first, 23 % of the second
    await loop.tick();
    const team = slaPosts(f.shell.log).filter((e) => e.op === 'post');
    expect(team.map((e) => [e.view.caseReference, e.view.threshold])).toEqual([['CASE-1001', 0.9]]);
    f.clock.advance(4 * 60 * MINUTE); // both past due
    await loop.tick();
    const after = slaPosts(f.shell.log)
      .filter((e) => e.op === 'post')
      .slice(1);
    expect(after.map((e) => [e.view.caseReference, e.view.event]).sort()).toEqual([
      ['CASE-1001', 'breach'],
      ['CASE-1002', 'breach'],
    ]);
  });

  it('never repeats a warning when two loops tick at once (the conditional update picks one)', async () => {
    await openThroughDesk(f, f.world.bob, { severity: '1' });
    // Two loops over one store interleave their queries like two replicas would; each records the
    // level with a conditional update before posting, so only one of them announces it.
    const otherLoop = new SlaAlertLoop({ ...f.ctx });
    f.clock.advance(31 * MINUTE);
    const reports = await Promise.all([loop.tick(), otherLoop.tick()]);
    expect(reports.map((r) => r.warnings).sort()).toEqual([0, 1]);
    expect(slaPosts(f.shell.log).filter((e) => e.op === 'post')).toHaveLength(1);
    await otherLoop.stop();
  });

  it('stays quiet for resolved cases and met first responses', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    await f.desk.act(f.actor(f.world.kim), reference, 'resolve');
    f.clock.advance(2 * 60 * MINUTE);
    const report = await loop.tick();
    expect(report).toMatchObject({ warnings: 0, breaches: 0 });
    expect(slaPosts(f.shell.log)).toHaveLength(0);
  });

  it('reads only due milestones: a tick over many open cases far from their target checks nothing', async () => {
    for (let i = 0; i < 60; i++) await openThroughDesk(f, f.world.alice, { severity: '3' }); // 2 business days
    await openThroughDesk(f, f.world.bob, { severity: '1' });
    let fetched = 0;
    const milestones = f.db.store.milestones;
    f.ctx.store = {
      ...f.db.store,
      milestones: {
        ...milestones,
        dueForCheck: async (now, limit) => {
          const due = await milestones.dueForCheck(now, limit);
          fetched += due.length;
          return due;
        },
      },
    };
    f.clock.advance(31 * MINUTE);
    const report = await loop.tick();
    expect(report).toEqual({
      checked: 1,
      warnings: 1,
      breaches: 0,
      escalations: 0,
      digests: 0,
      abandoned: 0,
      reminders: 0,
      autoClosed: 0,
      callbackReminders: 0,
    });
    expect(fetched).toBe(1);
  });
});

describe('the SLA alert loop with a slow platform', () => {
  it('records the next level on schedule while an earlier warning is still being posted', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' }); // 60 min target
    const stored = await f.db.store.cases.byReference(reference);
    // The shell port holds every SLA post until released (a platform answering with Retry-After).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const post = f.shell.post.bind(f.shell);
    f.shell.post = async (place, view) => {
      if (view.kind === 'sla-event') await held;
      return post(place, view);
    };
    const warned = async () =>
      (await f.db.store.events.forCase(stored?.id ?? '')).filter((e) => e.kind === 'sla-warned')
        .length;
    f.clock.advance(31 * MINUTE);
    loop.start(10);
    await expect.poll(warned).toBe(1);
    f.clock.advance(15 * MINUTE); // 46 min: 75 % crossed while the 50 % post still waits
    await expect.poll(warned).toBe(2);
    expect(slaPosts(f.shell.log)).toHaveLength(0);
    release();
    await loop.stop();
    const team = slaPosts(f.shell.log).filter((e) => e.op === 'post');
    expect(team.map((e) => e.view.threshold)).toEqual([0.5, 0.75]);
  });
});
