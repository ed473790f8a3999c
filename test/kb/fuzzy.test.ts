import { describe, expect, it } from 'vitest';
import { editDistance, Vocabulary } from '../../src/core/kb/index/fuzzy.js';

describe('edit distance (optimal string alignment)', () => {
  it('counts substitutions, insertions, deletions and adjacent swaps as one edit each', () => {
    expect(editDistance('severity', 'severity', 2)).toBe(0);
    expect(editDistance('sevrity', 'severity', 2)).toBe(1);
    expect(editDistance('sevreity', 'severity', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
  });

  it('stops at max + 1 as soon as the distance must exceed max', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
  });

  it('handles terms longer than its reusable rows, and stays right afterwards', () => {
    const long = 'x'.repeat(60);
    expect(editDistance(long, `${long}y`, 2)).toBe(1);
    expect(editDistance('dashbaord', 'dashboard', 2)).toBe(1);
    expect(editDistance('ab', 'ba', 1)).toBe(1);
  });
});

describe('typo corrections', () => {
  const terms = new Map([
    ['dashboard', 5],
    ['database', 9],
    ['severity', 7],
    ['case', 20],
    ['log', 12],
    ['hour', 6],
    ['move', 3],
  ]);
  const vocabulary = new Vocabulary({
    knownTerms: () => terms.entries(),
    docFreq: (term) => terms.get(term) ?? 0,
  });

  it('offers the closest known terms', () => {
    expect(vocabulary.corrections('dashbaord')).toEqual(['dashboard']);
    expect(vocabulary.corrections('sevrity')).toEqual(['severity']);
  });

  it('does not trust a substituted letter in a four-letter word (cake is not case)', () => {
    expect(vocabulary.corrections('cake')).toEqual([]);
    expect(vocabulary.corrections('csae')).toEqual(['case']);
  });

  it('tries a written plural without its s when stemming cut or kept the typo', () => {
    // "lgos" stems to "lgo" (too short to guess from alone); "horus" keeps its s.
    expect(vocabulary.corrections('lgo', 'lgos')).toEqual(['log']);
    expect(vocabulary.corrections('horus', 'horus')).toEqual(['hour']);
    expect(vocabulary.corrections('lgo')).toEqual([]);
  });

  it('does not read a real word as a typo of a shorter stem (movie is not move)', () => {
    expect(vocabulary.corrections('movi', 'movie')).toEqual([]);
  });
});
