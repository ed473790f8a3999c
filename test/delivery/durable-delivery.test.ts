// The durable delivery path on the real core and a real SQLite store: a message written down is
// sent once even when its sender dies mid-send, work done again sends nothing twice, failures are
// retried by the worker and refusals kept; an SLA announcement whose process died after recording
// the level is finished by another process, once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import {
  ANNOUNCEMENT_PREFIX,
  replayAnnouncement,
} from '../../src/core/alerts/announcement-work.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { CaseAlertView, NoticeView, SlaEventView } from '../../src/core/views.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { deskFixtureForEachTest, openThroughDesk, recordingPort } from '../core/desk-fixture.js';
import {
  durable,
  hangingPort,
  later,
  LEASE_MS,
  MINUTE,
  notice,
  place,
  worker,
} from './durable-helpers.js';

describe('the durable chat port and the delivery worker', () => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestDb('sqlite');
  });
  afterEach(async () => {
    await db.cleanup();
  });

  it('sends a message whose sender died mid-send once, from another process, dates intact', async () => {
    const dead = hangingPort(recordingPort('slack'));
    const view: SlaEventView = {
      kind: 'sla-event',
      caseReference: 'CASE-1001',
      caseId: 'c1',
      title: 'Checkout down',
      severityLabel: 'Urgent (1)',
      isTopSeverity: true,
      event: 'warning',
      threshold: 0.5,
      dueAt: new Date('2026-03-02T11:00:00Z'),
      msLeft: 30 * MINUTE,
      mentions: [],
    };
    void durable(db, dead, 'A').post(place, view);
    await expect.poll(async () => (await db.store.journal.figures(new Date())).pending).toBe(1);
    const alive = recordingPort('slack');
    const b = worker(
      db,
      { slack: durable(db, alive, 'B', later(2 * LEASE_MS)) },
      later(2 * LEASE_MS),
    );
    expect(await b.pass()).toEqual({ works: 0, messages: 1 });
    expect(alive.log).toHaveLength(1);
    expect((alive.log[0]?.view as SlaEventView).dueAt).toEqual(view.dueAt);
    expect(await b.pass()).toEqual({ works: 0, messages: 0 });
    expect(alive.log).toHaveLength(1);
    expect(dead.calls).toBe(1);
  });

  it('does not take a row over while its sender’s lease runs', async () => {
    void durable(db, hangingPort(recordingPort('slack')), 'A').post(place, notice('hi'));
    await expect.poll(async () => (await db.store.journal.figures(new Date())).pending).toBe(1);
    const alive = recordingPort('slack');
    const b = worker(db, { slack: durable(db, alive, 'B') }, later(LEASE_MS / 2));
    expect(await b.pass()).toEqual({ works: 0, messages: 0 });
    expect(alive.log).toHaveLength(0);
  });

  it('answers work done again with the first results and sends nothing twice', async () => {
    const port = recordingPort('slack');
    const chat = durable(db, port, 'A');
    const work = () =>
      withWork('slack:Ev1', async () => {
        const posted = await chat.post(place, notice('first'));
        await chat.update(posted, notice('edited'));
        return posted;
      });
    const first = await work();
    const again = await work();
    expect(again).toEqual(first);
    expect(port.log.map((r) => r.op)).toEqual(['post', 'update']);
  });

  it('keeps a message’s key when its thread, a waiting post’s reference then, has been sent since', async () => {
    const port = recordingPort('slack');
    let down = true;
    const flaky: ChatPort = {
      ...port,
      post: (p, v) =>
        down && !p.threadId
          ? Promise.reject(Object.assign(new Error('HTTP 503'), { status: 503 }))
          : port.post(p, v),
    };
    const chat = durable(db, flaky, 'A');
    const alert = await withWork('slack:Ev1', () => chat.post(place, notice('alert')));
    expect(alert.messageId).toMatch(/^key:/);
    const waiting = { ...place, threadId: alert.messageId };
    await withWork('slack:Ev2', () => chat.post(waiting, notice('Kim is on CASE-1003 now.')));
    down = false;
    await worker(db, { slack: durable(db, flaky, 'B', later(MINUTE)) }, later(MINUTE)).pass();
    const sent = port.log.find((r) => r.op === 'post' && !r.place?.threadId)!;
    // The same work done again names the thread by the sent alert's id: it meets its own row.
    const landed = { ...place, threadId: sent.messageId };
    await withWork('slack:Ev2', () => chat.post(landed, notice('Kim is on CASE-1003 now.')));
    expect(port.log.map((r) => (r.view as NoticeView).text)).toEqual([
      'alert',
      'Kim is on CASE-1003 now.',
    ]);
  });

  it('tells a top-level post from a thread reply in one channel when a redo skips the first', async () => {
    const port = recordingPort('slack');
    const chat = durable(db, port, 'A');
    const thread = { ...place, threadId: '1796363109.000184' };
    await withWork('slack:Ev3', async () => {
      await chat.post(place, notice('alert'));
      await chat.post(thread, notice('confirmation'));
    });
    // Done again, the alert step is skipped: the confirmation still meets its own row.
    await withWork('slack:Ev3', () => chat.post(thread, notice('confirmation')));
    await withWork('slack:Ev4', () => chat.post(thread, notice('other work')));
    expect(port.log.map((r) => (r.view as NoticeView).text)).toEqual([
      'alert',
      'confirmation',
      'other work',
    ]);
  });

  it('does not put back an older update retried after a newer one of the same message', async () => {
    const port = recordingPort('slack');
    let failUpdates = true;
    const flaky: ChatPort = {
      ...port,
      update: (m, v) => (failUpdates ? Promise.reject(new Error('HTTP 503')) : port.update(m, v)),
    };
    const a = durable(db, flaky, 'A');
    const alert = await a.post(place, notice('alert'));
    // Two pieces of work each update the alert; the older one's update fails and waits.
    await expect(
      withWork('sla:older', () => a.update(alert, notice('alert: 50 %'))),
    ).rejects.toThrow('503');
    failUpdates = false;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await withWork('claim:newer', () => a.update(alert, notice('alert: claimed by Sam')));
    const b = worker(
      db,
      { slack: durable(db, flaky, 'B', later(10 * MINUTE)) },
      later(10 * MINUTE),
    );
    await b.pass();
    const updates = port.log
      .filter((r) => r.op === 'update')
      .map((r) => (r.view as NoticeView).text);
    expect(updates).toEqual(['alert: claimed by Sam']);
    // Settled: not retried again later.
    expect((await db.store.journal.figures(new Date(Date.now() + 20 * MINUTE))).pending).toBe(0);
  });

  it('retries a send that failed for now from the worker, and keeps a refused one without retrying', async () => {
    const port = recordingPort('slack');
    let failure: object | null = Object.assign(new Error('HTTP 503'), { status: 503 });
    const flaky: ChatPort = {
      ...port,
      post: (p, v) => (failure ? Promise.reject(failure) : port.post(p, v)),
    };
    // Kept in the journal: the caller goes on with the message's reference, not an error.
    const kept = await durable(db, flaky, 'A').post(place, notice('retry me'));
    expect(kept.messageId).toMatch(/^key:once:/);
    failure = null;
    const b = worker(
      db,
      { slack: durable(db, flaky, 'B', later(10 * MINUTE)) },
      later(10 * MINUTE),
    );
    expect((await b.pass()).messages).toBe(1);
    expect(port.log.map((r) => (r.view as NoticeView).text)).toEqual(['retry me']);

    failure = Object.assign(new Error('channel_not_found'), { kind: 'permanent' });
    await expect(durable(db, flaky, 'A').post(place, notice('refused'))).rejects.toThrow();
    failure = null;
    expect((await b.pass()).messages).toBe(0);
    expect((await db.store.journal.figures(new Date())).refused).toBe(1);
    expect(port.log).toHaveLength(1);
  });
});

