// The team alert. Severity is carried twice, by emoji and by the attachment colour, so a severity 1
// alert is unmistakable even in a busy channel or a notification preview.
import type { AlertState, CaseAlertView } from '../../core/views.js';
import {
  actions,
  button,
  context,
  header,
  section,
  type Block,
  type SlackMessage,
} from './blocks.js';
import { formatDuration } from '../../core/sla/index.js';
import { escapeText, mention, slackDate } from './escape.js';
import { ACTION_IDS } from './ids.js';

const TOP = { emoji: ':rotating_light:', color: '#E01E5A' };
const BY_SEVERITY: Record<number, { emoji: string; color: string }> = {
  2: { emoji: ':large_orange_circle:', color: '#F2952F' },
  3: { emoji: ':large_yellow_circle:', color: '#ECB22E' },
  4: { emoji: ':large_blue_circle:', color: '#36C5F0' },
};
const LOW = { emoji: ':white_circle:', color: '#9E9EA6' };
const DONE_COLOR = '#2EB67D';

export function severityStyle(view: Pick<CaseAlertView, 'isTopSeverity' | 'severity'>): {
  emoji: string;
  color: string;
} {
  if (view.isTopSeverity) return TOP;
  return BY_SEVERITY[view.severity] ?? LOW;
}

const STATE_TEXT: Record<AlertState, string> = {
  new: ':new: Waiting for an engineer',
  claimed: ':raising_hand: Claimed',
  warned: ':warning: Response target approaching',
  breached: ':fire: Response target breached',
  'met-late': ':hourglass: Response target met late',
  paused: ':double_vertical_bar: Waiting on the customer (SLA paused)',
  resolved: ':white_check_mark: Resolved',
  closed: ':lock: Closed',
};

function who(person: CaseAlertView['assignee']): string {
  if (!person) return '';
  // The assignee is shown as a name, not a ping: updates must not notify again.
  return `*${escapeText(person.displayName)}*`;
}

/** The follow-up cadence, after the target: " · Next update to the customer due in 1 hour". */
function nextUpdate(view: CaseAlertView): string {
  const update = view.nextUpdate;
  if (!update || view.state === 'resolved' || view.state === 'closed') return '';
  if (update.state === 'paused') return ' · Next update to the customer: paused';
  const verb = update.state === 'breached' ? 'was due' : 'due';
  return ` · Next update to the customer ${verb} ${slackDate(update.dueAt, '{ago}')}`;
}

function countdown(view: CaseAlertView): string {
  return targetLine(view) + nextUpdate(view);
}

function targetLine(view: CaseAlertView): string {
  const milestone = view.milestone;
  if (!view.dueAt && milestone?.state === 'met-late' && milestone.metAt) {
    // Said as met late, with both instants: never as a plain "met".
    return `Target: ${escapeText(milestone.text)} (due ${slackDate(milestone.dueAt, '{date_short_pretty} {time}')}, met ${slackDate(milestone.metAt, '{date_short_pretty} {time}')})`;
  }
  if (milestone?.state === 'paused' && milestone.pausedAt) {
    const left =
      milestone.pausedMsLeft === null || milestone.pausedMsLeft === undefined
        ? ''
        : `: ${formatDuration(Math.max(0, milestone.pausedMsLeft))} left when the customer replies`;
    return `SLA paused since ${slackDate(milestone.pausedAt, '{date_short_pretty} {time}')} (${escapeText(milestone.name)})${left}`;
  }
  if (!view.dueAt) return `Target: ${escapeText(view.targetText)}`;
  const when = slackDate(view.dueAt, '{ago}');
  return view.state === 'breached'
    ? `Target was ${escapeText(view.targetText)}: due ${when}`
    : `Respond ${escapeText(view.targetText)}: due ${when}`;
}

function claimButtons(view: CaseAlertView): Block | null {
  if (view.state === 'resolved' || view.state === 'closed') return null;
  // *Waiting on customer* while the case is not waiting already (claimed or not: anyone of the team).
  const wait =
    view.state === 'paused' ? [] : [button(ACTION_IDS.pending, 'Waiting on customer', view.caseId)];
  // *Why this time?* whenever there is a target to explain.
  const why =
    view.dueAt || view.milestone ? [button(ACTION_IDS.why, 'Why this time?', view.caseId)] : [];
  const buttons = view.assignee
    ? [
        button(ACTION_IDS.unclaim, 'Unclaim', view.caseId),
        button(ACTION_IDS.resolve, 'Resolve', view.caseId),
        ...wait,
        ...why,
      ]
    : [button(ACTION_IDS.claim, 'Claim', view.caseId, 'primary'), ...wait, ...why];
  return actions('casebot_alert', buttons);
}

/** A section's text holds 3,000 characters; the label and the "more" note need the rest. */
const SITUATION_MAX = 2_800;

/** The customer's situation, escaped, cut at a whole character so that no entity is split. */
function situationText(situation: string): string {
  let end = situation.length;
  let escaped = escapeText(situation);
  while (escaped.length > SITUATION_MAX) {
    end = Math.floor((end * SITUATION_MAX) / escaped.length) - 1;
    escaped = escapeText(situation.slice(0, end));
  }
  const more = situation.length - end;
  return more > 0 ? `${escaped}… _(${more} more characters on the case)_` : escaped;
}

export function renderCaseAlert(view: CaseAlertView): SlackMessage {
  const style = severityStyle(view);
  const ref = escapeText(view.caseReference);
  const title = `${view.isTopSeverity ? '🚨 SEVERITY 1 · ' : ''}${view.caseReference} · ${view.severityLabel}`;
  const fields = [
    `*${escapeText(view.title)}*`,
    `*Org:* ${escapeText(view.orgName)} · *Tier:* ${escapeText(view.tierLabel)} · *Product:* ${escapeText(view.product)} · *Type:* ${escapeText(view.type)}`,
    `*Impact:* ${escapeText(view.seriousness)}`,
  ];
  const status = view.assignee
    ? `${STATE_TEXT[view.state]} · owner ${who(view.assignee)}`
    : STATE_TEXT[view.state];
  const suggestion =
    !view.assignee && view.suggestedAssignee ? `Suggested: ${who(view.suggestedAssignee)}` : null;
  const inner: Block[] = [header(title)];
  inner.push(section(fields.join('\n')));
  if (view.situation) inner.push(section(`*Situation:*\n${situationText(view.situation)}`));
  inner.push(
    context(
      ...[status, countdown(view), suggestion].filter((part): part is string => part !== null),
    ),
  );
  const buttons = claimButtons(view);
  if (buttons) inner.push(buttons);
  const color = view.state === 'resolved' || view.state === 'closed' ? DONE_COLOR : style.color;
  // Only the first post carries mentions (the on-call role for severity 1): updates never re-ping.
  const pings = (view.mentions ?? [])
    .map((m) => mention(m.kind, m.id))
    .filter((m): m is string => m !== null);
  const prefix = pings.length > 0 ? `${pings.join(' ')} ` : '';
  const summary = `${style.emoji} ${ref} ${escapeText(view.severityLabel)} · ${escapeText(view.orgName)}: ${escapeText(view.title)}`;
  const text = `${prefix}${summary}`;
  return {
    text,
    blocks: [
      section(
        `${prefix}${style.emoji} *${ref}* · ${escapeText(view.severityLabel)} · ${escapeText(view.tierLabel)}`,
      ),
    ],
    attachments: [{ color, blocks: inner, fallback: summary }],
  };
}
