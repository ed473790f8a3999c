// Every figure of the report from one ReportData: plain computation, no I/O.
import { eventsByCase } from './case-history.js';
import { csatFigures } from './csat.js';
import { callbackFigures } from './callback-counts.js';
import { deflectionFigures, scopedQuestions } from './deflection-funnel.js';
import { knowledgeGaps } from './knowledge-gaps.js';
import type { ReportCase, ReportData, ReportScope } from './report-data.js';
import { inPeriod, inScope } from './report-data.js';
import type { Report } from './report-types.js';
import { durationFigures, firstResponses, resolutions } from './response-times.js';
import { slaRows } from './sla-attainment.js';
import { backlogFigures, engineerLoads, openCasesAt, reopenFigures } from './workload.js';

export interface BuildReportOptions {
  scope: ReportScope;
  /** Slugs of the chosen org and team, as the person typed them (for the header). */
  orgSlug: string | null;
  teamSlug: string | null;
  /** The backlog and load are read at this instant (the period's end, or now). */
  asOf: Date;
  /** When the report is made: milestones not met by then and past due are breached. */
  now: Date;
  recontactMs: number;
}

export function buildReport(data: ReportData, options: BuildReportOptions): Report {
  const { scope, asOf } = options;
  const scoped = uniqueCases([...data.cases, ...data.related]).filter((c) => inScope(c, scope));
  const scopedIds = new Set(scoped.map((supportCase) => supportCase.id));
  const cohort = scoped.filter((supportCase) => inPeriod(supportCase.openedAt, scope));
  const events = eventsByCase(data.events.filter((event) => scopedIds.has(event.caseId)));
  const open = openCasesAt(scoped, events, asOf);
  const scopedEvents = [...events.values()].flat();
  // Questions belong to no team: a team's period is empty when its cases are.
  const questions = scopedQuestions(data, { ...scope, teamId: null });
  const asked = scope.teamId === null ? questions.customer.length + questions.staff.length : 0;
  const empty =
    asked === 0 && cohort.length === 0 && !scopedEvents.some((event) => inPeriod(event.at, scope));
  return {
    period: {
      from: scope.from?.toISOString() ?? null,
      to: scope.to?.toISOString() ?? null,
      asOf: asOf.toISOString(),
      org: options.orgSlug,
      team: options.teamSlug,
    },
    empty,
    deflection: deflectionFigures({ data, scope, recontactMs: options.recontactMs }),
    sla: { rows: slaRows(data, cohort, options.now) },
    timeToFirstResponse: durationFigures(firstResponses(cohort, events), data.orgs),
    timeToResolution: durationFigures(resolutions(cohort), data.orgs),
    casesOpened: cohort.length,
    backlog: backlogFigures(open, asOf),
    engineers: engineerLoads({ data, scope, open, events: scopedEvents }),
    reopen: reopenFigures(events, scope, scopedIds),
    csat: csatFigures({
      ratings: data.ratings,
      events,
      cases: new Map(scoped.map((supportCase) => [supportCase.id, supportCase])),
      scope,
    }),
    callbacks: callbackFigures(data.callbackEvents ?? [], scope),
    knowledgeGaps: knowledgeGaps(data, scope),
  };
}

function uniqueCases(cases: readonly ReportCase[]): ReportCase[] {
  const byId = new Map<string, ReportCase>();
  for (const supportCase of cases) byId.set(supportCase.id, supportCase);
  return [...byId.values()];
}