describe('an SLA announcement whose process died after recording it', () => {
  const f = deskFixtureForEachTest();

  /** Process A records 75 % (the default ladder's team rung) and dies posting it. */
  async function recordedThenKilled(): Promise<void> {
    const dead = hangingPort(recordingPort('shell'));
    const loopA = new SlaAlertLoop({ ...f.ctx, ports: { shell: durable(f.db, dead, 'A') } });
    f.clock.advance(46 * MINUTE);
    void loopA.tick();
    await expect.poll(() => dead.calls).toBe(1);
  }

  /** Process B: a live port and the worker, once the leases ran out. */
  function processB() {
    const alive = recordingPort('shell');
    const portB = durable(f.db, alive, 'B', later(10 * MINUTE));
    const ctx = { ...f.ctx, ports: { shell: portB } };
    const b = worker(f.db, { shell: portB }, later(10 * MINUTE));
    b.registerWork(ANNOUNCEMENT_PREFIX, replayAnnouncement(ctx));
    const warnings = () =>
      alive.log
        .filter((r) => r.view?.kind === 'sla-event')
        .map((r) => [r.op, (r.view as SlaEventView).threshold]);
    return { alive, ctx, b, warnings };
  }

  it('is finished once by another process: the warning reaches the team and the owner once', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    await recordedThenKilled();
    const { ctx, b, warnings } = processB();
    expect(await b.pass()).toEqual({ works: 1, messages: 0 });
    expect(warnings()).toEqual([
      ['post', 0.75],
      ['sendDirect', 0.75],
    ]);
    // Nothing is redone twice, and the loop itself does not announce the level again.
    expect(await b.pass()).toEqual({ works: 0, messages: 0 });
    await new SlaAlertLoop(ctx).tick();
    expect(warnings()).toHaveLength(2);
  });

  it('keeps the audience it was recorded with: no warning to an owner who claimed after the level', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '1' });
    // Recorded while nobody owned the case (so the team hears of it); Kim claims meanwhile.
    await recordedThenKilled();
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    const { alive, b, warnings } = processB();
    expect(await b.pass()).toEqual({ works: 1, messages: 0 });
    expect(warnings()).toEqual([['post', 0.75]]);
    // The alert is re-rendered from the case as it is now: it names its owner.
    const alert = alive.log
      .filter((r) => r.op === 'update' && r.view?.kind === 'case-alert')
      .at(-1);
    expect((alert?.view as CaseAlertView | undefined)?.assignee?.personId).toBe(f.world.kim.id);
  });
});

