// The Desk's ask flow and case form: deflections recorded, internal articles hidden, tier-scoped form.
// Real SQLite store and KB, recording ChatPorts and a fake clock (see desk-fixture.ts).
import { describe, expect, it } from 'vitest';
import type { SuggestionsView } from '../../src/core/views.js';
import { addDevelopmentCustomer, deskFixtureForEachTest, supportPlace } from './desk-fixture.js';

const f = deskFixtureForEachTest();

describe('ask and deflection', () => {
  it('never shows internal articles to a customer, and records the question', async () => {
    const view = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'ECONNRESET in checkout after the v8.11 upgrade',
    });
    expect(view.articles.map((a) => a.title)).toContain('Connection reset errors (ECONNRESET)');
    expect(view.articles.some((a) => a.title.startsWith('Internal'))).toBe(false);
    expect(view.canOpenCase).toBe(true);
    const stored = await f.db.store.deflections.byId(view.deflectionId);
    expect(stored).toMatchObject({
      question: 'ECONNRESET in checkout after the v8.11 upgrade',
      askerId: f.world.alice.id,
      orgId: f.world.acme.id,
      outcome: 'pending',
    });
    expect(stored?.articleIds).toEqual(view.articles.map((a) => a.id));
  });

  it('lets engineers see internal articles', async () => {
    const view = await f.desk.ask({
      actor: f.actor(f.world.sam),
      place: supportPlace('q1'),
      question: 'ECONNRESET checkout pool bug v8.11 workaround',
    });
    expect(view.articles.some((a) => a.title.startsWith('Internal runbook'))).toBe(true);
  });

  it('records "solved" only when the asker presses it', async () => {
    const view = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'How do I choose a severity?',
    });
    const refused = await f.desk.markSolved(f.actor(f.world.bob), view.deflectionId);
    expect(refused).toMatchObject({
      kind: 'notice',
      tone: 'warning',
      text: expect.stringContaining('Only the person who asked'),
    });
    expect((await f.db.store.deflections.byId(view.deflectionId))?.outcome).toBe('pending');
    expect(await f.desk.markSolved(f.actor(f.world.alice), view.deflectionId)).toMatchObject({
      tone: 'success',
    });
    expect((await f.db.store.deflections.byId(view.deflectionId))?.outcome).toBe('solved');
  });
});

describe('the case form', () => {
  it('offers only the severities of the customer’s tier, prefilled from the question', async () => {
    const asked: SuggestionsView = await f.desk.ask({
      actor: f.actor(f.world.alice),
      place: supportPlace('q1'),
      question: 'Checkout fails with ECONNRESET after the upgrade. What now?',
    });
    const form = await f.desk.caseForm(f.actor(f.world.alice), asked.deflectionId);
    if (form.kind !== 'case-form') throw new Error(JSON.stringify(form));
    expect(form.severityOptions.map((o) => o.value)).toEqual([1, 2, 3]);
    expect(form.prefill).toMatchObject({
      title: 'Checkout fails with ECONNRESET after the upgrade.',
      situation: 'Checkout fails with ECONNRESET after the upgrade. What now?',
      product: 'beacon',
      type: 'bug',
      severity: 3,
    });
    const dana = await addDevelopmentCustomer(f);
    const devForm = await f.desk.caseForm(f.actor(dana), null, 'How do I use the API?');
    expect(devForm.kind === 'case-form' && devForm.severityOptions.map((o) => o.value)).toEqual([
      4,
    ]);
  });

  it('tells a person with no org how to get access', async () => {
    const form = await f.desk.caseForm(
      { platform: 'slack', userId: 'U-STRANGER', displayName: 'Stranger' },
      null,
      'help',
    );
    expect(form).toMatchObject({
      kind: 'notice',
      text: expect.stringContaining('not linked to a customer organisation'),
    });
  });

  it('returns every invalid field with a message instead of failing', async () => {
    const result = await f.desk.submitCase(f.actor(f.world.alice), supportPlace('q1'), {
      title: '',
      situation: 'short',
      severity: '4',
      seriousness: '',
      product: 'nope',
      type: 'rant',
    });
    expect(result.kind).toBe('case-form-errors');
    if (result.kind !== 'case-form-errors') return;
    expect(Object.keys(result.errors).sort()).toEqual([
      'product',
      'seriousness',
      'severity',
      'situation',
      'title',
      'type',
    ]);
    expect(result.errors.severity).toMatch(/Gold/);
    expect(await f.db.store.cases.list({})).toHaveLength(0);
  });
});
