// The in-memory corpus: analysed articles, document frequencies and field lengths for BM25F,
// and the FlexSearch index for candidates. Term counts are packed per article (sorted term ids
// and a Uint16Array of counts per field), which keeps thousands of articles small and a lookup
// a binary search. Adding or removing one article touches only its records.
import type { Article } from '../types.js';
import { FlexIndex } from './flex.js';
import { Vocabulary } from './fuzzy.js';
import {
  ARTICLE_FIELDS,
  SECTION_FIELDS,
  type ArticleField,
  type ArticleTermText,
  type SectionField,
} from './terms.js';

export type ScoredField = ArticleField | SectionField;
export const SCORED_FIELDS: readonly ScoredField[] = [...ARTICLE_FIELDS, ...SECTION_FIELDS];
const FIELD_COUNT = SCORED_FIELDS.length;

export interface Packed {
  /** Sorted ids of the terms the article contains. */
  termIds: Int32Array;
  /** counts[i * FIELD_COUNT + f]: occurrences of termIds[i] in field f (section fields summed). */
  counts: Uint16Array;
}

export interface Entry {
  article: Article;
  terms: ArticleTermText;
  firstId: number;
  /** Terms per field, in SCORED_FIELDS order. */
  lengths: number[];
  /** Packed counts; null until first needed after a cache restore (see restoreAll). */
  packed: Packed | null;
}

/** What the cache keeps per article to restore it without re-counting its terms. */
export interface RestorableEntry {
  article: Article;
  terms: ArticleTermText;
  firstId: number;
  lengths: number[];
}

export class CorpusStore {
  readonly flex = new FlexIndex();
  readonly vocabulary = new Vocabulary(this);
  private readonly ids = new Map<string, number>();
  private readonly df: number[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly bySection = new Map<number, Entry>();
  private readonly totals: number[] = new Array<number>(FIELD_COUNT).fill(0);
  private sections = 0;
  private nextId = 0;

  get size(): number {
    return this.entries.size;
  }

  all(): IterableIterator<Entry> {
    return this.entries.values();
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  entryOfSection(sectionId: number): Entry | undefined {
    return this.bySection.get(sectionId);
  }

  termId(term: string): number | undefined {
    return this.ids.get(term);
  }

  /** Number of articles containing the term (0 when unknown). */
  docFreq(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : (this.df[id] ?? 0);
  }

  /** Known terms with their document frequency. */
  *knownTerms(): IterableIterator<[string, number]> {
    for (const [term, id] of this.ids) {
      const df = this.df[id] ?? 0;
      if (df > 0) yield [term, df];
    }
  }

  averageLength(field: number): number {
    return this.entries.size ? (this.totals[field] ?? 0) / this.entries.size || 1 : 1;
  }

  /** Average length of a section field (heading, text, code) over every section of the corpus. */
  averageSectionLength(field: number): number {
    return this.sections ? (this.totals[field] ?? 0) / this.sections || 1 : 1;
  }

  packedOf(entry: Entry): Packed {
    entry.packed ??= this.pack(entry.terms).packed;
    return entry.packed;
  }

  /** Offset of a term id's field counts in `packedOf(entry).counts`, or null when absent. */
  fieldCounts(entry: Entry, termId: number): number | null {
    const { termIds } = this.packedOf(entry);
    let low = 0;
    let high = termIds.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const value = termIds[mid] ?? 0;
      if (value === termId) return mid * FIELD_COUNT;
      if (value < termId) low = mid + 1;
      else high = mid - 1;
    }
    return null;
  }

  /** Adds an article; `indexed` is true when FlexSearch already holds it (imported from cache). */
  add(article: Article, terms: ArticleTermText, firstId = this.nextId, indexed = false): Entry {
    this.remove(article.id);
    const { packed, lengths } = this.pack(terms);
    const entry: Entry = { article, terms, firstId, lengths, packed };
    this.register(entry);
    for (const id of packed.termIds) this.df[id] = (this.df[id] ?? 0) + 1;
    if (!indexed) this.flex.addArticle(firstId, terms);
    this.vocabulary.invalidate();
    return entry;
  }

  /**
   * Restores a cached corpus whose FlexSearch index was imported: the dictionary brings document
   * frequencies, and each article's counts are packed only when a search first scores it, which
   * keeps a restart of thousands of articles well under a second.
   */
  restoreAll(entries: RestorableEntry[], dictionary: Array<[string, number]>): void {
    dictionary.forEach(([term, df]) => {
      const id = this.intern(term);
      this.df[id] = df;
    });
    for (const item of entries) this.register({ ...item, packed: null });
    this.vocabulary.invalidate();
  }

  private register(entry: Entry): void {
    this.entries.set(entry.article.id, entry);
    const recordCount = Math.max(1, entry.terms.sections.length);
    for (let i = 0; i < recordCount; i++) this.bySection.set(entry.firstId + i, entry);
    this.nextId = Math.max(this.nextId, entry.firstId + recordCount);
    entry.lengths.forEach((length, f) => (this.totals[f] = (this.totals[f] ?? 0) + length));
    this.sections += entry.terms.sections.length;
  }

  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    const recordCount = Math.max(1, entry.terms.sections.length);
    const ids = Array.from({ length: recordCount }, (_, i) => entry.firstId + i);
    for (const sectionId of ids) this.bySection.delete(sectionId);
    this.flex.remove(ids);
    entry.lengths.forEach((length, f) => (this.totals[f] = (this.totals[f] ?? 0) - length));
    this.sections -= entry.terms.sections.length;
    for (const termId of this.packedOf(entry).termIds) this.df[termId] = (this.df[termId] ?? 1) - 1;
    this.vocabulary.invalidate();
    return true;
  }

  private intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }

  private pack(terms: ArticleTermText): { packed: Packed; lengths: number[] } {
    // Local slot per distinct term; counts grow in one flat array (no per-term allocations).
    const slots = new Map<number, number>();
    let counts = new Uint16Array(64 * FIELD_COUNT);
    const lengths = new Array<number>(FIELD_COUNT).fill(0);
    const count = (text: string, field: number): void => {
      if (!text) return;
      let n = 0;
      for (const term of text.split(' ')) {
        const id = this.intern(term);
        let slot = slots.get(id);
        if (slot === undefined) {
          slot = slots.size;
          slots.set(id, slot);
          if ((slot + 1) * FIELD_COUNT > counts.length) {
            const grown = new Uint16Array(counts.length * 2);
            grown.set(counts);
            counts = grown;
          }
        }
        const at = slot * FIELD_COUNT + field;
        if ((counts[at] ?? 0) < 65535) counts[at] = (counts[at] ?? 0) + 1;
        n += 1;
      }
      lengths[field] = (lengths[field] ?? 0) + n;
    };
    ARTICLE_FIELDS.forEach((field, f) => count(terms.fields[field], f));
    for (const section of terms.sections) {
      SECTION_FIELDS.forEach((field, f) => count(section[field], ARTICLE_FIELDS.length + f));
    }
    // Sort term ids (binary search at query time) and lay the counts out in the same order.
    const order = [...slots].sort((a, b) => a[0] - b[0]);
    const termIds = new Int32Array(order.length);
    const sorted = new Uint16Array(order.length * FIELD_COUNT);
    order.forEach(([id, slot], i) => {
      termIds[i] = id;
      sorted.set(
        counts.subarray(slot * FIELD_COUNT, slot * FIELD_COUNT + FIELD_COUNT),
        i * FIELD_COUNT,
      );
    });
    return { packed: { termIds, counts: sorted }, lengths };
  }
}
