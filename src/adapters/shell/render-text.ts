// Plain-text rendering of every neutral view, for the terminal. Deterministic (no colour codes
// unless asked), so scripted runs and tests can assert on exact lines.
import { attachmentLine, callbackLines } from './render-callback.js';
import type {
  CaseAlertView,
  CaseConfirmationView,
  CaseFormErrors,
  CaseFormView,
  CaseListView,
  MilestoneSummary,
  NoticeView,
  SlaEventView,
  SuggestionsView,
  View,
} from '../../core/views.js';

export interface RenderContext {
  now: Date;
  /** Names for platform user ids in mentions (shell handles are already readable). */
  nameOf?: (userId: string) => string;
}

export function formatDuration(ms: number): string {
  const negative = ms < 0;
  let minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes || parts.length === 0) parts.push(`${minutes}m`);
  return (negative ? '-' : '') + parts.join(' ');
}

/** "2026-11-23 10:30 UTC" — the shell shows instants in UTC; the views carry local text where it matters. */
export function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Time left to `dueAt`. `msLeft` is the core's business-aware figure (working time for a
 * business-hours target), the one `/queue` sorts by; without it, the wall-clock difference. When
 * the two differ the target counts working time, and the text says so.
 */
export function countdown(dueAt: Date | null, now: Date, msLeft?: number | null): string {
  if (!dueAt) return 'no pending target';
  const wall = dueAt.getTime() - now.getTime();
  const left = msLeft ?? wall;
  const working = Math.abs(left - wall) >= 60_000 ? ' of working time' : '';
  return left >= 0
    ? `${formatDuration(left)}${working} left (due ${formatInstant(dueAt)})`
    : `OVERDUE by ${formatDuration(-left)}${working} (was due ${formatInstant(dueAt)})`;
}

function suggestions(view: SuggestionsView): string[] {
  const lines: string[] = [];
  if (view.noGoodMatch || view.articles.length === 0)
    lines.push('No good match in the knowledge base for that question.');
  else lines.push('These articles may answer it:');
  view.articles.forEach((article, i) => {
    const section =
      article.section && article.section !== article.title ? ` › ${article.section}` : '';
    lines.push(`  ${i + 1}. ${article.title}${section}  <${article.url}>`);
    if (article.snippet) lines.push(`     ${article.snippet}`);
  });
  // Nothing shown, nothing to mark solved (the core refuses it too).
  const buttons = view.articles.length > 0 ? ['/solved  (this solved it)'] : [];
  if (view.canOpenCase) buttons.push('/open  (open a case)');
  if (buttons.length > 0) lines.push(`  [${buttons.join(']  [')}]`);
  return lines;
}

function caseForm(view: CaseFormView): string[] {
  const p = view.prefill;
  return [
    'Open a case: the form below is prefilled from your question. Submit it with /submit, adding the fields to change as key=value (quote values with spaces), e.g. /submit severity=2 seriousness="…".',
    `  title="${p.title}"`,
    `  situation="${p.situation}"`,
    `  severity=${p.severity ?? ''}   options: ${view.severityOptions.map((o) => `${o.value}=${o.label}`).join(', ')}`,
    `  seriousness="${p.seriousness}"   (business impact: what happens if this is not fixed?)`,
    `  product=${p.product ?? ''}   options: ${view.productOptions.join(', ')}`,
    `  type=${p.type}   options: ${view.typeOptions.join(', ')}`,
    '  (/open key=value … fills and submits in one go)',
  ];
}

function formErrors(view: CaseFormErrors): string[] {
  return [
    'The case was not opened; please fix:',
    ...Object.entries(view.errors).map(([field, message]) => `  ${field}: ${message}`),
  ];
}

function confirmation(view: CaseConfirmationView): string[] {
  const by = view.dueLocalText ? ` — by ${view.dueLocalText}` : '';
  return [
    `Case ${view.caseReference} opened: "${view.title}" (${view.severityLabel}).`,
    `We will respond ${view.targetText}${by}.`,
    ...(view.canRequestCall ? [`    [/callback ${view.caseReference}  (request a call)]`] : []),
  ];
}

function alert(view: CaseAlertView, ctx: RenderContext): string[] {
  const banner = view.isTopSeverity ? '🚨 SEVERITY 1 🚨 ' : '';
  const state = view.state.replace('-', ' ').toUpperCase();
  const name = ctx.nameOf ?? ((id: string) => id);
  const pings = (view.mentions ?? []).map((m) => `@${name(m.id)}`).join(' ');
  const lines = [
    `${banner}[${state}] ${view.caseReference} · ${view.severityLabel} · ${view.tierLabel} · ${view.orgName}${pings ? ` ${pings}` : ''}`,
    `  ${view.title}`,
    ...situationLines(view.situation),
    `  impact: ${view.seriousness}`,
    `  product: ${view.product} · type: ${view.type} · target: ${view.targetText}`,
  ];
  const isDone = view.state === 'resolved' || view.state === 'closed';
  if (!isDone && view.dueAt) lines.push(`  SLA: ${countdown(view.dueAt, ctx.now, view.msLeft)}`);
  const missed = view.milestone;
  // A target met late stays said as such, with both instants (the target line says "met late").
  if (!view.dueAt && missed?.state === 'met-late' && missed.metAt)
    lines.push(
      `  SLA: ${missed.text}: due ${formatInstant(missed.dueAt)}, met ${formatInstant(missed.metAt)}`,
    );
  if (!isDone && missed?.state === 'paused') lines.push(`  SLA: ${pausedText(missed)}`);
  if (!isDone && view.nextUpdate) lines.push(`  ${nextUpdateText(view.nextUpdate, ctx.now)}`);
  if (view.assignee) lines.push(`  owner: ${view.assignee.displayName}`);
  else if (!isDone) {
    if (view.suggestedAssignee) lines.push(`  suggested: ${view.suggestedAssignee.displayName}`);
    lines.push(`  [/claim ${view.caseReference}]`);
  }
  return lines;
}

