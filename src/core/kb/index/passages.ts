// Per-section term counts, for scoring an article by its best passage: a long reference page
// mentions most words of a long question somewhere, but one section of the right page matches
// many of them together. Built on first use from the article's analysed section text.
import type { Entry } from './store.js';

/** Section fields, in this order, for every section: heading, text, code. */
export const PASSAGE_FIELDS = 3;

export interface SectionTerms {
  sections: number;
  /** lengths[s * PASSAGE_FIELDS + f] */
  lengths: Uint32Array;
  /** term → counts[s * PASSAGE_FIELDS + f] */
  counts: Map<string, Uint16Array>;
}

const bySection = new WeakMap<Entry, SectionTerms>();

export function sectionTerms(entry: Entry): SectionTerms {
  const known = bySection.get(entry);
  if (known) return known;
  const sections = entry.terms.sections;
  const lengths = new Uint32Array(sections.length * PASSAGE_FIELDS);
  const counts = new Map<string, Uint16Array>();
  sections.forEach((section, s) => {
    [section.heading, section.text, section.code].forEach((text, f) => {
      if (!text) return;
      const terms = text.split(' ');
      lengths[s * PASSAGE_FIELDS + f] = terms.length;
      for (const term of terms) {
        let row = counts.get(term);
        if (!row) {
          row = new Uint16Array(sections.length * PASSAGE_FIELDS);
          counts.set(term, row);
        }
        row[s * PASSAGE_FIELDS + f] = (row[s * PASSAGE_FIELDS + f] ?? 0) + 1;
      }
    });
  });
  const built = { sections: sections.length, lengths, counts };
  bySection.set(entry, built);
  return built;
}
