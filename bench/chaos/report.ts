// The printed figures: per scenario what was done to the system (load, redeliveries, faults,
// kills) and what came of it (lost, duplicated, with the list), then the totals.
import type { ScenarioResult } from './scenario.js';
import { countOf, KILL_WINDOW_MS, type Finding } from './tally.js';

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function list(title: string, findings: Finding[], out: string[], always = true): void {
  const total = countOf(findings);
  if (!always && total === 0) return;
  out.push(`${title} ${total}`);
  for (const f of findings)
    out.push(`  - ${f.count > 1 ? `${f.count}× ` : ''}${f.what}: ${f.detail}`);
}

export function formatScenario(result: ScenarioResult): string {
  const { config, tally, requests, faults } = result;
  const out: string[] = [];
  out.push(`== ${config.title} ==`);
  const levels = config.thresholds.map((t) => `${Math.round(t * 100)}%`).join(', ');
  out.push(
    `load: ${tally.cases.forms} case forms (${tally.cases.accepted} accepted), ` +
      `${config.cases + config.questionsOnly} questions; SLA target ${config.targetSeconds} s ` +
      `(warnings at ${levels}, then the breach)`,
  );
  out.push(`kills: ${result.kills.length}`);
  for (const kill of result.kills) {
    const next = result.lives.find(
      (life) => life.replica === kill.replica && life.incarnation === kill.incarnation + 1,
    );
    const back = next?.readyAt ? `, back at ${s(next.readyAt)}` : '';
    out.push(
      `  - ${s(kill.at)} ${kill.replica}#${kill.incarnation} ${kill.point}: ${kill.detail}${back}`,
    );
  }
  const exits = result.lives.filter((life) => life.end === 'exited');
  for (const life of exits)
    out.push(
      `  ! ${life.replica}#${life.incarnation} exited by itself (code ${life.exitCode}); see ${life.log}`,
    );
  const r = requests.requests;
  const sent = r.event + r.block_actions + r.view_submission;
  const o = requests.outcomes;
  const discord = config.platform === 'discord';
  out.push(
    (discord
      ? `gateway dispatches: ${sent} (messages ${r.event}, button presses ${r.block_actions}, modal submissions ${r.view_submission}); ` +
        `replayed ${requests.redeliveredAcked} (an acked dispatch again, same ids, as after a resume); `
      : `requests: ${sent} sent (events ${r.event}, block actions ${r.block_actions}, form submissions ${r.view_submission}); ` +
        `redeliveries ${requests.redeliveredAcked + requests.redeliveredUnacked} ` +
        `(${requests.redeliveredAcked} of acked events to the other replica, ${requests.redeliveredUnacked} of unacked ones); `) +
      `outcomes: ${o.acked} acked, ${o.cut} cut by a kill, ${o.refused} refused, ${o.timeout} timed out, ${o.rejected} rejected`,
  );
  const statuses = Object.entries(faults.byStatus)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
  out.push(
    `${discord ? 'Discord' : 'Slack'} faults: ${faults.failed} of ${faults.calls} ${discord ? 'REST' : 'Web API'} calls failed (${statuses || 'none'}); ` +
      `${Math.round(config.faults.rate * 100)} % of calls from ${s(config.faults.fromMs)} to ${s(config.faults.untilMs)} after the load began` +
      (config.faults.storm
        ? `, every call from ${s(config.faults.storm.fromMs)} to ${s(config.faults.storm.untilMs)}`
        : ''),
  );
  out.push(
    `messages: ${tally.expected} owed by the script's actions; ${tally.received} received in answer to them`,
  );
  list('lost', tally.lost, out);
  list('duplicated', tally.duplicated, out);
  // Always printed: a post is looked up in Slack before it is sent again, so this should be 0.
  list(
    `re-sent after a kill (a second copy from the process that took over, its sender having died within ${KILL_WINDOW_MS / 1000} s of Slack accepting the first; not counted above)`,
    tally.resentAfterKill,
    out,
  );
  list('unexpected', tally.unexpected, out, false);
  list(
    'misplaced (a thread or update naming a message Slack never returned)',
    tally.misplaced,
    out,
    false,
  );
  const extras = [
    tally.errorNotices > 0 ? `${tally.errorNotices} "Something went wrong" notices` : null,
    tally.formReminders > 0 ? `${tally.formReminders} "this form already opened" reminders` : null,
    tally.unclassified > 0 ? `${tally.unclassified} unclassified messages` : null,
  ].filter((x): x is string => x !== null);
  if (extras.length > 0) out.push(`also: ${extras.join('; ')}`);
  for (const sample of tally.unclassifiedSamples) out.push(`  unclassified: ${sample}`);
  for (const note of tally.notes) out.push(`note: ${note}`);
  out.push(`time: ${s(result.durationMs)} · logs: ${result.logDir}`);
  return out.join('\n');
}

export interface Totals {
  lost: number;
  duplicated: number;
  resentAfterKill: number;
  unexpected: number;
  misplaced: number;
  cases: number;
  kills: number;
}

export function totals(results: ScenarioResult[]): Totals {
  return {
    lost: results.reduce((n, r) => n + countOf(r.tally.lost), 0),
    duplicated: results.reduce((n, r) => n + countOf(r.tally.duplicated), 0),
    resentAfterKill: results.reduce((n, r) => n + countOf(r.tally.resentAfterKill), 0),
    unexpected: results.reduce((n, r) => n + countOf(r.tally.unexpected), 0),
    misplaced: results.reduce((n, r) => n + countOf(r.tally.misplaced), 0),
    cases: results.reduce((n, r) => n + r.tally.cases.accepted, 0),
    kills: results.reduce((n, r) => n + r.kills.length, 0),
  };
}

export function formatTotals(t: Totals, durationMs: number): string {
  const extra = [
    t.unexpected > 0 ? `unexpected ${t.unexpected}` : null,
    t.misplaced > 0 ? `misplaced ${t.misplaced}` : null,
  ].filter((x): x is string => x !== null);
  return (
    `TOTAL lost ${t.lost} · duplicated ${t.duplicated} · re-sent after a kill ${t.resentAfterKill}${extra.length > 0 ? ` · ${extra.join(' · ')}` : ''}` +
    ` · over ${t.cases} cases and ${t.kills} kills · run time ${s(durationMs)}`
  );
}
