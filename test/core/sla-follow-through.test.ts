// Follow-through (issue 12 item 3) on the real core and a real SQLite store: the update cadence
// (owner reminded once per missed update, paused while waiting on the customer, shown as the next
// update), and the escalation ladder up to a named contact after an overrun, each rung once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import { parsePolicy, presetPath } from '../../src/core/sla/index.js';
import type {
  CaseAlertView,
  CaseListView,
  NoticeView,
  SlaEventView,
} from '../../src/core/views.js';
import { readFileSync } from 'node:fs';
import {
  alertThreadOf,
  deskFixtureForEachTest,
  openThroughDesk,
  supportPlace,
  type Recorded,
} from './desk-fixture.js';

const MIN = 60_000;
const f = deskFixtureForEachTest();
let loop: SlaAlertLoop;
beforeEach(() => {
  loop = new SlaAlertLoop(f.ctx);
});
afterEach(async () => {
  await loop.stop();
});

const slaEvents = (log: Recorded[]) =>
  log
    .filter((r) => r.view?.kind === 'sla-event')
    .map((r) => ({ op: r.op, userId: r.userId, view: r.view as SlaEventView }));

async function ticks(minutes: number): Promise<void> {
  for (let minute = 0; minute < minutes; minute++) {
    f.clock.advance(MIN);
    await loop.tick();
  }
}

/** A severity 1 Globex case (Enterprise self-managed: 1 hour, 24/7), claimed by Kim and answered. */
async function answeredUrgentCase(): Promise<{ reference: string; caseId: string }> {
  const reference = await openThroughDesk(f, f.world.bob, { severity: '1' }, 'q-bob');
  await f.desk.act(f.actor(f.world.kim), reference, 'claim');
  const thread = await alertThreadOf(f, reference);
  await f.desk.message({ actor: f.actor(f.world.kim), place: thread, text: 'Looking now' });
  const stored = await f.db.store.cases.byReference(reference);
  return { reference, caseId: stored?.id ?? '' };
}