/** "resolution paused since 2026-03-02 10:00 UTC: 3 h left when the customer replies". */
function pausedText(milestone: MilestoneSummary): string {
  const since = milestone.pausedAt ? ` since ${formatInstant(milestone.pausedAt)}` : '';
  const ms = milestone.pausedMsLeft;
  const left =
    ms === null || ms === undefined
      ? ''
      : `: ${formatDuration(Math.max(0, ms))} left when the customer replies`;
  return `${milestone.text}${since}${left}`;
}

/** "next update to the customer: 59m left (due …)", paused or overdue alike. */
function nextUpdateText(update: MilestoneSummary, now: Date): string {
  if (update.state === 'paused')
    return `next update to the customer ${pausedText(update).replace(/^next update /, '')}`;
  return `next update to the customer: ${countdown(update.dueAt, now)}`;
}

/** A terminal alert shows this many lines of the situation (a pasted log can run to hundreds). */
const SITUATION_LINES = 12;

/** What the customer typed, under the title: continuation lines indented, a long paste cut short. */
function situationLines(situation: string | null): string[] {
  if (!situation) return [];
  const typed = situation.split(/\r?\n/);
  const shown = typed.slice(0, SITUATION_LINES);
  const lines = shown.map((line, i) => (i === 0 ? `  situation: ${line}` : `    ${line}`));
  const more = typed.length - shown.length;
  if (more > 0) lines.push(`    … (${more} more line${more === 1 ? '' : 's'})`);
  return lines;
}

function slaEvent(view: SlaEventView, ctx: RenderContext): string[] {
  const name = ctx.nameOf ?? ((id: string) => id);
  const mentions = view.mentions.map((m) => `@${name(m.id)}`).join(' ');
  const head = {
    breach: `⛔ SLA BREACHED: ${view.caseReference} (${view.severityLabel}) missed its target ${formatInstant(view.dueAt)}`,
    overrun: `⛔ SLA ESCALATED: ${view.caseReference} (${view.severityLabel}) still unanswered, ${countdown(view.dueAt, ctx.now, view.msLeft)}`,
    'update-due': `💬 UPDATE DUE: ${view.caseReference} (${view.severityLabel}) the customer was owed an update by ${formatInstant(view.dueAt)}`,
    warning: `⚠ SLA WARNING: ${view.caseReference} (${view.severityLabel}) at ${Math.round(view.threshold * 100)}% of its target, ${countdown(view.dueAt, ctx.now, view.msLeft)}`,
  }[view.event];
  return [`${head}${mentions ? ` ${mentions}` : ''}`, `  ${view.title}`];
}

function caseList(view: CaseListView, ctx: RenderContext): string[] {
  if (view.cases.length === 0) return [view.heading, '  (none)'];
  return [
    view.heading,
    ...view.cases.map((c) => {
      const owner = c.assigneeName ? ` · owner ${c.assigneeName}` : ' · unclaimed';
      const org = view.audience === 'engineer' ? ` · ${c.orgName}` : '';
      // Nothing owed: the last target's state ("first response met late"), else "no target".
      const sla = c.dueAt
        ? countdown(c.dueAt, ctx.now, c.msLeft)
        : c.milestone?.state === 'paused'
          ? pausedText(c.milestone)
          : c.milestone === undefined
            ? countdown(null, ctx.now)
            : (c.milestone?.text ?? 'no target');
      const update = c.nextUpdate ? ` · ${nextUpdateText(c.nextUpdate, ctx.now)}` : '';
      const call = c.callText ? ` · 📞 ${c.callText}` : '';
      return `  ${c.caseReference} · ${c.severityLabel} · ${c.status}${org}${owner} · ${sla}${update}${call} · ${c.title}`;
    }),
  ];
}

function notice(view: NoticeView, ctx: RenderContext): string[] {
  const mark = { info: 'ℹ', success: '✔', warning: '✖', error: '‼' }[view.tone];
  // Pings lead the line, as on Slack and Discord, so they never read as the end of a user's text.
  const name = ctx.nameOf ?? ((id: string) => id);
  const pings = (view.mentions ?? []).map((m) => `@${name(m.id)} `).join('');
  const lines = [`${mark} ${pings}${view.text}`];
  // The terminal has no buttons: the CSAT ask says what to type.
  if (view.rating?.ask === 'score')
    lines.push(`  rate it: /rate ${view.rating.caseReference} 1-5 [comment]`);
  if (view.callback) lines.push(...callbackLines(view.callback));
  if (view.attachment) lines.push(attachmentLine(view.attachment));
  return lines;
}

export function renderText(view: View, ctx: RenderContext): string {
  switch (view.kind) {
    case 'suggestions':
      return suggestions(view).join('\n');
    case 'case-form':
      return caseForm(view).join('\n');
    case 'case-form-errors':
      return formErrors(view).join('\n');
    case 'case-confirmation':
      return confirmation(view).join('\n');
    case 'case-alert':
      return alert(view, ctx).join('\n');
    case 'relay':
      return `${view.fromName} (${view.fromRole}) on ${view.caseReference}: ${view.text}`;
    case 'notice':
      return notice(view, ctx).join('\n');
    case 'sla-event':
      return slaEvent(view, ctx).join('\n');
    case 'case-list':
      return caseList(view, ctx).join('\n');
  }
}
