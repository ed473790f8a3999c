// What the dashboard shows for a set of filters: the report of `casebot report` (same code, same
// figures) plus the chart-only figures (SLA attainment over time, first-response distribution),
// read through the report's read-only source. Bad filters throw ReportInputError with the same
// sentences as the command line.
import { chartFigures, type ChartFigures } from '../reports/chart-figures.js';
import { loadReport } from '../reports/load-report.js';
import { parsePeriod } from '../reports/period.js';
import type { ReportSource } from '../reports/report-data.js';
import type { Report } from '../reports/report-types.js';

export interface DashboardFilters {
  org: string | null;
  team: string | null;
  from: string | null;
  to: string | null;
}

export interface Choice {
  slug: string;
  name: string;
}

export interface DashboardData {
  report: Report;
  charts: ChartFigures;
}

/** Query parameters → filters; an empty field (a form's "all") is no filter. */
export function readFilters(query: (name: string) => string | undefined): DashboardFilters {
  const field = (name: string) => {
    const value = query(name)?.trim();
    return value ? value : null;
  };
  return { org: field('org'), team: field('team'), from: field('from'), to: field('to') };
}

export async function loadChoices(
  source: ReportSource,
): Promise<{ orgs: Choice[]; teams: Choice[] }> {
  const [orgs, teams] = await Promise.all([source.orgs(), source.teams()]);
  return {
    orgs: orgs.map(({ slug, name }) => ({ slug, name })),
    teams: teams.map(({ slug, name }) => ({ slug, name })),
  };
}

export async function loadDashboard(
  source: ReportSource,
  filters: DashboardFilters,
  options: { now: Date; recontactMs: number },
): Promise<DashboardData> {
  const period = parsePeriod(filters.from ?? undefined, filters.to ?? undefined);
  const { now, recontactMs } = options;
  const { report, data, scope, asOf } = await loadReport(source, {
    period,
    org: filters.org,
    team: filters.team,
    now,
    recontactMs,
  });
  return { report, charts: chartFigures(data, { scope, asOf, now }) };
}
