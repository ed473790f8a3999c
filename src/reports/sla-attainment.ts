// SLA attainment per tier × severity × milestone, over the milestones of the cases opened in the
// period, as they stand at `now`. "Met late" is computed here from the stored columns (met after
// its due instant, or met after the SLA loop recorded its breach): it is a miss, not a success.
import type { SlaMilestone } from '../core/model.js';
import { endOf } from './case-history.js';
import type { ReportCase, ReportData } from './report-data.js';
import type { MilestoneOutcome, SlaRow } from './report-types.js';
import { percent, rate } from './stats.js';

/** Milestones in the order a case meets them; kinds a policy adds later sort after, by name. */
const MILESTONE_ORDER = ['first-response', 'next-response', 'resolution'];

export function milestoneOutcome(
  milestone: Pick<SlaMilestone, 'dueAt' | 'metAt' | 'breachedAt'> & {
    pausedAt?: Date | null;
  },
  supportCase: ReportCase,
  now: Date,
): MilestoneOutcome {
  const due = milestone.dueAt.getTime();
  if (milestone.metAt !== null)
    return milestone.metAt.getTime() > due || milestone.breachedAt !== null ? 'metLate' : 'met';
  if (milestone.breachedAt !== null) return 'breached';
  // Paused (the case waits on the customer): still owed, neither met nor breached; its stored due
  // instant moves on when it resumes, so it says nothing yet.
  if (milestone.pausedAt) return 'running';
  // A case that ended stopped its clocks there: owed only if it was already due by then.
  const end = endOf(supportCase) ?? now;
  if (due <= end.getTime()) return 'breached';
  return endOf(supportCase) ? 'stopped' : 'running';
}

type Outcomes = Pick<SlaRow, 'met' | 'metLate' | 'breached'>;

/** Met on time ÷ (met + met late + breached), as a percentage; null when nothing was owed. */
export function attainmentPercent(counts: Outcomes): number | null {
  return percent(rate(counts.met, counts.met + counts.metLate + counts.breached));
}

/** The attainment of several rows together (a report's overall figure): their counts summed. */
export function overallAttainmentPercent(rows: readonly Outcomes[]): number | null {
  return attainmentPercent(
    rows.reduce(
      (sum, row) => ({
        met: sum.met + row.met,
        metLate: sum.metLate + row.metLate,
        breached: sum.breached + row.breached,
      }),
      { met: 0, metLate: 0, breached: 0 },
    ),
  );
}

export function slaRows(
  data: Pick<ReportData, 'milestones' | 'orgs'>,
  cohort: readonly ReportCase[],
  now: Date,
): SlaRow[] {
  const cases = new Map(cohort.map((supportCase) => [supportCase.id, supportCase]));
  const tiers = new Map(data.orgs.map((org) => [org.id, org.tier]));
  const rows = new Map<string, SlaRow>();
  for (const milestone of data.milestones) {
    const supportCase = cases.get(milestone.caseId);
    // The update cadence is a promise of news, not a contractual target: not attainment.
    if (!supportCase || milestone.kind === 'customer-update') continue;
    const tier = tiers.get(supportCase.orgId) ?? 'unknown';
    const key = `${tier}\u0000${supportCase.severity}\u0000${milestone.kind}`;
    const row = rows.get(key) ?? emptyRow(tier, supportCase.severity, milestone.kind);
    row[milestoneOutcome(milestone, supportCase, now)] += 1;
    rows.set(key, row);
  }
  for (const row of rows.values()) row.attainmentPercent = attainmentPercent(row);
  return [...rows.values()].sort(
    (a, b) =>
      a.tier.localeCompare(b.tier) ||
      a.severity - b.severity ||
      milestoneRank(a.milestone) - milestoneRank(b.milestone) ||
      a.milestone.localeCompare(b.milestone),
  );
}

function milestoneRank(kind: string): number {
  const index = MILESTONE_ORDER.indexOf(kind);
  return index === -1 ? MILESTONE_ORDER.length : index;
}

function emptyRow(tier: string, severity: number, milestone: string): SlaRow {
  return {
    tier,
    severity,
    milestone,
    met: 0,
    metLate: 0,
    breached: 0,
    running: 0,
    stopped: 0,
    attainmentPercent: null,
  };
}
