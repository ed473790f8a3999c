// "This solved it" needs an article to have solved it: after "no good match" the Desk refuses it,
// so nothing is recorded as solved with zero articles (issue 13, the data skew). Real SQLite store
// and KB (see desk-fixture.ts).
import { describe, expect, it } from 'vitest';
import { deskFixtureForEachTest, supportPlace } from './desk-fixture.js';

const f = deskFixtureForEachTest();

describe('marking a question solved', () => {
  it('is refused, with a way forward, when no article was shown', async () => {
    const view = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'Our invoice shows the wrong VAT number',
    });
    expect(view.noGoodMatch).toBe(true);
    expect(view.articles).toEqual([]);
    const refused = await f.desk.markSolved(f.actor(f.world.alice), view.deflectionId);
    expect(refused).toMatchObject({ kind: 'notice', tone: 'warning' });
    expect(refused.text).toMatch(/no article was suggested/i);
    expect(refused.text).toMatch(/open a case/i);
    const stored = await f.db.store.deflections.byId(view.deflectionId);
    expect(stored).toMatchObject({ outcome: 'no-answer', articleIds: [] });
  });

  it('is still accepted when articles were shown', async () => {
    const view = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'Dashboards are slow to load',
    });
    expect(view.articles.length).toBeGreaterThan(0);
    expect(await f.desk.markSolved(f.actor(f.world.alice), view.deflectionId)).toMatchObject({
      tone: 'success',
    });
    expect((await f.db.store.deflections.byId(view.deflectionId))?.outcome).toBe('solved');
  });
});
