// What a question or a case is about, as the set of terms the knowledge base's own analyser keeps
// (stop words and chat filler dropped, accents folded, light stemming, codes kept whole), so that
// "Checkout fails with ECONNRESET" and "checkout still failing: econnreset" are one topic.
import { analyzeTerms, detectLang } from '../core/kb/text/analyze.js';

export interface Topic {
  /** Index terms (stemmed). */
  terms: Set<string>;
  /** A readable form of each term: the first way it was written. */
  words: Map<string, string>;
}

export function topicOf(text: string): Topic {
  const terms = new Set<string>();
  const words = new Map<string, string>();
  for (const term of analyzeTerms(text, detectLang(text))) {
    if (term.soft) continue;
    terms.add(term.term);
    if (!words.has(term.term)) words.set(term.term, term.surface);
  }
  return { terms, words };
}

function shared(a: Topic, b: Topic): number {
  let count = 0;
  for (const term of a.terms) if (b.terms.has(term)) count += 1;
  return count;
}

/**
 * Whether a later case is about the question: at least half of the question's terms are in it.
 * A question with no meaningful term matches any case (the honest side: it is not counted as
 * deflected when the person came back with a case).
 */
export function caseCoversQuestion(question: Topic, caseTopic: Topic): boolean {
  if (question.terms.size === 0) return true;
  return shared(question, caseTopic) * 2 >= question.terms.size;
}

/**
 * Whether two questions are on one topic: they share at least half of the shorter one's terms,
 * and at least two terms when both have two or more (one common word like "error" is not a topic).
 */
export function sameTopic(a: Topic, b: Topic): boolean {
  const smaller = Math.min(a.terms.size, b.terms.size);
  if (smaller === 0) return false;
  const common = shared(a, b);
  return common * 2 >= smaller && common >= Math.min(2, smaller);
}

/**
 * Groups items whose topics are linked by `sameTopic` (single link: a chain of similar questions
 * is one group). Groups keep the items' order; groups are ordered by their first item.
 */
export function groupByTopic<T>(items: readonly T[], topic: (item: T) => Topic): T[][] {
  const topics = items.map(topic);
  const parent = items.map((_, index) => index);
  const root = (index: number): number => {
    let current = index;
    while (parent[current] !== current) current = parent[current] ?? current;
    return current;
  };
  // Only pairs that share a term can be similar: compare those (an inverted index), not all pairs.
  const holders = new Map<string, number[]>();
  topics.forEach((each, index) => {
    for (const term of each.terms) {
      const list = holders.get(term);
      if (list) list.push(index);
      else holders.set(term, [index]);
    }
  });
  topics.forEach((a, i) => {
    const candidates = new Set<number>();
    for (const term of a.terms)
      for (const j of holders.get(term) ?? []) if (j > i) candidates.add(j);
    for (const j of candidates) {
      const b = topics[j];
      if (!b || !sameTopic(a, b)) continue;
      const [ri, rj] = [root(i), root(j)];
      if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
    }
  });
  const groups = new Map<number, T[]>();
  items.forEach((item, index) => {
    const key = root(index);
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  });
  return [...groups.values()];
}
