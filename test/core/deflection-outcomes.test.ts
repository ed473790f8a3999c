// What came of each question, timed by the app clock: solved, escalated (with the articles shown
// kept on the case), or abandoned once nobody came back to it (swept by the SLA loop's tick).
import { describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import { checkoutForm, deskFixtureForEachTest, supportPlace } from './desk-fixture.js';

const f = deskFixtureForEachTest();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ask = (question: string, thread: string) =>
  f.desk.ask({ actor: f.actor(f.world.alice), place: supportPlace(thread), question });

describe('deflection outcomes', () => {
  it('times "solved" with the app clock, not the host clock', async () => {
    const asked = await ask('How do I choose a severity?', 'q1');
    f.clock.advance(3 * HOUR);
    await f.desk.markSolved(f.actor(f.world.alice), asked.deflectionId);
    expect((await f.db.store.deflections.byId(asked.deflectionId))?.outcomeAt).toEqual(
      new Date('2026-03-02T12:00:00Z'),
    );
  });

  it('keeps the articles shown on a case opened from the question, with the escalation', async () => {
    const asked = await ask('Checkout fails with ECONNRESET', 'q1');
    expect(asked.articles.length).toBeGreaterThan(0);
    f.clock.advance(HOUR);
    await f.desk.submitCase(
      f.actor(f.world.alice),
      supportPlace('q1'),
      checkoutForm(asked.deflectionId),
    );
    const created = await f.db.store.cases.byReference('CASE-1001');
    const events = await f.db.store.events.forCase(created?.id ?? '');
    expect(events.map((e) => e.kind).slice(0, 2)).toEqual(['suggestions-shown', 'opened']);
    expect(events[0]).toMatchObject({
      at: new Date('2026-03-02T09:00:00Z'),
      actorId: f.world.alice.id,
      data: {
        deflectionId: asked.deflectionId,
        articleIds: asked.articles.map((a) => a.id),
      },
    });
    expect(await f.db.store.deflections.byId(asked.deflectionId)).toMatchObject({
      outcome: 'escalated',
      outcomeAt: new Date('2026-03-02T10:00:00Z'),
    });
  });

  it('records no suggestions-shown event for a case opened without a question', async () => {
    await f.desk.submitCase(f.actor(f.world.alice), supportPlace('q2'), checkoutForm());
    const created = await f.db.store.cases.byReference('CASE-1001');
    const kinds = (await f.db.store.events.forCase(created?.id ?? '')).map((e) => e.kind);
    expect(kinds).not.toContain('suggestions-shown');
  });

  it('abandons questions still pending after the configured age, on the loop’s tick', async () => {
    const old = await ask('Checkout fails with ECONNRESET', 'q1');
    f.clock.advance(2 * HOUR);
    const solved = await ask('How do I choose a severity?', 'q2');
    await f.desk.markSolved(f.actor(f.world.alice), solved.deflectionId);
    f.clock.advance(20 * HOUR);
    const recent = await ask('ECONNRESET again in checkout', 'q3');
    const loop = new SlaAlertLoop(f.ctx);

    f.clock.advance(1 * HOUR); // old: 23 h
    expect((await loop.tick()).abandoned).toBe(0);
    expect((await f.db.store.deflections.byId(old.deflectionId))?.outcome).toBe('pending');

    f.clock.advance(HOUR + MINUTE); // old: 24 h 1 min
    expect((await loop.tick()).abandoned).toBe(1);
    expect(await f.db.store.deflections.byId(old.deflectionId)).toMatchObject({
      outcome: 'abandoned',
      outcomeAt: new Date('2026-03-03T09:01:00Z'),
    });
    expect((await f.db.store.deflections.byId(solved.deflectionId))?.outcome).toBe('solved');
    expect((await f.db.store.deflections.byId(recent.deflectionId))?.outcome).toBe('pending');

    f.clock.advance(22 * HOUR); // recent: 24 h 1 min
    expect((await loop.tick()).abandoned).toBe(1);
    expect((await f.db.store.deflections.byId(recent.deflectionId))?.outcome).toBe('abandoned');
    const report = await f.db.store.deflections.report();
    expect(report.byOutcome).toMatchObject({ abandoned: 2, solved: 1, pending: 0 });
  });

  it('takes the age from the Desk options', async () => {
    f.ctx.options.deflectionAbandonAfterMs = 2 * HOUR;
    const asked = await ask('Checkout fails with ECONNRESET', 'q1');
    const loop = new SlaAlertLoop(f.ctx);
    f.clock.advance(2 * HOUR - MINUTE);
    await loop.tick();
    expect((await f.db.store.deflections.byId(asked.deflectionId))?.outcome).toBe('pending');
    f.clock.advance(2 * MINUTE);
    await loop.tick();
    expect((await f.db.store.deflections.byId(asked.deflectionId))?.outcome).toBe('abandoned');
  });
});
