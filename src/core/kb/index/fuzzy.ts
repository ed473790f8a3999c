// Typo tolerance: a question word the index has never seen is replaced by the closest known terms
// (Damerau-Levenshtein ≤ 1, or ≤ 2 for long words). Known terms are bucketed by their first
// letters so a lookup compares against a few hundred terms, not the whole vocabulary.

// Three reusable rows: a typo lookup compares hundreds of terms, and fresh arrays per row were most
// of a typo question's garbage.
let rows = [new Int32Array(48), new Int32Array(48), new Int32Array(48)];

/**
 * Optimal-string-alignment distance, or max+1 when it exceeds max. Only the band of cells within
 * max of the diagonal is computed (Ukkonen): a cell further off is over max anyway, and a typo
 * lookup compares hundreds of terms, where full rows were a quarter of a typo question's time.
 */
export function editDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if ((rows[0]?.length ?? 0) <= m + 1) rows = rows.map(() => new Int32Array(m * 2 + 2));
  let [prevPrev, prev, row] = rows as [Int32Array, Int32Array, Int32Array];
  // Any value over max is stored as `over`: it only has to stay over max.
  const over = max + 1;
  for (let j = 0; j <= Math.min(m, max); j++) prev[j] = j;
  if (max + 1 <= m) prev[max + 1] = over;
  for (let i = 1; i <= n; i++) {
    const low = Math.max(1, i - max);
    const high = Math.min(m, i + max);
    row[low - 1] = low === 1 ? i : over;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = low; j <= high; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      row[j] = value;
      if (value < best) best = value;
    }
    if (best > max) return over;
    if (high + 1 <= m) row[high + 1] = over;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return Math.min(prev[m] ?? over, over);
}

function isAnagram(a: string, b: string): boolean {
  return [...a].sort().join('') === [...b].sort().join('');
}

function keys(term: string): string[] {
  const [a = '', b = '', c = ''] = term;
  // Same first two letters; or a slip on the second letter (swap, drop, extra); or on the first.
  return [a + b, a + c, b + a, b + c];
}

export interface TermSource {
  knownTerms(): IterableIterator<[string, number]>;
  docFreq(term: string): number;
}

export class Vocabulary {
  /** Known terms by their first two letters, then by length. */
  private buckets: Map<string, Map<number, string[]>> | null = null;

  constructor(private readonly source: TermSource) {}

  /** Call after the set of known terms changes. */
  invalidate(): void {
    this.buckets = null;
  }

  private bucketMap(): Map<string, Map<number, string[]>> {
    if (this.buckets) return this.buckets;
    const buckets = new Map<string, Map<number, string[]>>();
    for (const [term] of this.source.knownTerms()) {
      if (term.length < 3 || /[\d._-]/.test(term)) continue;
      const key = term.slice(0, 2);
      let byLength = buckets.get(key);
      if (!byLength) buckets.set(key, (byLength = new Map()));
      const list = byLength.get(term.length);
      if (list) list.push(term);
      else byLength.set(term.length, [term]);
    }
    this.buckets = buckets;
    return buckets;
  }

  /**
   * Known terms closest to `term` (best distance only, most frequent first, at most `limit`). The
   * word as written, when given and plural, is tried without its "s" too: stemming a typo can cut
   * it short ("lgos" → "lgo", under the four letters a correction needs) or leave it whole ("horus",
   * where "horu" is one swap from "hour").
   */
  corrections(term: string, surface?: string, limit = 2): string[] {
    const singular =
      surface && surface.length >= 4 && surface.endsWith('s') ? surface.slice(0, -1) : null;
    // Three letters are enough when they are a written plural's (lgos → lgo), not a stem's guess.
    const forms: Array<[string, number]> = [[term, singular === term ? 3 : 4]];
    if (singular && singular !== term) forms.push([singular, 3]);
    let best = Infinity;
    let found: string[] = [];
    for (const [form, minLength] of forms) {
      const near = this.closest(form, minLength);
      if (near.distance < best) [best, found] = [near.distance, near.terms];
      else if (near.distance === best) found.push(...near.terms.filter((t) => !found.includes(t)));
    }
    return found.sort((a, b) => this.source.docFreq(b) - this.source.docFreq(a)).slice(0, limit);
  }

  /** Known terms at the smallest edit distance from `form`, if within its allowance. */
  private closest(form: string, minLength: number): { distance: number; terms: string[] } {
    if (form.length < minLength || /[\d._-]/.test(form)) return { distance: Infinity, terms: [] };
    const max = form.length >= 8 ? 2 : 1;
    const buckets = this.bucketMap();
    let best = max + 1;
    let found: string[] = [];
    for (const key of new Set(keys(form))) {
      const byLength = buckets.get(key);
      if (!byLength) continue;
      for (let length = form.length - max; length <= form.length + max; length++) {
        for (const candidate of byLength.get(length) ?? []) {
          // Four letters or fewer leave too little context to trust a substituted letter (cake ≠ case).
          if (form.length <= 4 && length === form.length && !isAnagram(form, candidate)) continue;
          const distance = editDistance(form, candidate, Math.min(max, best));
          if (distance < best) {
            best = distance;
            found = [candidate];
          } else if (distance === best && distance <= max) {
            found.push(candidate);
          }
        }
      }
    }
    return found.length ? { distance: best, terms: found } : { distance: Infinity, terms: [] };
  }
}
