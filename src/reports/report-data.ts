// What a report reads, and the port it reads it through. The store (src/store/
// prisma-report-queries.ts) fills a ReportData for a scope; everything here and in the other
// report files is plain computation over it, so the figures are testable without a database.
// The store may fetch more than the scope needs (it narrows for speed): every figure applies the
// scope itself.
import type {
  CaseEvent,
  CaseRating,
  Deflection,
  Org,
  SlaMilestone,
  SupportCase,
  Team,
} from '../core/model.js';

import type { CallbackEvent } from './callback-counts.js';

/** A person as a report needs them: who is staff, how to name them, how much they may hold. */
export interface ReportPerson {
  id: string;
  handle: string;
  displayName: string;
  roles: string[];
  teamId: string | null;
  capacity: number;
}

/** The case fields a report reads (no platform places). */
export type ReportCase = Pick<
  SupportCase,
  | 'id'
  | 'reference'
  | 'orgId'
  | 'requesterId'
  | 'teamId'
  | 'title'
  | 'situation'
  | 'severity'
  | 'status'
  | 'assigneeId'
  | 'openedAt'
  | 'resolvedAt'
  | 'closedAt'
>;

/** Which part of the history a report covers. Bounds are [from, to); null: unbounded. */
export interface ReportScope {
  from: Date | null;
  to: Date | null;
  orgId: string | null;
  teamId: string | null;
}

export interface ReportQuery extends ReportScope {
  /** The instant the backlog and the load are read at: the period's end, or now. */
  asOf: Date;
  /** How long after "solved" a case by the same person on a similar topic undoes the deflection. */
  recontactMs: number;
}

export interface ReportData {
  orgs: Org[];
  teams: Team[];
  people: ReportPerson[];
  /** Questions asked in the period (of the org, when one is chosen). */
  deflections: Deflection[];
  /** Cases opened in the period within the scope: the cohort of the SLA and time figures. */
  cases: ReportCase[];
  /**
   * Other cases some figure looks at: open at `asOf` (backlog, load), resolved or claimed in the
   * period (reopen rate, load), and the cases the askers of solved questions opened afterwards
   * (any org or team: the deflection rate).
   */
  related: ReportCase[];
  /** The milestones of the cohort's cases. */
  milestones: SlaMilestone[];
  /** The audit log of the cohort's and the related cases (a case's history, replayed). */
  events: CaseEvent[];
  /** CSAT ratings of the resolutions made in the period (their cases are among the related). */
  ratings: CaseRating[];
  /** Scheduled callbacks' events in the period, with their case's org and team (absent: none read). */
  callbackEvents?: CallbackEvent[];
}

/** Where the report's data comes from (the store implements it). */
export interface ReportSource {
  orgs(): Promise<Pick<Org, 'id' | 'slug' | 'name'>[]>;
  teams(): Promise<Pick<Team, 'id' | 'slug' | 'name'>[]>;
  load(query: ReportQuery): Promise<ReportData>;
  close(): Promise<void>;
}

/** Staff ask questions to find articles for others: their questions are never deflections. */
export function isStaff(person: Pick<ReportPerson, 'roles'>): boolean {
  return person.roles.some((role) => role !== 'customer');
}

export function inPeriod(at: Date, scope: Pick<ReportScope, 'from' | 'to'>): boolean {
  const ms = at.getTime();
  return (
    (scope.from === null || ms >= scope.from.getTime()) &&
    (scope.to === null || ms < scope.to.getTime())
  );
}

export function inScope(supportCase: ReportCase, scope: ReportScope): boolean {
  return (
    (scope.orgId === null || supportCase.orgId === scope.orgId) &&
    (scope.teamId === null || supportCase.teamId === scope.teamId)
  );
}