describe('the update cadence', () => {
  it('after the first response, reminds the owner once when an hour passes without an update, and a late update says so', async () => {
    const { reference, caseId } = await answeredUrgentCase();
    const update = (await f.db.store.milestones.forCase(caseId)).find(
      (m) => m.kind === 'customer-update',
    );
    expect(update?.dueAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    await ticks(59);
    expect(slaEvents(f.shell.log)).toEqual([]);
    await ticks(10);
    const reminders = slaEvents(f.shell.log);
    // The owner alone, by direct message, once (ten ticks past the due instant).
    expect(reminders.map((e) => [e.op, e.userId, e.view.event])).toEqual([
      ['sendDirect', 'kim', 'update-due'],
    ]);
    const thread = await alertThreadOf(f, reference);
    const answer = await f.desk.message({
      actor: f.actor(f.world.kim),
      place: thread,
      text: 'Still on it: the fix is rolling out',
    });
    expect((answer as NoticeView).text).toBe(
      'Sent to the customer. Next update recorded: met late, 9 min after its target.',
    );
    // A new hour counts from that update.
    const next = (await f.db.store.milestones.forCase(caseId)).find(
      (m) => m.kind === 'customer-update',
    );
    expect(next).toMatchObject({ metAt: null, breachedAt: null });
    expect(next?.dueAt.toISOString()).toBe('2026-03-02T11:09:00.000Z');
    await ticks(61);
    expect(slaEvents(f.shell.log).filter((e) => e.view.event === 'update-due')).toHaveLength(2);
  });

  it('the customer’s list and the alert show when the next update is due instead of no target', async () => {
    const { reference } = await answeredUrgentCase();
    f.clock.advance(10 * MIN);
    await f.desk.message({
      actor: f.actor(f.world.bob),
      place: supportPlace('q-bob'),
      text: 'Any news?',
    });
    const status = (await f.desk.status(f.actor(f.world.bob))) as CaseListView;
    const line = status.cases.find((c) => c.caseReference === reference);
    expect(line?.dueAt).toBeNull();
    expect(line?.nextUpdate).toMatchObject({ kind: 'customer-update', state: 'running' });
    expect(line?.nextUpdate?.dueAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    const alerts = f.shell.log.filter((r) => r.view?.kind === 'case-alert');
    const alert = alerts.at(-1)?.view as CaseAlertView;
    expect(alert.nextUpdate?.dueAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
    // The first response keeps its own state on the alert: the cadence does not hide it.
    expect(alert.milestone).toMatchObject({ kind: 'first-response', state: 'met' });
  });

  it('pauses while the case waits on the customer, and resumes with the time it had left', async () => {
    const { reference, caseId } = await answeredUrgentCase();
    f.clock.advance(20 * MIN);
    const answer = await f.desk.act(f.actor(f.world.kim), reference, 'pending');
    expect(answer.text).toContain(
      'Updates to the customer are paused too (next update: 40 min left).',
    );
    await ticks(3 * 60);
    expect(slaEvents(f.shell.log)).toEqual([]);
    await f.desk.message({
      actor: f.actor(f.world.bob),
      place: supportPlace('q-bob'),
      text: 'Here are the logs',
    });
    const resumed = (await f.db.store.milestones.forCase(caseId)).find(
      (m) => m.kind === 'customer-update',
    );
    expect(resumed?.pausedAt).toBeNull();
    // 40 minutes were left when it paused: due 40 minutes after the customer's reply.
    expect(resumed?.dueAt.getTime()).toBe(f.clock.now().getTime() + 40 * MIN);
  });

  it('severity 3 has no cadence (none by default), and resolving stops it', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '3' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    await f.desk.message({
      actor: f.actor(f.world.kim),
      place: await alertThreadOf(f, reference),
      text: 'Hi',
    });
    const stored = await f.db.store.cases.byReference(reference);
    const kinds = (await f.db.store.milestones.forCase(stored?.id ?? '')).map((m) => m.kind);
    expect(kinds).not.toContain('customer-update');
    const urgent = await answeredUrgentCase();
    await f.desk.act(f.actor(f.world.kim), urgent.reference, 'resolve');
    await ticks(120);
    expect(slaEvents(f.shell.log).filter((e) => e.view.event === 'update-due')).toEqual([]);
  });
});

describe('the escalation ladder', () => {
  it('tells the named contact once, an overrun past the breach, and never after an answer', async () => {
    const file = readFileSync(presetPath('elastic'), 'utf8').replace(
      '  # - { notify: contact, at: breach, overrun: 1 hour 24/7, contact: lee, severities: [1, 2] }',
      '  - { notify: contact, at: breach, overrun: 30 minutes 24/7, contact: sam, severities: [1] }',
    );
    f.ctx.policy = parsePolicy(file, 'ladder.yml');
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    await ticks(60 + 29);
    expect(slaEvents(f.shell.log).some((e) => e.view.event === 'overrun')).toBe(false);
    await ticks(10);
    const overrun = slaEvents(f.shell.log).filter((e) => e.view.event === 'overrun');
    expect(overrun.map((e) => [e.op, e.userId ?? null])).toEqual([
      ['post', null],
      ['sendDirect', 'kim'],
      ['sendDirect', 'sam'],
    ]);
    expect(overrun[0]?.view.mentions).toContainEqual({ kind: 'user', id: 'sam' });
    // The on-call role was paged once, at the breach, not again at the overrun.
    const paged = slaEvents(f.shell.log).filter(
      (e) => e.op === 'post' && e.view.mentions.some((m) => m.kind === 'role'),
    );
    expect(paged.map((e) => e.view.event)).toEqual(['breach']);
    const stored = await f.db.store.cases.byReference(reference);
    const events = (await f.db.store.events.forCase(stored?.id ?? '')).map((e) => e.kind);
    expect(events.filter((k) => k === 'sla-escalated')).toHaveLength(1);

    // Answered before its overrun: the contact is never told.
    const other = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), other, 'claim');
    await ticks(65);
    await f.desk.message({
      actor: f.actor(f.world.kim),
      place: await alertThreadOf(f, other),
      text: 'Sorry',
    });
    await ticks(60);
    expect(
      slaEvents(f.shell.log).filter(
        (e) => e.view.event === 'overrun' && e.view.caseReference === other,
      ),
    ).toEqual([]);
  });
});

