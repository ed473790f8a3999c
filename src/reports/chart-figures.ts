// Figures the web dashboard draws besides the report's own (build-report.ts): SLA attainment over
// time by severity, and the distribution of times to first response. Plain computation over the
// same ReportData and scope as the report, so a chart and `casebot report` never disagree.
import { eventsByCase } from './case-history.js';
import type { ReportCase, ReportData, ReportScope } from './report-data.js';
import { inPeriod, inScope } from './report-data.js';
import { firstResponses } from './response-times.js';
import { attainmentPercent, milestoneOutcome } from './sla-attainment.js';
import { averageScore, ratingsInScope } from './csat.js';

const DAY_MS = 24 * 3_600_000;
/** Up to this many days a period is drawn day by day; longer, week by week (Mondays, UTC). */
const DAILY_UP_TO_DAYS = 31;

export interface SlaTrendPoint {
  met: number;
  metLate: number;
  breached: number;
  /** met / (met + metLate + breached); null when nothing was owed in that bucket. */
  attainmentPercent: number | null;
}

export interface SlaTrend {
  unit: 'day' | 'week';
  /** Each bucket's first instant (ISO), in order; a case counts in the bucket it was opened in. */
  buckets: string[];
  /** One series per severity found, every milestone kind together. */
  series: { severity: number; points: SlaTrendPoint[] }[];
}

export interface ResponseBucket {
  label: string;
  /** [minMinutes, maxMinutes); maxMinutes null: no upper bound. */
  minMinutes: number;
  maxMinutes: number | null;
  count: number;
}

/** CSAT by the day or week of the resolution rated (as the report counts it). */
export interface CsatTrend {
  unit: 'day' | 'week';
  buckets: string[];
  /** Resolutions (each asked for a rating), ratings of them, and their average (null: none). */
  asked: number[];
  ratings: number[];
  average: (number | null)[];
}

export interface ChartFigures {
  slaTrend: SlaTrend;
  csatTrend: CsatTrend;
  /** Wall-clock time from opening to the first engineer reply, of the cases opened in the period. */
  firstResponseDistribution: ResponseBucket[];
}

const RESPONSE_BUCKETS: { label: string; minMinutes: number; maxMinutes: number | null }[] = [
  { label: 'under 15 min', minMinutes: 0, maxMinutes: 15 },
  { label: '15–60 min', minMinutes: 15, maxMinutes: 60 },
  { label: '1–4 h', minMinutes: 60, maxMinutes: 240 },
  { label: '4–8 h', minMinutes: 240, maxMinutes: 480 },
  { label: '8–24 h', minMinutes: 480, maxMinutes: 1_440 },
  { label: '1–3 days', minMinutes: 1_440, maxMinutes: 4_320 },
  { label: '3 days or more', minMinutes: 4_320, maxMinutes: null },
];

