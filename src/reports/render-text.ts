// The report as readable text (the default output of `casebot report`).
import { formatDuration } from '../core/sla/index.js';
import type {
  DeflectionFigures,
  DurationFigures,
  KnowledgeGapFigures,
  Report,
  SlaRow,
} from './report-types.js';

const MAX_GAPS = 10;

export function renderReportText(report: Report): string {
  const lines = [...header(report), ''];
  if (report.empty) {
    lines.push('Nothing happened in this period: no questions, no cases opened, no case activity.');
    if (report.backlog.total > 0) lines.push('', ...backlog(report));
    lines.push('', ...csat(report));
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    ...deflection(report.deflection),
    '',
    ...sla(report.sla.rows, report.casesOpened),
    '',
    duration('Time to first response', report.timeToFirstResponse),
    duration('Time to resolution', report.timeToResolution),
    '',
    ...backlog(report),
    '',
    ...engineers(report),
    '',
    reopen(report),
    '',
    ...csat(report),
    '',
    callbacks(report),
    '',
    ...gaps(report.knowledgeGaps),
  );
  return `${lines.join('\n')}\n`;
}

/** "2026-03-02 09:00 UTC" (to the minute). */
function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function header(report: Report): string[] {
  const { period } = report;
  const from = period.from ? when(period.from) : 'the beginning';
  const to = period.to ? when(period.to) : 'now';
  const scope = [
    period.org ? `org ${period.org}` : 'all orgs',
    period.team ? `team ${period.team}` : 'all teams',
  ].join(' · ');
  return [`casebot report: from ${from} to ${to} (end excluded) · ${scope}`];
}

function pct(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(1)} %`;
}

function deflection(figures: DeflectionFigures): string[] {
  if (!figures.available) return [`Deflection: not available (${figures.note}).`];
  const staff =
    figures.staffQuestionsExcluded > 0
      ? `; ${figures.staffQuestionsExcluded} staff question(s) left out`
      : '';
  const rows: [string, string][] = [
    ['questions', String(figures.questions)],
    ['suggestions shown', String(figures.suggestionsShown)],
    [
      'article opened',
      `${figures.articleOpened.count ?? 0} (counted when links lead to casebot's KB pages, not with KB_BASE_URL)`,
    ],
    [
      'marked solved',
      `${figures.markedSolved}${figures.solvedThenCase > 0 ? ` (${figures.solvedThenCase} came back with a case on the topic)` : ''}`,
    ],
    [
      'escalated',
      `${figures.escalated} (${figures.escalatedAfterSuggestions} after suggestions were shown)`,
    ],
    ['abandoned', String(figures.abandoned)],
    ['no good match', String(figures.noGoodMatch)],
    ['pending', String(figures.pending)],
  ];
  if (figures.solvedWithoutArticleExcluded > 0)
    rows.push(['solved, no article', `${figures.solvedWithoutArticleExcluded} (never counted)`]);
  return [
    `Deflection (customers' questions${staff})`,
    ...rows.map(([label, value]) => `  ${label.padEnd(20)} ${value}`),
    `  ${'deflection rate'.padEnd(20)} ${pct(figures.deflectionRatePercent)}: ${figures.deflected} deflected of ${figures.decided} decided ` +
      `(solved after an article, and no case on a similar topic by the same person within ${figures.recontactWindowDays} days)`,
  ];
}

