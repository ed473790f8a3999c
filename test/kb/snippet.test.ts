import { describe, expect, it } from 'vitest';
import type { PreparedQuery } from '../../src/core/kb/index/query.js';
import { makeSnippet } from '../../src/core/kb/index/snippet.js';

const query = (...terms: string[]): PreparedQuery => ({
  lang: 'en',
  terms: terms.map((term, slot) => ({
    term,
    id: slot,
    idf: 1,
    weight: 1,
    slot,
    certainty: 1,
    code: false,
    evidence: 1,
    repeat: 1,
    via: 'word',
  })),
  slotIdf: terms.map(() => 1),
  phrases: [],
});

const filler = (words: number): string =>
  Array.from({ length: words }, (_, i) => `lorem${i % 7}`).join(' \n ');

describe('snippets', () => {
  it('returns a short text whole, its whitespace collapsed', () => {
    expect(makeSnippet('  Restart the\n\n agent.  ', query('agent'))).toBe('Restart the agent.');
  });

  it('collapses every kind of whitespace run, single ones included', () => {
    expect(makeSnippet('a\tb\nc  d \n e\u00a0f g', query('agent'))).toBe('a b c d e f g');
  });

  it('finds the terms in plain ASCII text whatever its case and backticks', () => {
    const text = `${filler(200)} Set \`PROXY_TIMEOUT\` to raise the Proxy Timeout ${filler(200)}`;
    expect(makeSnippet(text, query('proxy', 'timeout'))).toContain('raise the Proxy Timeout');
  });

  it('centres a long text on the densest cluster of question terms, with ellipses', () => {
    const text = `${filler(200)} the proxy timeout closes idle sockets: raise the proxy timeout ${filler(200)}`;
    const snippet = makeSnippet(text, query('proxy', 'timeout'));
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('proxy timeout closes idle sockets');
    expect(snippet.length).toBeLessThanOrEqual(202);
  });

  it('matches terms only at word starts, accent-folded', () => {
    const text = `${filler(100)} reproxy reproxy ${filler(100)} Le délai du proxy expire ${filler(100)}`;
    expect(makeSnippet(text, query('delai', 'proxy'))).toContain('Le délai du proxy expire');
  });

  it('scans only the head of a huge section and still marks that text follows', () => {
    const text = `Start: the proxy timeout. ${filler(20_000)}`;
    const snippet = makeSnippet(text, query('proxy'));
    expect(snippet.startsWith('Start: the proxy timeout.')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
  });
});