export function chartFigures(
  data: ReportData,
  options: { scope: ReportScope; asOf: Date; now: Date },
): ChartFigures {
  const { scope } = options;
  const byId = new Map<string, ReportCase>();
  for (const supportCase of [...data.cases, ...data.related]) byId.set(supportCase.id, supportCase);
  const cohort = [...byId.values()].filter(
    (supportCase) => inScope(supportCase, scope) && inPeriod(supportCase.openedAt, scope),
  );
  const scoped = new Map(
    [...byId.values()].filter((c) => inScope(c, scope)).map((c) => [c.id, c] as const),
  );
  return {
    slaTrend: slaTrend(data, cohort, options),
    csatTrend: csatTrend(data, scoped, options),
    firstResponseDistribution: responseDistribution(data, cohort),
  };
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Monday 00:00 UTC of the week holding `ms` (1 January 1970 was a Thursday). */
function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

function slaTrend(
  data: Pick<ReportData, 'milestones'>,
  cohort: readonly ReportCase[],
  options: { scope: ReportScope; asOf: Date; now: Date },
): SlaTrend {
  const cases = new Map(cohort.map((supportCase) => [supportCase.id, supportCase]));
  const opened = cohort.map((supportCase) => supportCase.openedAt.getTime());
  const first = options.scope.from?.getTime() ?? (opened.length ? Math.min(...opened) : null);
  const last = Math.min(options.scope.to?.getTime() ?? Infinity, options.asOf.getTime()) - 1;
  if (first === null || last < first) return { unit: 'day', buckets: [], series: [] };
  const unit = (last - first) / DAY_MS <= DAILY_UP_TO_DAYS ? 'day' : 'week';
  const start = unit === 'day' ? startOfDay : startOfWeek;
  const step = unit === 'day' ? DAY_MS : 7 * DAY_MS;
  const buckets: number[] = [];
  for (let at = start(first); at <= last; at += step) buckets.push(at);
  const index = (ms: number) => Math.floor((start(ms) - (buckets[0] ?? 0)) / step);
  const bySeverity = new Map<number, SlaTrendPoint[]>();
  for (const milestone of data.milestones) {
    const supportCase = cases.get(milestone.caseId);
    // As in the attainment table: the update cadence is not a target.
    if (!supportCase || milestone.kind === 'customer-update') continue;
    const outcome = milestoneOutcome(milestone, supportCase, options.now);
    if (outcome === 'running' || outcome === 'stopped') continue;
    const points =
      bySeverity.get(supportCase.severity) ??
      buckets.map(() => ({ met: 0, metLate: 0, breached: 0, attainmentPercent: null }));
    bySeverity.set(supportCase.severity, points);
    const point = points[index(supportCase.openedAt.getTime())];
    if (point) point[outcome] += 1;
  }
  for (const points of bySeverity.values())
    for (const point of points) point.attainmentPercent = attainmentPercent(point);
  return {
    unit,
    buckets: buckets.map((ms) => new Date(ms).toISOString()),
    series: [...bySeverity.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([severity, points]) => ({ severity, points })),
  };
}

/** The period's buckets: days up to a month, weeks beyond; empty when the period is. */
function periodBuckets(first: number | null, last: number) {
  if (first === null || last < first) return null;
  const unit: 'day' | 'week' = (last - first) / DAY_MS <= DAILY_UP_TO_DAYS ? 'day' : 'week';
  const start = unit === 'day' ? startOfDay : startOfWeek;
  const step = unit === 'day' ? DAY_MS : 7 * DAY_MS;
  const buckets: number[] = [];
  for (let at = start(first); at <= last; at += step) buckets.push(at);
  const index = (ms: number) => Math.floor((start(ms) - (buckets[0] ?? 0)) / step);
  return { unit, buckets, index };
}

function csatTrend(
  data: Pick<ReportData, 'ratings' | 'events'>,
  cases: ReadonlyMap<string, ReportCase>,
  options: { scope: ReportScope; asOf: Date },
): CsatTrend {
  const resolved = data.events.filter(
    (event) =>
      event.kind === 'resolved' && cases.has(event.caseId) && inPeriod(event.at, options.scope),
  );
  const rated = ratingsInScope(data.ratings, cases, options.scope);
  const instants = resolved.map((event) => event.at.getTime());
  const first = options.scope.from?.getTime() ?? (instants.length ? Math.min(...instants) : null);
  const last = Math.min(options.scope.to?.getTime() ?? Infinity, options.asOf.getTime()) - 1;
  const period = periodBuckets(first, last);
  if (!period) return { unit: 'day', buckets: [], asked: [], ratings: [], average: [] };
  const asked = period.buckets.map(() => 0);
  const scores: number[][] = period.buckets.map(() => []);
  for (const event of resolved) {
    const at = period.index(event.at.getTime());
    if (asked[at] !== undefined) asked[at] += 1;
  }
  for (const rating of rated) scores[period.index(rating.resolvedAt.getTime())]?.push(rating.score);
  return {
    unit: period.unit,
    buckets: period.buckets.map((ms) => new Date(ms).toISOString()),
    asked,
    ratings: scores.map((list) => list.length),
    average: scores.map((list) => averageScore(list.map((score) => ({ score })))),
  };
}

function responseDistribution(
  data: Pick<ReportData, 'events'>,
  cohort: readonly ReportCase[],
): ResponseBucket[] {
  const ids = new Set(cohort.map((supportCase) => supportCase.id));
  const events = eventsByCase(data.events.filter((event) => ids.has(event.caseId)));
  const waits = firstResponses(cohort, events).map(
    (span) => (span.to.getTime() - span.from.getTime()) / 60_000,
  );
  return RESPONSE_BUCKETS.map((bucket) => ({
    ...bucket,
    count: waits.filter(
      (wait) =>
        wait >= bucket.minMinutes && (bucket.maxMinutes === null || wait < bucket.maxMinutes),
    ).length,
  }));
}
