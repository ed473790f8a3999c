// Per-passage term counts, for scoring an article by its best passage: a long reference page
// mentions most words of a long question somewhere, but one section of the right page matches
// many of them together. A passage is a section, or, in a section much longer than WINDOW terms
// (a reference page's list of forty options), a window of WINDOW terms overlapping the next by
// half: scored whole, such a section's length drowns the one option the question is about
// (fixed-size overlapping windows are the classic passage-retrieval unit). Built on first use
// from the article's analysed section text.
import type { Entry } from './store.js';
import type { ArticleTermText } from './terms.js';

type SectionText = ArticleTermText['sections'][number];

/** Section fields, in this order, for every section: heading, text, code. */
export const PASSAGE_FIELDS = 3;

export interface PassageTerms {
  /** Passages: sections, and the windows of long sections. */
  passages: number;
  /** The section each passage belongs to. */
  sectionOf: Uint32Array;
  /** lengths[s * PASSAGE_FIELDS + f] */
  lengths: Uint32Array;
  /** term → counts[s * PASSAGE_FIELDS + f] */
  counts: Map<string, Uint16Array>;
}

const byEntry = new WeakMap<Entry, PassageTerms>();
/**
 * Terms per window. Measured on the real corpora (bench/relevance.ts): windows of 150 to 600
 * terms all raised the held-back questions' recall (objective 4.19 → 4.23–4.36) while the tuning
 * half stayed flat (4.69–4.71); 200 is in the middle of that range. Split only past 1.5 windows,
 * so an ordinary section stays one passage.
 */
const WINDOW = 200;
const SPLIT_FROM = WINDOW * 1.5;
const STRIDE = WINDOW / 2;

interface Passage {
  section: number;
  /** Terms of the heading, text and code (PASSAGE_FIELDS order). */
  fields: string[][];
}

/** A section as one passage, or as overlapping windows when its text or code is long. */
function passagesOf(section: SectionText, index: number, out: Passage[]): void {
  const fields = [section.heading, section.text, section.code].map((t) => (t ? t.split(' ') : []));
  const [heading = [], text = [], code = []] = fields;
  const longest = Math.max(text.length, code.length);
  if (longest <= SPLIT_FROM) {
    out.push({ section: index, fields });
    return;
  }
  // Every window keeps the heading: it says what the whole section is about.
  for (let start = 0; start < longest; start += STRIDE) {
    const end = start + WINDOW;
    out.push({ section: index, fields: [heading, text.slice(start, end), code.slice(start, end)] });
    if (end >= longest) break;
  }
}

export function passageTerms(entry: Entry): PassageTerms {
  const known = byEntry.get(entry);
  if (known) return known;
  const passages: Passage[] = [];
  entry.terms.sections.forEach((section, index) => passagesOf(section, index, passages));
  const n = passages.length;
  const lengths = new Uint32Array(n * PASSAGE_FIELDS);
  const sectionOf = new Uint32Array(n);
  const counts = new Map<string, Uint16Array>();
  passages.forEach((passage, s) => {
    sectionOf[s] = passage.section;
    passage.fields.forEach((terms, f) => {
      if (!terms.length) return;
      lengths[s * PASSAGE_FIELDS + f] = terms.length;
      for (const term of terms) {
        let row = counts.get(term);
        if (!row) {
          row = new Uint16Array(n * PASSAGE_FIELDS);
          counts.set(term, row);
        }
        row[s * PASSAGE_FIELDS + f] = (row[s * PASSAGE_FIELDS + f] ?? 0) + 1;
      }
    });
  });
  const built = { passages: n, sectionOf, lengths, counts };
  byEntry.set(entry, built);
  return built;
}
