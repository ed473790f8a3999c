// The week's figures in a few lines, for a support lead's App Home: the same report as
// `casebot report` (loadReport), read over the last 7 days and cut down to what a glance needs.
import type { Report, SlaRow } from './report-types.js';

export interface SummaryRow {
  label: string;
  value: string;
}

const pct = (value: number | null) => (value === null ? 'n/a' : `${value} %`);

function minutes(value: number | null): string {
  if (value === null) return 'n/a';
  if (value < 60) return `${Math.round(value)} min`;
  return `${Math.floor(value / 60)} h ${String(Math.round(value % 60)).padStart(2, '0')}`;
}

/** Every milestone of the period's cases together: met on time ÷ (met + met late + breached). */
function attainment(rows: readonly SlaRow[]): string {
  const met = rows.reduce((sum, row) => sum + row.met, 0);
  const late = rows.reduce((sum, row) => sum + row.metLate, 0);
  const breached = rows.reduce((sum, row) => sum + row.breached, 0);
  const decided = met + late + breached;
  if (decided === 0) return 'no target decided yet';
  const percent = Math.round((met / decided) * 1000) / 10;
  return `${percent} % on time (${met} met, ${late} met late, ${breached} breached)`;
}

export function weekSummary(report: Report): SummaryRow[] {
  const d = report.deflection;
  return [
    {
      label: 'Deflection rate',
      value: d.available
        ? `${pct(d.deflectionRatePercent)} (${d.deflected} of ${d.decided} decided questions)`
        : 'n/a',
    },
    { label: 'Cases opened', value: String(report.casesOpened) },
    { label: 'SLA attainment', value: attainment(report.sla.rows) },
    {
      label: 'First response (median)',
      value: `${minutes(report.timeToFirstResponse.wallClock.medianMinutes)} over ${report.timeToFirstResponse.count} case(s)`,
    },
    {
      label: 'Backlog',
      value: `${report.backlog.total} open, ${report.backlog.unassigned} unassigned${report.backlog.oldest ? `, oldest ${report.backlog.oldest.case} (${report.backlog.oldest.ageDays} days)` : ''}`,
    },
    {
      label: 'Reopen rate',
      value: `${pct(report.reopen.reopenRatePercent)} (${report.reopen.reopened} of ${report.reopen.resolutions})`,
    },
  ];
}
