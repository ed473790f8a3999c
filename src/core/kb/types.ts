// The knowledge base's public shapes. Other parts of casebot (deflection, adapters, CLI) code
// against these: keep them stable and additive.
import type { Logger } from '../ports/platform.js';
import type { LearnedPhrasings } from './learned/learned-phrasings.js';

export type Audience = 'public' | 'internal';

export interface Section {
  /** Heading text, or null for the text before the first heading. */
  heading: string | null;
  /** github-slugger anchor of the heading (unique within the article), null for the lead. */
  anchor: string | null;
  depth: number;
  /** 1-based line of the heading in the file. */
  line: number;
  /** Plain text of the section without code blocks. */
  text: string;
  /** Code blocks and inline code, searchable but weighted low. */
  code: string;
}

export interface ArticleLink {
  /** Raw href as written. */
  href: string;
  /** The KB path (or id) it resolves to, when it is an internal link to a Markdown file. */
  target: string | null;
  anchor: string | null;
  line: number;
  /**
   * The link's words as a reader sees them (how the linking page names its target); for a
   * reference definition, the words of the reference links using it, one per line.
   */
  text: string;
}

export interface Article {
  id: string;
  /** File path relative to the KB root, without `.md` (the CLI's `path`). */
  path: string;
  /** Absolute file path. */
  file: string;
  title: string;
  description: string | null;
  tags: string[];
  aliases: string[];
  product: string | null;
  component: string | null;
  lang: string;
  audience: Audience;
  updated: string | null;
  /** Front-matter fields the schema does not know, kept as written. */
  extra: Record<string, unknown>;
  sections: Section[];
  links: ArticleLink[];
}

export type KbProblemKind =
  'unreadable' | 'yaml' | 'invalid-field' | 'missing-title' | 'duplicate-id' | 'dangling-link';

export interface KbProblem {
  /** File path relative to the KB root. */
  file: string;
  /** 1-based line the problem is on (1 when it concerns the whole file). */
  line: number;
  message: string;
  kind: KbProblemKind;
}

/** A problem found when files changed on disk, and what customers get meanwhile. */
export interface KbChangeProblem extends KbProblem {
  /** The file was a served article: its last good version is still answered until it is fixed. */
  servingLastGood: boolean;
}

/** What a re-index after a change on disk did: the files re-read, and the problems among them. */
export interface KbRefreshReport {
  files: string[];
  /** Articles added, replaced or removed in the index. */
  changed: number;
  problems: KbChangeProblem[];
}

export interface KbStats {
  articles: number;
  sections: number;
  /** Article count per language. */
  languages: Record<string, number>;
  /** Size of the serialised search index, in bytes. */
  indexBytes: number;
  /** Time to build (or reload from cache) the index, in milliseconds. */
  buildMs: number;
  fromCache: boolean;
  /** Files parsed with remark by this load; the others came back parsed from the cache. */
  parsedFiles: number;
}

export interface SearchOptions {
  /** `customer` (default) never sees internal articles. */
  audience?: 'customer' | 'staff';
  product?: string | null;
  /** Preferred language; articles in it rank higher. Detected from the question when absent. */
  lang?: string | null;
  limit?: number;
  /** Attach to each hit why it ranks where it does (matched terms by field, their contributions). */
  explain?: boolean;
}

/** Why an article ranks where it does: each matched question term, by field. */
export interface HitExplanation {
  terms: Array<{
    term: string;
    /** How the question reached the term: as written, other-language stem, translation, compound, typo. */
    via: string;
    contribution: number;
    fields: Partial<Record<string, number>>;
  }>;
  /** Article-level multipliers applied to the summed contributions. */
  multipliers: { language: number; namedCode: number };
  /** Score added because question words next to each other are next to each other here. */
  phrases?: number;
}

export interface SearchHit {
  id: string;
  path: string;
  title: string;
  score: number;
  /** Share (0..1) of the question's information this article matches; the threshold applies to it. */
  confidence: number;
  section: string | null;
  snippet: string;
  url: string;
  audience: Audience;
  product: string | null;
  explain?: HitExplanation;
}

export interface SearchResponse {
  query: string;
  results: SearchHit[];
  noGoodMatch: boolean;
}

export interface OpenKnowledgeBaseOptions {
  dir: string;
  /** Where the index is persisted; default `.casebot-cache` in the working directory; null = never. */
  cacheDir?: string | null;
  /** Deep-link base, e.g. `https://help.example.com/kb`; default `kb:/`. */
  baseUrl?: string;
  /** Confidence (0..1) below which a search answers `noGoodMatch`. */
  threshold?: number;
  watch?: boolean;
  logger?: Logger;
  /** Told after each re-index in watch mode (to warn staff of a broken edit); must not throw. */
  onRefresh?: (report: KbRefreshReport) => void | Promise<void>;
}

export interface KnowledgeBase {
  search(query: string, options?: SearchOptions): SearchResponse;
  /**
   * Questions taught to articles (learned phrasings): a question worded like one lifts its
   * article. The app fills it from the store when the KB opens and on every change.
   */
  readonly learned: Pick<LearnedPhrasings, 'replace' | 'upsert' | 'remove' | 'size'>;
  problems(): KbProblem[];
  stats(): KbStats;
  article(id: string): Article | undefined;
  /** Every article served now (both audiences), in path order. */
  articles(): Article[];
  products(): string[];
  close(): Promise<void>;
}
