// The report as data: what `casebot report --json` prints, and what the text and CSV renderings
// read. Durations are in minutes (one decimal), rates in percent (one decimal); a figure with
// nothing to measure is null, never 0.
import type { CallbackFigures } from './callback-counts.js';

export interface ReportPeriod {
  /** ISO instants; null: unbounded. */
  from: string | null;
  to: string | null;
  /** The instant the backlog and the load are read at: the period's end, or now. */
  asOf: string;
  org: string | null;
  team: string | null;
}

export interface DeflectionFigures {
  /** False with `--team`: questions belong to no team until they become cases. */
  available: boolean;
  note: string | null;
  /** Customers' questions asked in the period (staff questions are not counted anywhere). */
  questions: number;
  staffQuestionsExcluded: number;
  /** Questions that got at least one article. */
  suggestionsShown: number;
  /**
   * Questions whose asker opened a suggested article. Counted only through casebot's own KB
   * pages (links to an outside docs site, KB_BASE_URL, cannot be followed); not tracked where
   * questions are not reported (--team).
   */
  articleOpened: { tracked: boolean; count: number | null };
  /** Marked solved by the asker after articles were shown. */
  markedSolved: number;
  /** Older records marked solved with no article shown (now refused): never deflections. */
  solvedWithoutArticleExcluded: number;
  /** Marked solved, but the same person opened a case on a similar topic within the window. */
  solvedThenCase: number;
  escalated: number;
  /** Of the escalated: after articles were shown (the KB had something, it did not help). */
  escalatedAfterSuggestions: number;
  /** Nobody came back to the suggestions. */
  abandoned: number;
  /** "No good match" and nothing else happened. */
  noGoodMatch: number;
  /** Still waiting for an outcome: not counted in the rate. */
  pending: number;
  /** Solved, with articles, and no case on a similar topic by the same person within the window. */
  deflected: number;
  /** Questions with an outcome (questions − pending): the rate's denominator. */
  decided: number;
  deflectionRatePercent: number | null;
  recontactWindowDays: number;
}

export type MilestoneOutcome = 'met' | 'metLate' | 'breached' | 'running' | 'stopped';

export interface SlaRow {
  tier: string;
  severity: number;
  milestone: string;
  met: number;
  /** Met after its due instant. */
  metLate: number;
  /** Not met, and its due instant passed while the case was open. */
  breached: number;
  /** Not met, not due yet. */
  running: number;
  /** Not met, the case ended before it was due (nothing is owed any more). */
  stopped: number;
  /** met / (met + metLate + breached). */
  attainmentPercent: number | null;
}

export interface DurationFigures {
  /** Cases measured. */
  count: number;
  wallClock: { medianMinutes: number | null; p90Minutes: number | null };
  /** Working time only, in the org's business calendar. */
  business: { medianMinutes: number | null; p90Minutes: number | null };
}

export interface BacklogBucket {
  label: string;
  /** Age in days: [minDays, maxDays); maxDays null: no upper bound. */
  minDays: number;
  maxDays: number | null;
  count: number;
}

export interface BacklogFigures {
  asOf: string;
  total: number;
  unassigned: number;
  buckets: BacklogBucket[];
  oldest: { case: string; ageDays: number } | null;
}

export interface EngineerLoad {
  engineer: string;
  name: string;
  team: string | null;
  /** Open cases assigned to them at `asOf`. */
  open: number;
  capacity: number;
  loadPercent: number | null;
  /** Cases they claimed (or were reassigned) in the period. */
  taken: number;
  /** Cases they resolved in the period. */
  resolved: number;
}

export interface ReopenFigures {
  /** Resolutions in the period. */
  resolutions: number;
  /** Of those, the case was reopened afterwards. */
  reopened: number;
  reopenRatePercent: number | null;
}

export interface CsatFigures {
  /** Resolutions in the period: each asked its requester for a rating. */
  asked: number;
  /** Of those, rated (at any time since). */
  ratings: number;
  /** ratings / asked. */
  responseRatePercent: number | null;
  /** Mean score, one decimal; null without ratings. */
  average: number | null;
  /** How many ratings gave each score. */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Ratings that came with a comment, oldest resolution first. */
  comments: { case: string; score: number; comment: string; resolvedAt: string }[];
}

export interface KnowledgeGap {
  /** The words most of the group's questions share. */
  topic: string;
  count: number;
  noGoodMatch: number;
  escalatedDespiteSuggestions: number;
  /** Up to three of the group's questions, oldest first. */
  examples: string[];
}

export interface KnowledgeGapFigures {
  available: boolean;
  note: string | null;
  questions: number;
  groups: KnowledgeGap[];
}

export interface Report {
  period: ReportPeriod;
  /** True when the period holds no question and no case at all. */
  empty: boolean;
  deflection: DeflectionFigures;
  sla: { rows: SlaRow[] };
  timeToFirstResponse: DurationFigures;
  timeToResolution: DurationFigures;
  /** Cases opened in the period (the cohort of the SLA and time figures). */
  casesOpened: number;
  backlog: BacklogFigures;
  engineers: EngineerLoad[];
  reopen: ReopenFigures;
  csat: CsatFigures;
  /** Scheduled callbacks asked for, booked, confirmed, held, missed, cancelled in the period. */
  callbacks: CallbackFigures;
  knowledgeGaps: KnowledgeGapFigures;
}
