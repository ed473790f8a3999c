// FlexSearch's candidates when the question's terms are common: the sections holding the most of
// them come first, whether FlexSearch counts them or the index counts each term's list itself.
import { describe, expect, it } from 'vitest';
import { FlexIndex } from '../../src/core/kb/index/flex.js';

const NO_FIELDS = { title: '', aliases: '', tags: '', description: '', anchors: '' };

function indexOf(texts: string[]): FlexIndex {
  const flex = new FlexIndex();
  texts.forEach((text, id) =>
    flex.addArticle(id, {
      fields: NO_FIELDS,
      sections: [{ heading: '', text, code: '' }],
      linkedAs: '',
    }),
  );
  return flex;
}

describe('candidates of common terms', () => {
  // 200 sections with one of the words each, then one with all three, added last.
  const texts = [
    ...Array.from({ length: 100 }, (_, i) => `file number ${i}`),
    ...Array.from({ length: 100 }, (_, i) => `test number ${i}`),
    'what the test file look like',
  ];
  const flex = indexOf(texts);
  const all = texts.length - 1;

  it('keeps the section holding every term within a small limit', () => {
    expect([...flex.candidatesCounted(['look', 'test', 'file'], 3)]).toContain(all);
    expect([...flex.candidatesCounted(['test', 'file'], 1)]).toEqual([all]);
  });

  it('finds what FlexSearch finds counting the terms itself', () => {
    const counted = flex.candidatesCounted(['test', 'file'], 5);
    const searched = flex.candidates(['test', 'file'], 5);
    expect(counted.has(all)).toBe(searched.has(all));
  });

  it('finds nothing for an unknown term', () => {
    expect(flex.candidatesCounted(['nowhere', 'absent'], 5).size).toBe(0);
  });
});
