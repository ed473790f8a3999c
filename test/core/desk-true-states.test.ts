// True SLA states through the Desk and the SLA loop (issue 12 item 1), real SQLite store, recording
// ChatPorts, fake clock: a late first response is said "met late" in the thread, the alert, the
// queue and the customer's list, never "met"; a case resolved without a reply never breaches; a
// reopened case owes a response that the loop watches and the next reply meets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import type { CaseAlertView, CaseListView, SlaEventView } from '../../src/core/views.js';
import {
  alertThreadOf,
  deskFixtureForEachTest,
  openThroughDesk,
  type Recorded,
} from './desk-fixture.js';

const MINUTE = 60_000;
const f = deskFixtureForEachTest();
let loop: SlaAlertLoop;
beforeEach(() => {
  loop = new SlaAlertLoop(f.ctx);
});
afterEach(async () => {
  await loop.stop();
});

const lastAlert = (log: Recorded[]) =>
  log.filter((r) => r.op === 'update' && r.view?.kind === 'case-alert').at(-1)?.view as
    CaseAlertView | undefined;
const slaEvents = (log: Recorded[]) =>
  log
    .filter((r) => r.op === 'post' && r.view?.kind === 'sla-event')
    .map((r) => r.view as SlaEventView);

describe('a first response after the breach', () => {
  it('is "met late" in the thread, the alert, the queue and the customer’s list, never "met"', async () => {
    // Globex: Enterprise self-managed, severity 1 → 1 hour, 24/7.
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    f.clock.advance(70 * MINUTE);
    expect(await loop.tick()).toMatchObject({ breaches: 1 });
    expect(lastAlert(f.shell.log)).toMatchObject({ state: 'breached' });

    const reply = await f.desk.message({
      actor: f.actor(f.world.kim),
      place: await alertThreadOf(f, reference),
      text: 'Sorry for the wait: we are on it.',
    });
    expect(reply).toEqual({
      kind: 'notice',
      tone: 'success',
      text: 'Sent to the customer. First response recorded: met late, 10 min after its target.',
      language: 'en',
    });
    expect(lastAlert(f.shell.log)).toMatchObject({
      state: 'met-late',
      targetText: 'first response met late',
      dueAt: null,
      milestone: {
        kind: 'first-response',
        state: 'met-late',
        text: 'first response met late',
        dueAt: new Date('2026-03-02T10:00:00Z'),
        metAt: new Date('2026-03-02T10:10:00Z'),
      },
    });
    const stored = (await f.db.store.cases.byReference(reference))!;
    const met = (await f.db.store.events.forCase(stored.id)).filter((e) => e.kind === 'sla-met');
    expect(met.map((e) => e.data)).toEqual([
      { milestone: 'first-response', late: true, dueAt: '2026-03-02T10:00:00.000Z' },
    ]);

    const queue = (await f.desk.queue(f.actor(f.world.kim))) as CaseListView;
    const status = (await f.desk.status(f.actor(f.world.bob))) as CaseListView;
    for (const list of [queue, status]) {
      expect(list.cases.find((c) => c.caseReference === reference)).toMatchObject({
        dueAt: null,
        milestone: { state: 'met-late', text: 'first response met late' },
      });
    }
    // Resolved, the alert still says the first response was met late.
    await f.desk.act(f.actor(f.world.kim), reference, 'resolve');
    expect(lastAlert(f.shell.log)).toMatchObject({
      state: 'resolved',
      targetText: 'first response met late',
      milestone: { state: 'met-late' },
    });
  });

  it('on time it is "met", and the alert says so', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    f.clock.advance(20 * MINUTE);
    const reply = await f.desk.message({
      actor: f.actor(f.world.kim),
      place: await alertThreadOf(f, reference),
      text: 'Looking now.',
    });
    expect(reply?.text).toBe(
      'Sent to the customer. First response recorded: the SLA target is met.',
    );
    expect(lastAlert(f.shell.log)).toMatchObject({
      state: 'claimed',
      targetText: 'first response met',
      milestone: { state: 'met' },
    });
  });
});

describe('resolving counts as a response', () => {
  it('a case resolved without a reply never breaches afterwards', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    f.clock.advance(20 * MINUTE);
    await f.desk.act(f.actor(f.world.kim), reference, 'resolve');
    for (const minutes of [30, 30, 60]) {
      f.clock.advance(minutes * MINUTE);
      await loop.tick();
    }
    expect(slaEvents(f.shell.log)).toEqual([]);
    expect(lastAlert(f.shell.log)).toMatchObject({
      state: 'resolved',
      targetText: 'first response met',
    });
  });
});

describe('a reopened case', () => {
  it('owes the reopen target: the loop warns and breaches it, and the next reply meets it late', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    f.clock.advance(10 * MINUTE);
    await f.desk.message({
      actor: f.actor(f.world.kim),
      place: await alertThreadOf(f, reference),
      text: 'Fixed: restart the agents.',
    });
    await f.desk.act(f.actor(f.world.kim), reference, 'resolve');
    f.clock.advance(60 * MINUTE); // 10:10Z
    const reopened = await f.desk.act(f.actor(f.world.bob), reference, 'reopen');
    // Enterprise self-managed Urgent: 1 hour 24/7 from the reopening, in Bob's New York time.
    expect(reopened.text).toBe(
      `${reference} is open again. A response is due Monday 06:10 (America/New_York).`,
    );
    expect(lastAlert(f.shell.log)).toMatchObject({
      state: 'claimed',
      targetText: 'response after reopening within 1 hour, 24/7',
      dueAt: new Date('2026-03-02T11:10:00Z'),
      milestone: { kind: 'reopen', state: 'running' },
    });
    for (let minute = 0; minute < 65; minute += 5) {
      f.clock.advance(5 * MINUTE);
      await loop.tick();
    }
    // In the alert thread from 75 % (the default ladder: the owner alone hears of 50 %).
    expect(slaEvents(f.shell.log).map((e) => [e.event, e.threshold])).toEqual([
      ['warning', 0.75],
      ['warning', 0.9],
      ['breach', 1],
    ]);
    const reply = await f.desk.message({
      actor: f.actor(f.world.kim),
      place: await alertThreadOf(f, reference),
      text: 'Back on it.',
    });
    expect(reply?.text).toBe(
      'Sent to the customer. Response after reopening recorded: met late, 5 min after its target.',
    );
    expect(lastAlert(f.shell.log)).toMatchObject({
      state: 'met-late',
      targetText: 'response after reopening met late',
    });
  });
});
