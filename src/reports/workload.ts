// The backlog by age and each engineer's load at the period's end (replayed from the audit log),
// and the reopen rate of the period's resolutions.
import type { CaseEvent } from '../core/model.js';
import { caseStateAt, type CaseStateAt } from './case-history.js';
import type { ReportCase, ReportData, ReportScope } from './report-data.js';
import { inPeriod } from './report-data.js';
import type { BacklogFigures, EngineerLoad, ReopenFigures } from './report-types.js';
import { percent, rate } from './stats.js';

const DAY_MS = 24 * 3_600_000;

const BUCKETS: { label: string; minDays: number; maxDays: number | null }[] = [
  { label: 'under 1 day', minDays: 0, maxDays: 1 },
  { label: '1–3 days', minDays: 1, maxDays: 3 },
  { label: '3–7 days', minDays: 3, maxDays: 7 },
  { label: '7–30 days', minDays: 7, maxDays: 30 },
  { label: '30 days or more', minDays: 30, maxDays: null },
];

export interface OpenCase {
  supportCase: ReportCase;
  state: CaseStateAt;
}

/** The scope's cases open at `asOf`, with their assignee then. */
export function openCasesAt(
  cases: readonly ReportCase[],
  events: Map<string, CaseEvent[]>,
  asOf: Date,
): OpenCase[] {
  return cases.flatMap((supportCase) => {
    const state = caseStateAt(supportCase, events.get(supportCase.id) ?? [], asOf);
    return state.open ? [{ supportCase, state }] : [];
  });
}

export function backlogFigures(open: readonly OpenCase[], asOf: Date): BacklogFigures {
  const ages = open.map(({ supportCase }) => ({
    supportCase,
    days: (asOf.getTime() - supportCase.openedAt.getTime()) / DAY_MS,
  }));
  const oldest = ages.reduce<(typeof ages)[number] | null>(
    (best, each) => (best === null || each.days > best.days ? each : best),
    null,
  );
  return {
    asOf: asOf.toISOString(),
    total: open.length,
    unassigned: open.filter(({ state }) => state.assigneeId === null).length,
    buckets: BUCKETS.map((bucket) => ({
      ...bucket,
      count: ages.filter(
        ({ days }) => days >= bucket.minDays && (bucket.maxDays === null || days < bucket.maxDays),
      ).length,
    })),
    oldest: oldest
      ? { case: oldest.supportCase.reference, ageDays: Math.round(oldest.days * 10) / 10 }
      : null,
  };
}

export function engineerLoads(input: {
  data: Pick<ReportData, 'people' | 'teams'>;
  scope: ReportScope;
  open: readonly OpenCase[];
  /** The events of the scope's cases. */
  events: readonly CaseEvent[];
}): EngineerLoad[] {
  const { data, scope } = input;
  const teams = new Map(data.teams.map((team) => [team.id, team.slug]));
  const periodEvents = input.events.filter((event) => inPeriod(event.at, scope));
  const engineers = data.people.filter(
    (person) =>
      person.roles.includes('engineer') &&
      (scope.teamId === null || person.teamId === scope.teamId),
  );
  return engineers
    .map((person): EngineerLoad => {
      const open = input.open.filter(({ state }) => state.assigneeId === person.id).length;
      return {
        engineer: person.handle,
        name: person.displayName,
        team: person.teamId ? (teams.get(person.teamId) ?? null) : null,
        open,
        capacity: person.capacity,
        loadPercent: percent(rate(open, person.capacity)),
        taken: periodEvents.filter(
          (event) =>
            (event.kind === 'claimed' && event.actorId === person.id) ||
            (event.kind === 'reassigned' && event.data.toAssigneeId === person.id),
        ).length,
        resolved: periodEvents.filter(
          (event) => event.kind === 'resolved' && event.actorId === person.id,
        ).length,
      };
    })
    .sort((a, b) => b.open - a.open || b.taken - a.taken || a.engineer.localeCompare(b.engineer));
}

const LIFECYCLE = new Set(['resolved', 'reopened', 'closed']);

/** Each resolution in the period, and whether the case's next step was a reopen. */
export function reopenFigures(
  events: Map<string, CaseEvent[]>,
  scope: ReportScope,
  caseIds: ReadonlySet<string>,
): ReopenFigures {
  let resolutions = 0;
  let reopened = 0;
  for (const [caseId, list] of events) {
    if (!caseIds.has(caseId)) continue;
    const lifecycle = list.filter((event) => LIFECYCLE.has(event.kind));
    lifecycle.forEach((event, index) => {
      if (event.kind !== 'resolved' || !inPeriod(event.at, scope)) return;
      resolutions += 1;
      if (lifecycle[index + 1]?.kind === 'reopened') reopened += 1;
    });
  }
  return { resolutions, reopened, reopenRatePercent: percent(rate(reopened, resolutions)) };
}
