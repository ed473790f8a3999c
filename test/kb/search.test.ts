import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { BASIC_KB } from './helpers.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await openKnowledgeBase({
    dir: BASIC_KB,
    cacheDir: null,
    baseUrl: 'https://help.example.com/kb/',
  });
});
afterAll(() => kb.close());

const top = (query: string, options?: Parameters<KnowledgeBase['search']>[1]) =>
  kb.search(query, options).results[0]?.id;

describe('searching natural questions', () => {
  it('ignores question words and filler ("how do I …")', () => {
    expect(top('hi, how do I raise a ticket with you?')).toBe('guides/open-a-case');
  });

  it('tolerates typos', () => {
    expect(top('sevrity levles')).toBe('guides/severity-levels');
    expect(top('dashbaords are slow')).toBe('guides/dashboards');
  });

  it('matches plural and singular, and verb forms', () => {
    expect(top('dashboard performance')).toBe('guides/dashboards');
    expect(top('configure query caches')).toBe('guides/dashboards');
    expect(top('callback')).toBe('guides/phone-callbacks');
  });

  it('folds accents both ways', () => {
    expect(top('sévérité')).toBe('fr/niveaux-de-severite');
    expect(top('severite')).toBe('fr/niveaux-de-severite');
  });

  it('strips French elision and stop words', () => {
    expect(top("l'impact sur l'activité")).toBe('fr/niveaux-de-severite');
    expect(top("comment joindre l'archive des journaux ?")).toBe('fr/joindre-des-journaux');
  });

  it('keeps error codes and versions whole', () => {
    expect(top('ECONNRESET')).toBe('errors/econnreset');
    expect(top('econnreset')).toBe('errors/econnreset');
    expect(top('why do I get E404')).toBe('errors/e404');
    expect(top('install v8.11')).toBe('guides/upgrading');
  });

  it('matches aliases: other ways users ask', () => {
    expect(top('can I post my urgent problem on the forum')).toBe('community-forum');
  });

  it('searches code blocks, but ranks them low', () => {
    expect(top('zebrafrobnicator')).toBe('errors/econnreset');
  });
});

describe('results', () => {
  it('are whole articles with score, best section, snippet and deep link', () => {
    const response = kb.search('raise the idle timeout of the load balancer');
    const hit = response.results[0];
    expect(response.noGoodMatch).toBe(false);
    expect(hit).toMatchObject({
      id: 'errors/econnreset',
      path: 'errors/econnreset',
      title: 'Connections fail with ECONNRESET',
      section: 'Fix the idle timeout',
      url: 'https://help.example.com/kb/errors/econnreset#fix-the-idle-timeout',
      audience: 'public',
      product: 'beacon',
    });
    expect(hit?.score).toBeGreaterThan(0);
    expect(hit?.snippet).toContain('idle timeout');
    expect(new Set(response.results.map((r) => r.id)).size).toBe(response.results.length);
  });

  it('are ordered by score and respect the limit', () => {
    const { results } = kb.search('severity', { limit: 2 });
    expect(results).toHaveLength(2);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
  });

  it('link to kb:// when no base URL is set', async () => {
    const plain = await openKnowledgeBase({ dir: BASIC_KB, cacheDir: null });
    expect(plain.search('severity levels').results[0]?.url).toBe('kb://guides/severity-levels');
    await plain.close();
  });
});

describe('filters', () => {
  it('never shows internal articles to customers', () => {
    const question = 'escalation runbook duty manager';
    expect(kb.search(question).results.map((r) => r.id)).not.toContain(
      'internal/escalation-runbook',
    );
    expect(kb.search(question, { audience: 'customer' }).results.map((r) => r.id)).not.toContain(
      'internal/escalation-runbook',
    );
    expect(top(question, { audience: 'staff' })).toBe('internal/escalation-runbook');
  });

  it('keeps the asked product and general articles, drops other products', () => {
    const ids = (query: string, product: string) =>
      kb.search(query, { product, limit: 10 }).results.map((r) => r.id);
    expect(ids('slow dashboards', 'lantern')).toContain('guides/dashboards');
    expect(ids('slow dashboards', 'Lantern')).toContain('guides/dashboards');
    expect(ids('slow dashboards', 'beacon')).not.toContain('guides/dashboards');
    expect(ids('upgrade to v8.11', 'beacon')).toContain('guides/upgrading');
    expect(ids('upgrade to v8.11', 'lantern')).not.toContain('guides/upgrading');
    expect(kb.search('open a case', { product: 'beacon' }).results[0]?.id).toBe(
      'guides/open-a-case',
    );
  });

  it('prefers articles in the asked language', () => {
    expect(top('urgent normal', { lang: 'fr' })).toBe('fr/niveaux-de-severite');
    expect(top('urgent normal', { lang: 'en' })).toBe('guides/severity-levels');
  });
});

describe('no good match', () => {
  it('says so for questions the KB cannot answer', () => {
    for (const question of [
      'best recipe for chocolate cake',
      'who won the football world cup',
      'how do I',
    ]) {
      const response = kb.search(question);
      expect(response, question).toMatchObject({ noGoodMatch: true, results: [] });
    }
  });

  it('uses a configurable threshold', async () => {
    const question = 'chocolate severity';
    expect(kb.search(question).noGoodMatch).toBe(false);
    const strict = await openKnowledgeBase({ dir: BASIC_KB, cacheDir: null, threshold: 0.9 });
    expect(strict.search(question).noGoodMatch).toBe(true);
    await strict.close();
  });
});
