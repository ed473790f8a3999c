// One report from a source, as the CLI and the dashboard both ask for it: the org and team
// filters looked up by slug (an unknown one is refused with the known ones listed), the period
// ending now at the latest, the data read once.
import { buildReport } from './build-report.js';
import { ReportInputError, type Period } from './period.js';
import type { ReportData, ReportScope, ReportSource } from './report-data.js';
import type { Report } from './report-types.js';

export interface ReportRequest {
  period: Period;
  org: string | null;
  team: string | null;
  now: Date;
  recontactMs: number;
}

export interface LoadedReport {
  report: Report;
  data: ReportData;
  scope: ReportScope;
  asOf: Date;
}

export async function loadReport(
  source: ReportSource,
  { period, org: orgSlug, team: teamSlug, now, recontactMs }: ReportRequest,
): Promise<LoadedReport> {
  const org = await pick(source, 'org', orgSlug);
  const team = await pick(source, 'team', teamSlug);
  const asOf = period.to && period.to.getTime() < now.getTime() ? period.to : now;
  const scope = { ...period, orgId: org?.id ?? null, teamId: team?.id ?? null };
  const data = await source.load({ ...scope, asOf, recontactMs });
  const report = buildReport(data, {
    scope,
    orgSlug: org?.slug ?? null,
    teamSlug: team?.slug ?? null,
    asOf,
    now,
    recontactMs,
  });
  return { report, data, scope, asOf };
}

/** The org or team named (by slug, any case), or a refusal listing the known ones. */
async function pick(
  source: ReportSource,
  kind: 'org' | 'team',
  slug: string | null,
): Promise<{ id: string; slug: string } | null> {
  if (slug === null) return null;
  const known = kind === 'org' ? await source.orgs() : await source.teams();
  const found = known.find((each) => each.slug.toLowerCase() === slug.trim().toLowerCase());
  if (found) return found;
  const list = known.map((each) => each.slug).join(', ');
  throw new ReportInputError(
    `unknown ${kind} "${slug}": ${known.length > 0 ? `the ${kind}s are ${list}` : `there is no ${kind} in this database`}`,
  );
}
