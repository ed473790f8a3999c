// What every Desk flow receives: the store, the knowledge base, the policy, one ChatPort per
// platform, the clock and the logger. Built once by app/; flows are plain functions over it.
import type { CaseStore } from '../ports/storage.js';
import type { KnowledgeBase } from '../kb/types.js';
import type { Platform } from '../model.js';
import type { WeekFigures } from '../views.js';
import type { ChatPort, Clock, Logger } from '../ports/platform.js';
import type { Policy } from '../sla/index.js';
import { DEFAULT_ABANDON_AFTER_MS } from '../deflection/outcomes.js';
import type { ArticleLinkTracker } from '../deflection/article-links.js';
import type { DraftStore } from '../knowledge-loop/draft-article.js';

export interface DeskOptions {
  /** Message prefixes that keep a message in the alert thread (never relayed to the customer). */
  internalNotePrefixes: string[];
  /** How long after resolution a customer may still reopen. */
  reopenWindowMs: number;
  /** How long after a resolution its CSAT rating is accepted. */
  ratingWindowMs: number;
  /** Articles shown per question. */
  suggestionLimit: number;
  /** A question still pending after this long counts as abandoned (swept by the SLA loop). */
  deflectionAbandonAfterMs: number;
  /** Where "draft an article" writes (KB_DRAFTS_DIR; inside the KB so the watcher loads it). */
  draftsDir: string;
}

export interface DeskContext {
  store: CaseStore;
  kb: Pick<KnowledgeBase, 'search' | 'article' | 'products' | 'learned'>;
  policy: Policy;
  ports: Partial<Record<Platform, ChatPort>>;
  clock: Clock;
  logger: Logger;
  options: DeskOptions;
  /** Where "draft an article" writes its file (options.draftsDir names the folder); absent: drafting is refused. */
  drafts?: DraftStore;
  /** Tags suggested article links with their question (when links go through casebot's pages). */
  articleLinks?: ArticleLinkTracker | null;
  /** The week's figures for a lead's App Home (the app reads them from the report); absent: none. */
  weekFigures?: () => Promise<WeekFigures>;
}

export const DEFAULT_DESK_OPTIONS: DeskOptions = {
  internalNotePrefixes: ['//', '!note'],
  reopenWindowMs: 7 * 24 * 3_600_000,
  ratingWindowMs: 7 * 24 * 3_600_000,
  suggestionLimit: 3,
  deflectionAbandonAfterMs: DEFAULT_ABANDON_AFTER_MS,
  draftsDir: 'kb/drafts',
};

export function portFor(ctx: DeskContext, platform: Platform): ChatPort {
  const port = ctx.ports[platform];
  if (!port) throw new Error(`no chat adapter is running for ${platform}`);
  return port;
}

export function maybePortFor(ctx: DeskContext, platform: Platform): ChatPort | undefined {
  return ctx.ports[platform];
}
