// The shipped knowledge base is what `npm start` shows: it must load cleanly, in both languages,
// with internal articles kept from customers.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { REPO } from './helpers.js';

describe('the sample knowledge base in kb/', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    kb = await openKnowledgeBase({ dir: path.join(REPO, 'kb'), cacheDir: null });
  });
  afterAll(() => kb.close());

  it('has at least 30 articles, in English and French, with no problems', () => {
    const stats = kb.stats();
    expect(kb.problems()).toEqual([]);
    expect(stats.articles).toBeGreaterThanOrEqual(30);
    expect(Object.keys(stats.languages).sort()).toEqual(['en', 'fr']);
  });

  it('never answers a customer with an internal article, even on internal words', () => {
    for (const question of [
      'escalation runbook on-call',
      'debug flags',
      'SLA breach procedure',
      'BCN-7712 workaround',
    ]) {
      const customer = kb.search(question, { audience: 'customer', limit: 10 });
      expect(customer.results.every((hit) => hit.audience === 'public')).toBe(true);
      const staff = kb.search(question, { audience: 'staff', limit: 10 });
      expect(staff.results.some((hit) => hit.audience === 'internal')).toBe(true);
    }
  });
});
