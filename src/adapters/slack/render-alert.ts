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
import { formatDuration, languageOfView, t } from '../../core/i18n/index.js';
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

/** The catalogue key of each state's line (`slack.alert.state.*`). */
const STATE_KEY: Record<AlertState, string> = {
  new: 'new',
  claimed: 'claimed',
  warned: 'warned',
  breached: 'breached',
  'met-late': 'metLate',
  paused: 'paused',
  resolved: 'resolved',
  closed: 'closed',
};

const stateText = (state: AlertState, language: string) =>
  t(language, `slack.alert.state.${STATE_KEY[state]}`);

function who(person: CaseAlertView['assignee']): string {
  if (!person) return '';
  // The assignee is shown as a name, not a ping: updates must not notify again.
  return `*${escapeText(person.displayName)}*`;
}

/** The follow-up cadence, after the target: " · Next update to the customer due in 1 hour". */
function nextUpdate(view: CaseAlertView, language: string): string {
  const update = view.nextUpdate;
  if (!update || view.state === 'resolved' || view.state === 'closed') return '';
  if (update.state === 'paused') return ` · ${t(language, 'slack.alert.nextUpdatePaused')}`;
  return ` · ${t(language, 'slack.alert.nextUpdate', {
    overdue: update.state === 'breached' ? 'yes' : 'no',
    when: slackDate(update.dueAt, '{ago}'),
  })}`;
}

function countdown(view: CaseAlertView, language: string): string {
  return targetLine(view, language) + nextUpdate(view, language);
}

const DAY_TIME = '{date_short_pretty} {time}';

function targetLine(view: CaseAlertView, language: string): string {
  const milestone = view.milestone;
  if (!view.dueAt && milestone?.state === 'met-late' && milestone.metAt) {
    // Said as met late, with both instants: never as a plain "met".
    return t(language, 'slack.alert.targetMetLate', {
      milestone: escapeText(milestone.text),
      due: slackDate(milestone.dueAt, DAY_TIME),
      met: slackDate(milestone.metAt, DAY_TIME),
    });
  }
  if (milestone?.state === 'paused' && milestone.pausedAt) {
    const values = {
      since: slackDate(milestone.pausedAt, DAY_TIME),
      milestone: escapeText(milestone.name),
    };
    return milestone.pausedMsLeft === null || milestone.pausedMsLeft === undefined
      ? t(language, 'slack.alert.pausedSince', values)
      : t(language, 'slack.alert.pausedSinceLeft', {
          ...values,
          left: formatDuration(Math.max(0, milestone.pausedMsLeft), language),
        });
  }
  const target = escapeText(view.targetText);
  if (!view.dueAt) return t(language, 'slack.alert.target', { target });
  const when = slackDate(view.dueAt, '{ago}');
  return t(
    language,
    view.state === 'breached' ? 'slack.alert.targetBreached' : 'slack.alert.respond',
    {
      target,
      when,
    },
  );
}

function claimButtons(view: CaseAlertView, language: string): Block | null {
  if (view.state === 'resolved' || view.state === 'closed') return null;
  const label = (name: string) => t(language, `labels.${name}`);
  // *Waiting on customer* while the case is not waiting already (claimed or not: anyone of the team).
  const wait =
    view.state === 'paused'
      ? []
      : [button(ACTION_IDS.pending, label('waitingOnCustomer'), view.caseId)];
  // *Why this time?* whenever there is a target to explain.
  const why =
    view.dueAt || view.milestone ? [button(ACTION_IDS.why, label('whyThisTime'), view.caseId)] : [];
  const buttons = view.assignee
    ? [
        button(ACTION_IDS.unclaim, label('unclaim'), view.caseId),
        button(ACTION_IDS.resolve, label('resolve'), view.caseId),
        ...wait,
        ...why,
      ]
    : [button(ACTION_IDS.claim, label('claim'), view.caseId, 'primary'), ...wait, ...why];
  return actions('casebot_alert', buttons);
}

/** A section's text holds 3,000 characters; the label and the "more" note need the rest. */
const SITUATION_MAX = 2_800;

/** The customer's situation, escaped, cut at a whole character so that no entity is split. */
function situationText(situation: string, language: string): string {
  let end = situation.length;
  let escaped = escapeText(situation);
  while (escaped.length > SITUATION_MAX) {
    end = Math.floor((end * SITUATION_MAX) / escaped.length) - 1;
    escaped = escapeText(situation.slice(0, end));
  }
  const more = situation.length - end;
  return more > 0
    ? t(language, 'slack.alert.situationCut', { situation: escaped, more: String(more) })
    : escaped;
}

export function renderCaseAlert(view: CaseAlertView): SlackMessage {
  const language = languageOfView(view);
  const style = severityStyle(view);
  const ref = escapeText(view.caseReference);
  // A header is plain text: the reference and the label go in raw, as before.
  const title = view.isTopSeverity
    ? t(language, 'slack.alert.topSeverityHeader', {
        reference: view.caseReference,
        severity: view.severityLabel,
      })
    : `${view.caseReference} · ${view.severityLabel}`;
  const fields = [
    `*${escapeText(view.title)}*`,
    t(language, 'slack.alert.fields', {
      org: escapeText(view.orgName),
      tier: escapeText(view.tierLabel),
      product: escapeText(view.product),
      type: escapeText(t(language, 'labels.caseType', { type: view.type })),
    }),
    t(language, 'slack.alert.impact', { impact: escapeText(view.seriousness) }),
  ];
  const state = stateText(view.state, language);
  const status = view.assignee
    ? t(language, 'slack.alert.stateWithOwner', { state, owner: who(view.assignee) })
    : state;
  const suggestion =
    !view.assignee && view.suggestedAssignee
      ? t(language, 'slack.alert.suggested', { name: who(view.suggestedAssignee) })
      : null;
  const inner: Block[] = [header(title)];
  inner.push(section(fields.join('\n')));
  if (view.situation)
    inner.push(
      section(
        t(language, 'slack.alert.situation', {
          situation: situationText(view.situation, language),
        }),
      ),
    );
  inner.push(
    context(
      ...[status, countdown(view, language), suggestion].filter(
        (part): part is string => part !== null,
      ),
    ),
  );
  const buttons = claimButtons(view, language);
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
