// FlexSearch 0.8 Document index over sections, used to find candidates fast. Each record is a
// section tagged (by a numeric id) with its article; article-level fields ride on the article's
// first record. The text given to it is already analysed, so its encoder only splits on spaces.
import { Document, Encoder } from 'flexsearch';
import { ARTICLE_FIELDS, type ArticleField, type ArticleTermText } from './terms.js';

/** The article fields of every section after the first: the article is matched once. */
const NO_LEAD = Object.fromEntries(ARTICLE_FIELDS.map((field) => [field, ''])) as Record<
  ArticleField,
  string
>;

// Code is not a field of its own here: it rides with the section text, which saves a field search
// per question (p99 3.1 vs 4.1 ms on 5,500 articles, same recall); BM25F still weighs it apart.
export const FLEX_FIELDS = ['title', 'aliases', 'tags', 'description', 'heading', 'text'] as const;
export type FlexField = (typeof FLEX_FIELDS)[number];

/** Fields short enough for FlexSearch to count several common terms in fast. */
const SHORT_FIELDS = FLEX_FIELDS.filter((field) => field !== 'text');
/** A limit above any section count: FlexSearch needs one. */
const EVERY = 1_000_000;

type FlexRecord = { id: number } & Record<FlexField, string>;

/** Part of the cache key: an index exported with other settings cannot be imported. */
export const FLEX_CONFIG = {
  tokenize: 'strict',
  resolution: 9,
  fields: FLEX_FIELDS,
  encoder: 'space-split-v1',
  code: 'in-text',
} as const;

export class FlexIndex {
  private readonly doc: Document<FlexRecord>;

  constructor() {
    this.doc = new Document<FlexRecord>({
      tokenize: FLEX_CONFIG.tokenize,
      resolution: FLEX_CONFIG.resolution,
      // Terms arrive analysed (folded, stemmed, stop words gone): split on spaces, change nothing.
      encoder: new Encoder({
        split: ' ',
        numeric: false,
        normalize: false,
        dedupe: false,
        cache: false,
      }),
      document: { id: 'id', index: [...FLEX_FIELDS] },
    });
  }

  /** Adds an article's sections under ids firstId, firstId+1, … */
  addArticle(firstId: number, terms: ArticleTermText): void {
    terms.sections.forEach((section, index) => {
      const lead = index === 0 ? terms.fields : NO_LEAD;
      const text = section.code ? `${section.text} ${section.code}` : section.text;
      this.doc.add({ id: firstId + index, ...lead, heading: section.heading, text });
    });
    if (terms.sections.length === 0) {
      this.doc.add({ id: firstId, ...terms.fields, heading: '', text: '' });
    }
  }

  remove(ids: Iterable<number>): void {
    for (const id of ids) this.doc.remove(id);
  }

  /** Section ids matching any of the terms, best first per field. */
  candidates(terms: string[], limit: number): Set<number> {
    return this.search(terms, limit, FLEX_FIELDS, new Set<number>());
  }

  /**
   * The same candidates, with the sections whose text holds the most terms counted here over each
   * term's list read alone. FlexSearch counts several terms' lists in an object keyed by id: with
   * common terms (thousands of sections each) that costs 2–10 ms on 6,000 articles, where a Map
   * over the same lists costs a tenth. The other fields are short and stay with FlexSearch.
   */
  candidatesCounted(terms: string[], limit: number): Set<number> {
    const found = this.search(terms, limit, SHORT_FIELDS, new Set<number>());
    // A tally per section id, reused across searches; the ids touched are reset after.
    let touched = 0;
    for (const term of terms) {
      const list = this.search1(term);
      for (let rank = 0; rank < list.length; rank++) {
        const id = list[rank] ?? 0;
        if (id >= this.tally.length) this.growTally(id);
        if (this.tally[id] === 0) {
          if (touched === this.touched.length) this.growTouched();
          this.touched[touched++] = id;
        }
        // Most terms first; among equals, the earlier mentions (FlexSearch lists by position).
        this.tally[id] = (this.tally[id] ?? 0) + 1 - rank / list.length / terms.length;
      }
    }
    const ids = this.touched.subarray(0, touched);
    for (const id of topBy(ids, this.tally, limit)) found.add(id);
    for (const id of ids) this.tally[id] = 0;
    return found;
  }

  private tally = new Float64Array(1024);
  /**
   * The section ids a count touched, kept across searches: with common terms they run to thousands,
   * and a fresh array grown to that size was a tenth of what a search allocated.
   */
  private touched = new Int32Array(1024);

  private growTouched(): void {
    const grown = new Int32Array(this.touched.length * 2);
    grown.set(this.touched);
    this.touched = grown;
  }

  private growTally(id: number): void {
    const grown = new Float64Array(Math.max(id + 1, this.tally.length * 2));
    grown.set(this.tally);
    this.tally = grown;
  }

  private search(
    terms: string[],
    limit: number,
    fields: readonly FlexField[],
    found: Set<number>,
  ): Set<number> {
    if (terms.length === 0) return found;
    const results = this.doc.search(terms.join(' '), {
      suggest: true,
      limit,
      index: [...fields],
    }) as unknown as Array<{ field: string; result: number[] }>;
    for (const field of results) for (const id of field.result) found.add(id);
    return found;
  }

  /** Every section whose text holds the term, earliest mention first. */
  private search1(term: string): number[] {
    const results = this.doc.search(term, { index: ['text'], limit: EVERY }) as unknown as Array<{
      result: number[];
    }>;
    return results[0]?.result ?? [];
  }

  async export(): Promise<Array<[string, string]>> {
    const chunks: Array<[string, string]> = [];
    await this.doc.export((key: string, data: string) => {
      chunks.push([key, data]);
    });
    return chunks;
  }

  import(chunks: Array<[string, string]>): void {
    for (const [key, data] of chunks) this.doc.import(key, data);
  }
}

/** The `limit` ids with the highest value, highest first (ties: the id seen first). */
function topBy(ids: Int32Array, value: Float64Array, limit: number): number[] {
  const top: number[] = [];
  for (const id of ids) {
    const v = value[id] ?? 0;
    if (top.length === limit && v <= (value[top[limit - 1] ?? 0] ?? 0)) continue;
    let at = top.length;
    while (at > 0 && (value[top[at - 1] ?? 0] ?? 0) < v) at--;
    top.splice(at, 0, id);
    if (top.length > limit) top.pop();
  }
  return top;
}
