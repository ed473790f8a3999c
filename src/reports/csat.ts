// CSAT: every resolution asks its requester for a 1–5 rating, once. The period selects
// resolutions (by when they happened), and a rating counts with the resolution it rates, so the
// response rate is ratings / resolutions and a rating given after the period's end still counts
// for the resolution inside it. Scope (org, team) is the case's.
import type { CaseEvent, CaseRating } from '../core/model.js';
import type { ReportCase, ReportScope } from './report-data.js';
import { inPeriod } from './report-data.js';
import type { CsatFigures } from './report-types.js';
import { percent, rate } from './stats.js';

export const CSAT_SCORES = [1, 2, 3, 4, 5] as const;

/** The ratings of the resolutions in the period, of the cases in scope. */
export function ratingsInScope(
  ratings: readonly CaseRating[],
  cases: ReadonlyMap<string, ReportCase>,
  scope: ReportScope,
): CaseRating[] {
  return ratings
    .filter((rating) => cases.has(rating.caseId) && inPeriod(rating.resolvedAt, scope))
    .sort((a, b) => a.resolvedAt.getTime() - b.resolvedAt.getTime());
}

/** One decimal, or null when there is nothing to average. */
export function averageScore(ratings: readonly Pick<CaseRating, 'score'>[]): number | null {
  if (ratings.length === 0) return null;
  const sum = ratings.reduce((total, rating) => total + rating.score, 0);
  return Math.round((sum / ratings.length) * 10) / 10;
}

export function csatFigures(input: {
  ratings: readonly CaseRating[];
  /** The scoped cases' audit logs: their resolutions are the asks. */
  events: ReadonlyMap<string, CaseEvent[]>;
  cases: ReadonlyMap<string, ReportCase>;
  scope: ReportScope;
}): CsatFigures {
  const { scope, cases } = input;
  let asked = 0;
  for (const [caseId, list] of input.events) {
    if (!cases.has(caseId)) continue;
    asked += list.filter((event) => event.kind === 'resolved' && inPeriod(event.at, scope)).length;
  }
  const rated = ratingsInScope(input.ratings, cases, scope);
  const distribution = Object.fromEntries(
    CSAT_SCORES.map((score) => [String(score), rated.filter((r) => r.score === score).length]),
  ) as CsatFigures['distribution'];
  return {
    asked,
    ratings: rated.length,
    responseRatePercent: percent(rate(rated.length, asked)),
    average: averageScore(rated),
    distribution,
    comments: rated
      .filter((rating) => rating.comment !== null)
      .map((rating) => ({
        case: cases.get(rating.caseId)?.reference ?? '?',
        score: rating.score,
        comment: rating.comment ?? '',
        resolvedAt: rating.resolvedAt.toISOString(),
      })),
  };
}
