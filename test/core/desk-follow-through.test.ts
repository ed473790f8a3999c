// Follow-through (issue 12 item 3), through the Desk on a real SQLite store: a reassignment tells
// the new owner directly; a 24/7 case opened when nobody is on shift pages on-call at once (and a
// business-hours one, or one someone can take, does not); with the policy's handover rule (the
// Premier preset) the owner of a top-severity case cannot unclaim it, only hand it over.
import { describe, expect, it } from 'vitest';
import type { CaseAlertView, NoticeView } from '../../src/core/views.js';
import {
  createDeskFixture,
  deskFixtureForEachTest,
  openThroughDesk,
  addPremierCustomer,
} from './desk-fixture.js';

const f = deskFixtureForEachTest();

async function nobodyOnShift(): Promise<void> {
  for (const person of [f.world.kim, f.world.sam])
    await f.db.store.directory.upsertPerson({ ...person, availability: 'away' });
}

const firstAlert = (reference: string): CaseAlertView | undefined =>
  f.shell.log
    .filter((r) => r.op === 'post' && r.view?.kind === 'case-alert')
    .map((r) => r.view as CaseAlertView)
    .find((v) => v.caseReference === reference);

describe('follow-through', () => {
  it('a reassignment tells the new owner directly', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    const answer = await f.desk.reassign(f.actor(f.world.kim), reference, 'sam');
    expect(answer.text).toBe(`${reference} is now with Sam Rivera.`);
    const direct = f.shell.log.filter((r) => r.op === 'sendDirect' && r.userId === 'sam');
    expect(direct.map((r) => (r.view as NoticeView).text)).toEqual([
      `Kim Tanaka gave you ${reference} (High (2)): "Checkout fails". Reply in its alert thread to reach the customer.`,
    ]);
  });

  it('a 24/7 case opened when nobody is on shift pages on-call at once', async () => {
    await nobodyOnShift();
    // Globex: Enterprise self-managed, High (2): 4 hours 24/7.
    const around = await openThroughDesk(f, f.world.bob, { severity: '2' });
    expect(firstAlert(around)?.mentions).toEqual([{ kind: 'role', id: 'platform-oncall' }]);
    // Acme: Gold, business hours: nobody is paged before the morning.
    const business = await openThroughDesk(f, f.world.alice, { severity: '2' });
    expect(firstAlert(business)?.mentions).toBeUndefined();
  });

  it('a 24/7 case someone on shift can take pages nobody', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '2' });
    expect(firstAlert(reference)?.mentions).toBeUndefined();
    expect(firstAlert(reference)?.suggestedAssignee).not.toBeNull();
  });
});

describe('the handover rule (Premier)', () => {
  it('the owner of a top-severity case cannot unclaim it, only hand it over', async () => {
    const p = await createDeskFixture({ policy: 'premier' });
    try {
      const pat = await addPremierCustomer(p);
      const critical = await openThroughDesk(p, pat, { severity: '1' });
      await p.desk.act(p.actor(p.world.sam), critical, 'claim');
      const refused = await p.desk.act(p.actor(p.world.sam), critical, 'unclaim');
      expect(refused).toMatchObject({
        tone: 'warning',
        text: `${critical} is Highly critical (1): its owner stays on it until someone takes over. Name the next owner instead (reassign ${critical} to them).`,
      });
      expect((await p.db.store.cases.byReference(critical))?.assigneeId).toBe(p.world.sam.id);
      expect((await p.desk.reassign(p.actor(p.world.sam), critical, 'kim')).tone).toBe('success');
      // Below the top severity, unclaiming is as before.
      const important = await openThroughDesk(p, pat, { severity: '3' });
      await p.desk.act(p.actor(p.world.sam), important, 'claim');
      expect((await p.desk.act(p.actor(p.world.sam), important, 'unclaim')).tone).toBe('success');
    } finally {
      await p.cleanup();
    }
  });

  it('is off by default: Elastic’s severity 1 owner may unclaim', async () => {
    expect(f.ctx.policy.criticalHandover).toBe(false);
    const reference = await openThroughDesk(f, f.world.alice, { severity: '1' });
    await f.desk.act(f.actor(f.world.kim), reference, 'claim');
    expect((await f.desk.act(f.actor(f.world.kim), reference, 'unclaim')).tone).toBe('success');
  });
});
