// A lead's week for the App Home: `casebot report` over the last 7 days (same code, same figures),
// read through the report's own read-only connection, opened for the read and closed after it.
import type { WeekFigures } from '../core/views.js';
import { loadReport } from '../reports/load-report.js';
import type { Report } from '../reports/report-types.js';
import { overallAttainmentPercent } from '../reports/sla-attainment.js';
import { openReportQueries } from '../store/prisma-report-queries.js';

const DAY_MS = 86_400_000;

export function weekFiguresOf(report: Report, from: Date, to: Date): WeekFigures {
  return {
    from,
    to,
    deflectionRatePercent: report.deflection.deflectionRatePercent,
    slaAttainmentPercent: overallAttainmentPercent(report.sla.rows),
    csatAverage: report.csat.average,
    csatRatings: report.csat.ratings,
    backlog: report.backlog.total,
    unassigned: report.backlog.unassigned,
  };
}

export function weekFiguresReader(
  databaseUrl: string | undefined,
  now: () => Date,
): () => Promise<WeekFigures> {
  return async () => {
    // Up to and including this instant (a demo's clock stands still between moves).
    const to = new Date(now().getTime() + 1);
    const from = new Date(to.getTime() - 7 * DAY_MS);
    const source = await openReportQueries(databaseUrl);
    try {
      const { report } = await loadReport(source, {
        period: { from, to },
        org: null,
        team: null,
        now: to,
        recontactMs: 7 * DAY_MS,
      });
      return weekFiguresOf(report, from, to);
    } finally {
      await source.close();
    }
  };
}
