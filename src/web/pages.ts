// The HTML pages, written with Hono's html`` tagged template: every interpolated value is escaped
// (text and attributes alike) unless it is itself an html`` fragment or the sanitised output of
// the KB renderer (raw, from kb-pages.ts). The page carries no inline script or style (the server
// sends a Content-Security-Policy forbidding them); the charts' numbers travel as JSON in a
// non-executable <script type="application/json">.
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Article } from '../core/kb/index.js';
import type { Report } from '../reports/report-types.js';
import type { Choice, DashboardData, DashboardFilters } from './dashboard-data.js';

type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageChrome {
  /** The staff token, when the reader came through a signed link (carried on internal links). */
  token: string | null;
}

function withToken(path: string, token: string | null): string {
  if (!token) return path;
  const [base = path, hash] = path.split('#', 2);
  const joined = `${base}${base.includes('?') ? '&' : '?'}t=${encodeURIComponent(token)}`;
  return hash === undefined ? joined : `${joined}#${hash}`;
}

function layout(
  title: string,
  chrome: PageChrome,
  body: Fragment,
  scripts: string[] = [],
): Fragment {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · casebot</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/casebot.css" />
        ${scripts.map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <header class="top">
          <a class="brand" href="${withToken('/kb', chrome.token)}">casebot</a>
          <nav>
            <a href="${withToken('/kb', chrome.token)}">Knowledge base</a>
            ${chrome.token ? html`<a href="${withToken('/dashboard', chrome.token)}">Dashboard</a>` : ''}
          </nav>
        </header>
        <main>${body}</main>
      </body>
    </html>`;
}

export function errorPage(status: number, message: string, chrome: PageChrome): Fragment {
  const title = status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Cannot show this';
  return layout(
    title,
    chrome,
    html`<section class="notice error" role="alert">
      <h1>${title}</h1>
      <p>${message}</p>
    </section>`,
  );
}

// ---- Knowledge base -------------------------------------------------------------------------

export function kbIndexPage(
  articles: { article: Article; href: string }[],
  chrome: PageChrome,
): Fragment {
  const groups = new Map<string, { article: Article; href: string }[]>();
  for (const entry of articles) {
    const folder = entry.article.path.includes('/')
      ? entry.article.path.slice(0, entry.article.path.lastIndexOf('/'))
      : '';
    groups.set(folder, [...(groups.get(folder) ?? []), entry]);
  }
  return layout(
    'Knowledge base',
    chrome,
    html`<h1>Knowledge base</h1>
      ${articles.length === 0 ? html`<p>No articles yet.</p>` : ''}
      ${[...groups.entries()].map(
        ([folder, entries]) =>
          html`<section class="kb-group">
            ${folder ? html`<h2>${folder}</h2>` : ''}
            <ul class="kb-list">
              ${entries.map(
                ({ article, href }) =>
                  html`<li lang="${article.lang}">
                    <a href="${href}">${article.title}</a>
                    ${article.audience === 'internal' ? html`<span class="badge">internal</span>` : ''}
                    ${article.description ? html`<p>${article.description}</p>` : ''}
                  </li>`,
              )}
            </ul>
          </section>`,
      )}`,
  );
}

export function articlePage(article: Article, bodyHtml: string, chrome: PageChrome): Fragment {
  return layout(
    article.title,
    chrome,
    html`<article class="kb-article" lang="${article.lang}">
      ${
        article.audience === 'internal'
          ? html`<p class="notice internal">
              Internal article: for staff only. Do not share this link.
            </p>`
          : ''
      }
      <p class="meta">
        ${article.product ? html`<span>${article.product}</span>` : ''}
        ${article.updated ? html`<span>updated ${article.updated}</span>` : ''}
        ${article.tags.map((tag) => html`<span class="tag">${tag}</span>`)}
      </p>
      ${raw(bodyHtml)}
    </article>`,
  );
}

// ---- Dashboard ------------------------------------------------------------------------------

/** JSON safe inside <script type="application/json"> (no "</script>", no line separators). */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function pct(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(1)} %`;
}

function minutesText(value: number | null): string {
  if (value === null) return 'n/a';
  if (value < 60) return `${value} min`;
  if (value < 48 * 60) return `${(value / 60).toFixed(1)} h`;
  return `${(value / 1440).toFixed(1)} days`;
}

function periodText(report: Report): string {
  const { period } = report;
  const day = (iso: string | null, fallback: string) =>
    iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : fallback;
  return `${day(period.from, 'the beginning')} to ${day(period.to, 'now')} (end excluded) · ${period.org ?? 'all orgs'} · ${period.team ?? 'all teams'}`;
}

function filterForm(
  choices: { orgs: Choice[]; teams: Choice[] },
  filters: DashboardFilters,
  token: string,
): Fragment {
  const options = (list: Choice[], chosen: string | null) =>
    list.map(
      (choice) =>
        html`<option
          value="${choice.slug}"
          ${chosen?.toLowerCase() === choice.slug.toLowerCase() ? 'selected' : ''}
        >
          ${choice.name} (${choice.slug})
        </option>`,
    );
  return html`<form class="filters" method="get" action="/dashboard">
    <input type="hidden" name="t" value="${token}" />
    <label
      >Org
      <select name="org">
        <option value="">all orgs</option>
        ${options(choices.orgs, filters.org)}
      </select></label
    >
    <label
      >Team
      <select name="team">
        <option value="">all teams</option>
        ${options(choices.teams, filters.team)}
      </select></label
    >
    <label>From <input type="date" name="from" value="${filters.from ?? ''}" /></label>
    <label>To (included) <input type="date" name="to" value="${filters.to ?? ''}" /></label>
    <button type="submit">Apply</button>
  </form>`;
}

function tile(label: string, value: string, note: string): Fragment {
  return html`<div class="tile">
    <span class="label">${label}</span><strong>${value}</strong><span class="note">${note}</span>
  </div>`;
}

function chart(id: string, title: string, note: string, wide = false): Fragment {
  return html`<section class="card${wide ? ' wide' : ''}">
    <h2>${title}</h2>
    <p class="note">${note}</p>
    <div class="chart"><canvas id="${id}" role="img" aria-label="${title}"></canvas></div>
  </section>`;
}

function figures(data: DashboardData): Fragment {
  const { report } = data;
  const d = report.deflection;
  const gaps = report.knowledgeGaps;
  return html`${
      report.empty
        ? html`<p class="notice">
            Nothing happened in this period: no questions, no cases opened, no case activity.
          </p>`
        : ''
    }
    <section class="tiles">
      ${tile('Deflection rate', d.available ? pct(d.deflectionRatePercent) : 'n/a', d.available ? `${d.deflected} of ${d.decided} decided questions` : (d.note ?? ''))}
      ${tile('Cases opened', String(report.casesOpened), `${report.backlog.total} open at the period's end`)}
      ${tile('First response (median)', minutesText(report.timeToFirstResponse.wallClock.medianMinutes), `p90 ${minutesText(report.timeToFirstResponse.wallClock.p90Minutes)} · ${report.timeToFirstResponse.count} case(s)`)}
      ${tile('Resolution (median)', minutesText(report.timeToResolution.wallClock.medianMinutes), `business time ${minutesText(report.timeToResolution.business.medianMinutes)}`)}
      ${tile('Reopen rate', pct(report.reopen.reopenRatePercent), `${report.reopen.reopened} of ${report.reopen.resolutions} resolutions`)}
      ${tile('CSAT', report.csat.average === null ? 'n/a' : `${report.csat.average.toFixed(1)} / 5`, `${report.csat.ratings} rating(s) of ${report.csat.asked} resolution(s) asked (${pct(report.csat.responseRatePercent)})`)}
    </section>
    <div class="grid">
      ${chart('funnel', 'Deflection funnel', d.available ? `Customers' questions (${d.staffQuestionsExcluded} staff question(s) left out). "Article opened" counts visits through these KB pages only (not with KB_BASE_URL).` : (d.note ?? ''))}
      ${chart('sla-trend', 'SLA attainment over time, by severity', `Met on time ÷ (met + met late + breached), by the day or week each case was opened.`)}
      ${chart('first-response', 'Time to first response', `Cases opened in the period, by wall-clock wait for the first engineer reply.`)}
      ${chart('csat-trend', 'CSAT trend', `Average rating (1–5, line) and ratings given (bars) by the day or week of the resolution rated; every resolution asks its requester once.`)}
      ${chart('backlog', 'Backlog by age', `${report.backlog.total} open case(s) at ${report.backlog.asOf.slice(0, 16).replace('T', ' ')} UTC, ${report.backlog.unassigned} unassigned.`)}
      ${chart('gaps', 'Top knowledge gaps', gaps.available ? `${gaps.questions} question(s) with no good match or escalated despite suggestions, grouped by topic.` : (gaps.note ?? ''), true)}
    </div>
    <section class="card wide">
      <h2>SLA attainment per tier × severity × milestone</h2>
      ${
        report.sla.rows.length === 0
          ? html`<p>No milestones in this period.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>Tier</th>
                  <th>Severity</th>
                  <th>Milestone</th>
                  <th>Met</th>
                  <th>Met late</th>
                  <th>Breached</th>
                  <th>Running</th>
                  <th>Stopped</th>
                  <th>Attained</th>
                </tr>
              </thead>
              <tbody>
                ${report.sla.rows.map(
                  (row) =>
                    html`<tr>
                      <td>${row.tier}</td>
                      <td>${row.severity}</td>
                      <td>${row.milestone}</td>
                      <td>${row.met}</td>
                      <td>${row.metLate}</td>
                      <td>${row.breached}</td>
                      <td>${row.running}</td>
                      <td>${row.stopped}</td>
                      <td>${pct(row.attainmentPercent)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
    <section class="card wide">
      <h2>Knowledge gaps: examples</h2>
      ${
        gaps.groups.length === 0
          ? html`<p>No gaps in this period.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>Topic</th>
                  <th>Questions</th>
                  <th>No good match</th>
                  <th>Escalated despite suggestions</th>
                  <th>Examples</th>
                </tr>
              </thead>
              <tbody>
                ${gaps.groups.slice(0, 10).map(
                  (gap) =>
                    html`<tr>
                      <td>${gap.topic}</td>
                      <td>${gap.count}</td>
                      <td>${gap.noGoodMatch}</td>
                      <td>${gap.escalatedDespiteSuggestions}</td>
                      <td>${gap.examples.map((example) => html`<q>${example}</q> `)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>
    <script type="application/json" id="dashboard-data">
      ${raw(jsonForScript(data))}
    </script>`;
}

export function dashboardPage(input: {
  token: string;
  filters: DashboardFilters;
  choices: { orgs: Choice[]; teams: Choice[] };
  data: DashboardData | null;
  /** A filter refused (unknown org, --from after --to): said at the top, no figures. */
  problem: string | null;
}): Fragment {
  const { data } = input;
  return layout(
    'Support dashboard',
    { token: input.token },
    html`<h1>Support dashboard</h1>
      ${filterForm(input.choices, input.filters, input.token)}
      ${input.problem ? html`<p class="notice error" role="alert">${input.problem}</p>` : ''}
      ${
        data
          ? html`<p class="period">${periodText(data.report)}</p>
              ${figures(data)}`
          : ''
      }`,
    ['/assets/chart.umd.min.js', '/assets/dashboard.js'],
  );
}
