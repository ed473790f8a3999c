// Plain-text rendering of every neutral view, for the terminal. Deterministic (no colour codes
// unless asked), so scripted runs and tests can assert on exact lines.
import { languageOfView, t, DEFAULT_LANGUAGE } from '../../core/i18n/index.js';
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
import { caseStatusLabel, caseTypeLabel, selectKey } from '../labels.js';

export interface RenderContext {
  now: Date;
  /** Names for platform user ids in mentions (shell handles are already readable). */
  nameOf?: (userId: string) => string;
}

/** The shell's compact durations: "3h 20m", "1d 2h" ("3 h 20 min" in French: `shell.duration.*`). */
export function formatDuration(ms: number, language: string = DEFAULT_LANGUAGE): string {
  const negative = ms < 0;
  let minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  // Which units show, e.g. "dh" for days and hours: minutes when nothing else does.
  const units = `${days ? 'd' : ''}${hours ? 'h' : ''}${minutes || (!days && !hours) ? 'm' : ''}`;
  const text = t(language, `shell.duration.${units}`, {
    days: String(days),
    hours: String(hours),
    minutes: String(minutes),
  });
  return (negative ? '-' : '') + text;
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
export function countdown(
  dueAt: Date | null,
  now: Date,
  msLeft?: number | null,
  language: string = DEFAULT_LANGUAGE,
): string {
  if (!dueAt) return t(language, 'shell.countdown.none');
  const wall = dueAt.getTime() - now.getTime();
  const left = msLeft ?? wall;
  const working = Math.abs(left - wall) >= 60_000 ? 'Working' : '';
  const values = { duration: formatDuration(Math.abs(left), language), due: formatInstant(dueAt) };
  return t(language, `shell.countdown.${left >= 0 ? 'left' : 'overdue'}${working}`, values);
}

function suggestions(view: SuggestionsView): string[] {
  const language = languageOfView(view);
  const say = (key: string) => t(language, `shell.suggestions.${key}`);
  const lines: string[] = [];
  if (view.noGoodMatch || view.articles.length === 0) lines.push(say('noGoodMatch'));
  else lines.push(say('mayAnswer'));
  view.articles.forEach((article, i) => {
    const section =
      article.section && article.section !== article.title ? ` › ${article.section}` : '';
    lines.push(`  ${i + 1}. ${article.title}${section}  <${article.url}>`);
    if (article.snippet) lines.push(`     ${article.snippet}`);
  });
  // Nothing shown, nothing to mark solved (the core refuses it too).
  const buttons = view.articles.length > 0 ? [say('solved')] : [];
  if (view.canOpenCase) buttons.push(say('open'));
  if (buttons.length > 0) lines.push(`  [${buttons.join(']  [')}]`);
  return lines;
}

function caseForm(view: CaseFormView): string[] {
  const language = languageOfView(view);
  const say = (key: string) => t(language, `shell.form.${key}`);
  const options = (list: string[]) => t(language, 'shell.form.options', { list: list.join(', ') });
  const p = view.prefill;
  // The field names before `=` are what the user types: they stay as the commands spell them.
  return [
    say('intro'),
    `  title="${p.title}"`,
    `  situation="${p.situation}"`,
    `  severity=${p.severity ?? ''}   ${options(view.severityOptions.map((o) => `${o.value}=${o.label}`))}`,
    `  seriousness="${p.seriousness}"   ${say('seriousnessHint')}`,
    `  product=${p.product ?? ''}   ${options(view.productOptions)}`,
    `  type=${p.type}   ${options(view.typeOptions)}`,
    `  ${say('oneGo')}`,
  ];
}

function formErrors(view: CaseFormErrors): string[] {
  return [
    t(languageOfView(view), 'shell.form.errors'),
    ...Object.entries(view.errors).map(([field, message]) => `  ${field}: ${message}`),
  ];
}

function confirmation(view: CaseConfirmationView): string[] {
  const language = languageOfView(view);
  return [
    t(language, 'shell.confirmation.opened', {
      reference: view.caseReference,
      title: view.title,
      severity: view.severityLabel,
    }),
    view.dueLocalText
      ? t(language, 'shell.confirmation.respondBy', {
          target: view.targetText,
          local: view.dueLocalText,
        })
      : t(language, 'shell.confirmation.respond', { target: view.targetText }),
  ];
}

function alert(view: CaseAlertView, ctx: RenderContext): string[] {
  const language = languageOfView(view);
  const say = (key: string, values?: Record<string, string>) =>
    t(language, `shell.alert.${key}`, values);
  const banner = view.isTopSeverity ? `${say('topSeverity')} ` : '';
  const state = say('state', { state: selectKey(view.state) });
  const name = ctx.nameOf ?? ((id: string) => id);
  const pings = (view.mentions ?? []).map((m) => `@${name(m.id)}`).join(' ');
  const lines = [
    `${banner}[${state}] ${view.caseReference} · ${view.severityLabel} · ${view.tierLabel} · ${view.orgName}${pings ? ` ${pings}` : ''}`,
    `  ${view.title}`,
    ...situationLines(view.situation, language),
    `  ${say('impact', { text: view.seriousness })}`,
    `  ${say('details', { product: view.product, type: caseTypeLabel(language, view.type), target: view.targetText })}`,
  ];
  const isDone = view.state === 'resolved' || view.state === 'closed';
  if (!isDone && view.dueAt)
    lines.push(`  ${say('sla', { text: countdown(view.dueAt, ctx.now, view.msLeft, language) })}`);
  const missed = view.milestone;
  // A target met late stays said as such, with both instants (the target line says "met late").
  if (!view.dueAt && missed?.state === 'met-late' && missed.metAt)
    lines.push(
      `  ${say('metLate', { text: missed.text, due: formatInstant(missed.dueAt), met: formatInstant(missed.metAt) })}`,
    );
  if (!isDone && missed?.state === 'paused')
    lines.push(`  ${say('sla', { text: pausedText(missed, language) })}`);
  if (!isDone && view.nextUpdate)
    lines.push(`  ${nextUpdateText(view.nextUpdate, ctx.now, language)}`);
  if (view.assignee) lines.push(`  ${say('owner', { name: view.assignee.displayName })}`);
  else if (!isDone) {
    if (view.suggestedAssignee)
      lines.push(`  ${say('suggested', { name: view.suggestedAssignee.displayName })}`);
    lines.push(`  [/claim ${view.caseReference}]`);
  }
  return lines;
}

/** "resolution paused since 2026-03-02 10:00 UTC: 3 h left when the customer replies". */
function pausedText(milestone: MilestoneSummary, language: string): string {
  const since = milestone.pausedAt
    ? t(language, 'shell.alert.pausedSince', {
        text: milestone.text,
        since: formatInstant(milestone.pausedAt),
      })
    : milestone.text;
  const ms = milestone.pausedMsLeft;
  return ms === null || ms === undefined
    ? since
    : t(language, 'shell.alert.pausedLeft', {
        text: since,
        left: formatDuration(Math.max(0, ms), language),
      });
}

/** "next update to the customer: 59m left (due …)", paused or overdue alike. */
function nextUpdateText(update: MilestoneSummary, now: Date, language: string): string {
  if (update.state === 'paused') {
    // The milestone's own name ("next update") is said once: "… to the customer paused since …".
    const paused = pausedText(update, language);
    const rest = paused.startsWith(`${update.name} `)
      ? paused.slice(update.name.length + 1)
      : paused;
    return t(language, 'shell.alert.nextUpdatePaused', { rest });
  }
  return t(language, 'shell.alert.nextUpdate', {
    countdown: countdown(update.dueAt, now, null, language),
  });
}

/** A terminal alert shows this many lines of the situation (a pasted log can run to hundreds). */
const SITUATION_LINES = 12;

/** What the customer typed, under the title: continuation lines indented, a long paste cut short. */
function situationLines(situation: string | null, language: string): string[] {
  if (!situation) return [];
  const typed = situation.split(/\r?\n/);
  const shown = typed.slice(0, SITUATION_LINES);
  const lines = shown.map((line, i) =>
    i === 0 ? `  ${t(language, 'shell.alert.situation', { line })}` : `    ${line}`,
  );
  const more = typed.length - shown.length;
  if (more > 0) lines.push(`    ${t(language, 'shell.alert.moreLines', { count: more })}`);
  return lines;
}

function slaEvent(view: SlaEventView, ctx: RenderContext): string[] {
  const language = languageOfView(view);
  const name = ctx.nameOf ?? ((id: string) => id);
  const mentions = view.mentions.map((m) => `@${name(m.id)}`).join(' ');
  const head = t(language, `shell.sla.${selectKey(view.event)}`, {
    reference: view.caseReference,
    severity: view.severityLabel,
    due: formatInstant(view.dueAt),
    countdown: countdown(view.dueAt, ctx.now, view.msLeft, language),
    percent: String(Math.round(view.threshold * 100)),
  });
  return [`${head}${mentions ? ` ${mentions}` : ''}`, `  ${view.title}`];
}

function caseList(view: CaseListView, ctx: RenderContext): string[] {
  const language = languageOfView(view);
  const say = (key: string, values?: Record<string, string>) =>
    t(language, `shell.list.${key}`, values);
  if (view.cases.length === 0) return [view.heading, `  ${say('none')}`];
  return [
    view.heading,
    ...view.cases.map((c) => {
      const owner = ` · ${c.assigneeName ? say('owner', { name: c.assigneeName }) : say('unclaimed')}`;
      const org = view.audience === 'engineer' ? ` · ${c.orgName}` : '';
      // Nothing owed: the last target's state ("first response met late"), else "no target".
      const sla = c.dueAt
        ? countdown(c.dueAt, ctx.now, c.msLeft, language)
        : c.milestone?.state === 'paused'
          ? pausedText(c.milestone, language)
          : c.milestone === undefined
            ? countdown(null, ctx.now, null, language)
            : (c.milestone?.text ?? say('noTarget'));
      const update = c.nextUpdate ? ` · ${nextUpdateText(c.nextUpdate, ctx.now, language)}` : '';
      const status = caseStatusLabel(language, c.status);
      return `  ${c.caseReference} · ${c.severityLabel} · ${status}${org}${owner} · ${sla}${update} · ${c.title}`;
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
    lines.push(
      `  ${t(languageOfView(view), 'shell.notice.rate', { reference: view.rating.caseReference })}`,
    );
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
      return t(languageOfView(view), 'shell.relay', {
        name: view.fromName,
        role: view.fromRole,
        reference: view.caseReference,
        text: view.text,
      });
    case 'notice':
      return notice(view, ctx).join('\n');
    case 'sla-event':
      return slaEvent(view, ctx).join('\n');
    case 'case-list':
      return caseList(view, ctx).join('\n');
  }
}