describe('the reminder digest', () => {
  it('groups the non-urgent warnings of one engineer’s window into one message; severity 1 stays immediate', async () => {
    // Globex severity 2: 4 hours, 24/7 (first warning at 2 h). Two cases a few minutes apart.
    const first = await openThroughDesk(f, f.world.bob, { severity: '2' });
    f.clock.advance(5 * MIN);
    const second = await openThroughDesk(f, f.world.bob, { severity: '2' });
    for (const reference of [first, second])
      await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    await ticks(2 * 60 + 5 - 30); // 09:05 + 1h35: nothing yet (first warning of the first at 11:00)
    expect(slaEvents(f.shell.log)).toEqual([]);
    await ticks(25); // 11:05: both at 50 %, held for Kim's 11:00–11:30 window
    expect(slaEvents(f.shell.log)).toEqual([]);
    const digests = () =>
      f.shell.log.filter(
        (r) =>
          r.op === 'sendDirect' && (r.view as NoticeView | null)?.text?.startsWith('SLA digest'),
      );
    expect(digests()).toEqual([]);
    await ticks(30); // 11:35: the window ended
    expect(digests().map((r) => r.userId)).toEqual(['kim']);
    const text = (digests()[0]?.view as NoticeView).text;
    expect(text).toContain('SLA digest: 2 warnings.');
    expect(text).toContain(`${first} (Checkout fails): first response at 50% of its target`);
    expect(text).toContain(`${second} (Checkout fails): first response at 50% of its target`);
    await ticks(10);
    expect(digests()).toHaveLength(1);
    const report = await loop.tick();
    expect(report.digests).toBe(0);

    // Severity 1: straight to its owner.
    const urgent = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), urgent, 'claim');
    await ticks(31);
    expect(
      slaEvents(f.shell.log).filter(
        (e) => e.op === 'sendDirect' && e.view.caseReference === urgent,
      ),
    ).toHaveLength(1);
  });

  it('leaves out of the digest a warning whose target was met before the window ended', async () => {
    const first = await openThroughDesk(f, f.world.bob, { severity: '2' });
    f.clock.advance(5 * MIN);
    const second = await openThroughDesk(f, f.world.bob, { severity: '2' });
    for (const reference of [first, second])
      await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    await ticks(2 * 60 + 5 - 30 + 25); // 11:05: both at 50 %, held for Kim's 11:00–11:30 window
    // Kim answers the first before the window ends: its warning is no longer news.
    await f.desk.message({
      actor: f.actor(f.world.kim),
      place: await alertThreadOf(f, first),
      text: 'Looking at it now',
    });
    await ticks(30);
    const digests = f.shell.log.filter(
      (r) => r.op === 'sendDirect' && (r.view as NoticeView | null)?.text?.startsWith('SLA digest'),
    );
    expect(digests).toHaveLength(1);
    const text = (digests[0]?.view as NoticeView).text;
    expect(text).toContain('SLA digest: 1 warning.');
    expect(text).toContain(second);
    expect(text).not.toContain(`${first} `);
  });

  it('sends every warning at once with reminderDigest: off', async () => {
    const file = readFileSync(presetPath('elastic'), 'utf8').replace(
      'reminderDigest:\n  window: 30 minutes\n',
      'reminderDigest: off\n',
    );
    f.ctx.policy = parsePolicy(file, 'no-digest.yml');
    expect(f.ctx.policy.reminderDigest).toBeNull();
    const reference = await openThroughDesk(f, f.world.bob, { severity: '2' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    await ticks(2 * 60 + 1);
    expect(slaEvents(f.shell.log).map((e) => [e.op, e.userId])).toEqual([['sendDirect', 'kim']]);
  });
});

describe('bad input', () => {
  it('/pending on a closed case is refused with a clear message and changes nothing', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '2' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    await f.desk.act(f.actor(f.world.kim), reference, 'close');
    const before = await f.db.store.cases.byReference(reference);
    const eventsBefore = await f.db.store.events.forCase(before?.id ?? '');
    const answer = await f.desk.act(f.actor(f.world.kim), reference, 'pending');
    expect(answer).toMatchObject({ kind: 'notice', tone: 'warning' });
    expect(answer.text).toMatch(/closed/i);
    const after = await f.db.store.cases.byReference(reference);
    expect(after).toEqual(before);
    expect(await f.db.store.events.forCase(before?.id ?? '')).toHaveLength(eventsBefore.length);
  });
});
