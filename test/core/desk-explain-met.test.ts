// *Why this time?* on a target met before a severity change (Elastic, real SQLite store): the
// rule named is the one the target was measured against, not the case's severity of today.
import { describe, expect, it } from 'vitest';
import { alertThreadOf, deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const f = deskFixtureForEachTest();

describe('Why this time? after a severity change', () => {
  it('explains a met first response with the severity it was met under', async () => {
    // Monday 09:00 UTC (10:00 in Paris); Gold High (2): 1 business day.
    const reference = await openThroughDesk(f, f.world.alice, { severity: '2' });
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    f.clock.advance(30 * 60_000);
    const thread = await alertThreadOf(f, reference);
    await f.desk.message({ actor: f.actor(f.world.sam), place: thread, text: 'Looking now.' });
    f.clock.advance(30 * 60_000);
    const raised = await f.desk.changeSeverity({
      actor: f.actor(f.world.sam),
      caseIdOrReference: reference,
      severity: 1,
      reason: 'Production is down now',
    });
    expect(raised.tone).toBe('success');
    const why = await f.desk.explain(f.actor(f.world.alice), reference);
    expect(why.text).toContain(
      'Rule: Gold × High (2), cloud: first response within 1 business day',
    );
    expect(why.text).toContain('Counted 9h: Mon 2 Mar 10:00–18:00 8h, Tue 3 Mar 09:00–10:00 1h');
    expect(why.text).toContain('Met 2026-03-02T09:30:00.000Z.');
  });
});