function sla(rows: SlaRow[], casesOpened: number): string[] {
  const title = `SLA attainment (milestones of the ${casesOpened} case(s) opened in the period)`;
  if (rows.length === 0) return [title, '  no milestones'];
  const head = [
    'tier',
    'sev',
    'milestone',
    'met',
    'late',
    'breached',
    'running',
    'stopped',
    'attained',
  ];
  const table = [
    head,
    ...rows.map((row) => [
      row.tier,
      String(row.severity),
      row.milestone,
      String(row.met),
      String(row.metLate),
      String(row.breached),
      String(row.running),
      String(row.stopped),
      pct(row.attainmentPercent),
    ]),
  ];
  const widths = head.map((_, column) =>
    Math.max(...table.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    `  ${row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}`;
  return [title, ...table.map(line)];
}

function minutesText(value: number | null): string {
  return value === null ? 'n/a' : formatDuration(value * 60_000);
}

function duration(title: string, figures: DurationFigures): string {
  if (figures.count === 0) return `${title}: no case measured`;
  const { wallClock: wall, business } = figures;
  return (
    `${title} (${figures.count} case(s)): median ${minutesText(wall.medianMinutes)}, p90 ${minutesText(wall.p90Minutes)} wall-clock; ` +
    `median ${minutesText(business.medianMinutes)}, p90 ${minutesText(business.p90Minutes)} in business hours`
  );
}

function backlog(report: Report): string[] {
  const { backlog: b } = report;
  const oldest = b.oldest ? `; oldest ${b.oldest.case} (${b.oldest.ageDays} days)` : '';
  return [
    `Backlog at ${when(b.asOf)}: ${b.total} open (${b.unassigned} unassigned)${oldest}`,
    `  ${b.buckets.map((bucket) => `${bucket.label}: ${bucket.count}`).join(' · ')}`,
  ];
}

function engineers(report: Report): string[] {
  if (report.engineers.length === 0) return ['Engineers: none in scope'];
  return [
    `Engineers (open at ${when(report.backlog.asOf)} / capacity; taken and resolved in the period)`,
    ...report.engineers.map(
      (e) =>
        `  ${e.engineer.padEnd(12)} ${e.name.padEnd(20)} ${(e.team ?? '-').padEnd(12)} ` +
        `${e.open}/${e.capacity} (${pct(e.loadPercent)})  taken ${e.taken}  resolved ${e.resolved}`,
    ),
  ];
}

function reopen(report: Report): string {
  const r = report.reopen;
  if (r.resolutions === 0) return 'Reopen rate: no resolution in the period';
  return `Reopen rate: ${pct(r.reopenRatePercent)} (${r.reopened} of ${r.resolutions} resolution(s) reopened)`;
}

/** Ratings asked on resolution: response rate, average, distribution, comments. */
function callbacks(report: Report): string {
  const c = report.callbacks;
  return (
    `Callbacks: ${c.requested} asked for, ${c.booked} booked, ${c.confirmed} confirmed, ` +
    `${c.held} held, ${c.missed} missed, ${c.cancelled} cancelled; ${c.immediate} immediate call(s)`
  );
}

function csat(report: Report): string[] {
  const c = report.csat;
  if (c.asked === 0) return ['CSAT: no resolution in the period, so nobody was asked'];
  const lines = [
    `CSAT: ${c.ratings} rating(s) of ${c.asked} resolution(s) asked (${pct(c.responseRatePercent)})` +
      (c.average === null ? '' : `, average ${c.average.toFixed(1)} / 5`),
  ];
  if (c.ratings > 0)
    lines.push(
      `  scores ${Object.entries(c.distribution)
        .map(([score, count]) => `${score}: ${count}`)
        .join(' · ')}`,
    );
  for (const comment of c.comments)
    lines.push(`  ${comment.case} (${comment.score}/5): "${oneLine(comment.comment)}"`);
  return lines;
}

/** A customer's comment on one line of the terminal report. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function gaps(figures: KnowledgeGapFigures): string[] {
  if (!figures.available) return [`Knowledge gaps: not available (${figures.note}).`];
  if (figures.groups.length === 0)
    return [
      'Knowledge gaps: none (every question got articles, and none was escalated after them)',
    ];
  const shown = figures.groups.slice(0, MAX_GAPS);
  const more = figures.groups.length - shown.length;
  return [
    `Knowledge gaps (${figures.questions} question(s) with no good match or escalated despite suggestions, by topic)`,
    ...shown.flatMap((gap) => [
      `  ${gap.count}× ${gap.topic || '(no common words)'}: ${gap.noGoodMatch} no good match, ${gap.escalatedDespiteSuggestions} escalated despite suggestions`,
      ...gap.examples.map(
        (example) => `      "${example.length > 100 ? `${example.slice(0, 99)}…` : example}"`,
      ),
    ]),
    ...(more > 0 ? [`  … and ${more} more topic(s) (--json lists them all)`] : []),
  ];
}