describe('a claim whose process died after winning it', () => {
  const f = deskFixtureForEachTest();

  it('is redone as won: the customer hears of it once, instead of a refusal', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '2' });
    const claim = () => f.desk.act(f.actor(f.world.kim), reference, 'claim');
    // Process A wins the claim and dies while telling the customer.
    const dead = hangingPort(recordingPort('shell'));
    const ctxA = { ...f.ctx, ports: { shell: durable(f.db, dead, 'A') } };
    const { createDesk } = await import('../../src/core/conversation/create-desk.js');
    void withWork('slack:block_actions:T1', () =>
      createDesk(ctxA).act(f.actor(f.world.kim), reference, 'claim'),
    );
    await expect.poll(() => dead.calls).toBe(1);
    expect((await f.db.store.cases.byReference(reference))?.assigneeId).toBe(f.world.kim.id);
    // Process B redoes the same click.
    const alive = recordingPort('shell');
    const ctxB = { ...f.ctx, ports: { shell: durable(f.db, alive, 'B', later(10 * MINUTE)) } };
    const redone = await withWork(
      'slack:block_actions:T1',
      () => createDesk(ctxB).act(f.actor(f.world.kim), reference, 'claim'),
      { redo: true },
    );
    expect(redone.tone).toBe('success');
    const told = alive.log.filter(
      (r) => r.op === 'post' && (r.view as NoticeView | null)?.text?.includes('is on'),
    );
    expect(told).toHaveLength(1);
    // A fresh click (not a redo) still gets the honest refusal.
    const fresh = await claim();
    expect(fresh.tone).not.toBe('success');
    expect(fresh.text).toMatch(/already have/);
  });

  it('reads as won only for the press that won: the same engineer’s second press, redone, is refused', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '2' });
    const port = recordingPort('shell');
    const desk = (await import('../../src/core/conversation/create-desk.js')).createDesk({
      ...f.ctx,
      ports: { shell: durable(f.db, port, 'A') },
    });
    const press = (work: string, redo: boolean) =>
      withWork(work, () => desk.act(f.actor(f.world.kim), reference, 'claim'), { redo });
    expect((await press('slack:block_actions:T1', false)).tone).toBe('success');
    // Kim's second press (another trigger) died before it answered, and is done again.
    const second = await press('slack:block_actions:T2', true);
    expect(second.text).toMatch(/already have/);
    const told = port.log.filter(
      (r) => r.op === 'post' && (r.view as NoticeView | null)?.text?.includes('is on'),
    );
    expect(told).toHaveLength(1);
  });
});
