// The report as CSV in long form (section, item, measure, value): one figure a row, so a
// spreadsheet can pivot it whatever the number of tiers, engineers or topics. Empty value: null.
import type { Report } from './report-types.js';

type Cell = string | number | boolean | null;

export function renderReportCsv(report: Report): string {
  const rows: Cell[][] = [['section', 'item', 'measure', 'value']];
  const add = (section: string, item: string, figures: Record<string, Cell>) => {
    for (const [measure, value] of Object.entries(figures))
      rows.push([section, item, measure, value]);
  };
  const { period, deflection: d } = report;
  add('period', '', {
    from: period.from,
    to: period.to,
    asOf: period.asOf,
    org: period.org,
    team: period.team,
    empty: report.empty,
  });
  add('deflection', '', {
    available: d.available,
    questions: d.questions,
    staffQuestionsExcluded: d.staffQuestionsExcluded,
    suggestionsShown: d.suggestionsShown,
    articleOpened: d.articleOpened.count ?? '',
    markedSolved: d.markedSolved,
    solvedWithoutArticleExcluded: d.solvedWithoutArticleExcluded,
    solvedThenCase: d.solvedThenCase,
    escalated: d.escalated,
    escalatedAfterSuggestions: d.escalatedAfterSuggestions,
    abandoned: d.abandoned,
    noGoodMatch: d.noGoodMatch,
    pending: d.pending,
    deflected: d.deflected,
    decided: d.decided,
    deflectionRatePercent: d.deflectionRatePercent,
    recontactWindowDays: d.recontactWindowDays,
  });
  for (const row of report.sla.rows) {
    const { tier, severity, milestone, ...figures } = row;
    add('sla', `${tier}/${severity}/${milestone}`, figures);
  }
  for (const [name, figures] of [
    ['timeToFirstResponse', report.timeToFirstResponse],
    ['timeToResolution', report.timeToResolution],
  ] as const) {
    add(name, '', {
      count: figures.count,
      wallClockMedianMinutes: figures.wallClock.medianMinutes,
      wallClockP90Minutes: figures.wallClock.p90Minutes,
      businessMedianMinutes: figures.business.medianMinutes,
      businessP90Minutes: figures.business.p90Minutes,
    });
  }
  add('cases', '', { opened: report.casesOpened });
  const b = report.backlog;
  add('backlog', '', {
    asOf: b.asOf,
    total: b.total,
    unassigned: b.unassigned,
    oldestCase: b.oldest?.case ?? null,
    oldestAgeDays: b.oldest?.ageDays ?? null,
  });
  for (const bucket of b.buckets) add('backlog', bucket.label, { count: bucket.count });
  for (const e of report.engineers) {
    const { engineer, ...figures } = e;
    add('engineer', engineer, figures);
  }
  add('reopen', '', { ...report.reopen });
  const c = report.csat;
  add('csat', '', {
    asked: c.asked,
    ratings: c.ratings,
    responseRatePercent: c.responseRatePercent,
    average: c.average,
  });
  for (const [score, count] of Object.entries(c.distribution)) add('csatScore', score, { count });
  for (const comment of c.comments)
    add('csatComment', comment.case, {
      score: comment.score,
      resolvedAt: comment.resolvedAt,
      comment: comment.comment,
    });
  add('callbacks', '', { ...report.callbacks });
  const g = report.knowledgeGaps;
  add('knowledgeGaps', '', { available: g.available, questions: g.questions });
  for (const gap of g.groups) {
    add('knowledgeGap', gap.topic, {
      count: gap.count,
      noGoodMatch: gap.noGoodMatch,
      escalatedDespiteSuggestions: gap.escalatedDespiteSuggestions,
      examples: gap.examples.join(' | '),
    });
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  // Questions are customers' text: one starting like a formula must stay text in a spreadsheet.
  const text =
    typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\n\r]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
