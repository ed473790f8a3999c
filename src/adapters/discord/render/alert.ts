// The team alert: colour by severity (severity 1 red with a siren line above the embed, so it
// stands out in the channel list and in notifications), a countdown Discord keeps live in every
// client, and Claim / Unclaim buttons. Re-rendered in place on claim, warnings and breach.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbedField,
} from 'discord.js';
import { formatDuration } from '../../../core/sla/index.js';
import type { CaseAlertView } from '../../../core/views.js';
import { encodeCustomId } from '../custom-ids.js';
import { discordTime, truncate, userText } from '../text.js';
import { colours, mentionsOnly, severityColour, type DiscordMessage } from './message.js';

const stateLine: Record<CaseAlertView['state'], string> = {
  new: '🆕 New: waiting for an engineer',
  claimed: '👷 Claimed',
  warned: '⚠️ Response target getting close',
  breached: '🔥 Response target missed',
  'met-late': '⌛ Response target met late',
  paused: '⏸️ Waiting on the customer (SLA paused)',
  resolved: '✅ Resolved',
  closed: '📁 Closed',
};

/** An embed holds 6,000 characters in all: the situation gets a third, the fields keep theirs. */
const SITUATION_MAX = 2_000;

export function renderAlert(view: CaseAlertView): DiscordMessage {
  const person = view.assignee ?? view.suggestedAssignee;
  const who = person
    ? person.platformUserId
      ? `<@${person.platformUserId}>`
      : userText(person.displayName, 100)
    : '—';
  const fields: APIEmbedField[] = [
    { name: 'Severity', value: truncate(view.severityLabel, 1024), inline: true },
    { name: 'Tier', value: truncate(view.tierLabel, 1024), inline: true },
    { name: 'Org', value: userText(view.orgName, 1024), inline: true },
    { name: 'Product', value: userText(view.product, 1024), inline: true },
    { name: 'Type', value: view.type, inline: true },
    { name: view.assignee ? 'Assignee' : 'Suggested', value: who, inline: true },
    { name: 'Impact', value: userText(view.seriousness || '—', 1024) },
    { name: 'Response due', value: dueText(view) },
  ];
  const done = view.state === 'resolved' || view.state === 'closed';
  const colour = done
    ? colours.success
    : view.state === 'breached'
      ? colours.breached
      : severityColour(view.severity);
  // Only the first post carries mentions (the on-call role for severity 1); edits never re-ping.
  const users = (view.mentions ?? []).filter((m) => m.kind === 'user').map((m) => m.id);
  const roles = (view.mentions ?? []).filter((m) => m.kind === 'role').map((m) => m.id);
  const pings = [...roles.map((id) => `<@&${id}>`), ...users.map((id) => `<@${id}>`)].join(' ');
  const headline =
    view.isTopSeverity && !done
      ? `${pings ? `${pings} ` : ''}🚨 **${userText(view.severityLabel, 80)}**: ${view.caseReference} needs someone now`
      : pings || undefined;
  return {
    ...(headline ? { content: truncate(headline, 2000) } : {}),
    embeds: [
      {
        title: truncate(
          `${view.isTopSeverity ? '🚨 ' : ''}${view.caseReference} · ${view.title}`,
          256,
        ),
        description: view.situation
          ? `${stateLine[view.state]}\n\n**Situation**\n${userText(view.situation, SITUATION_MAX)}`
          : stateLine[view.state],
        color: colour,
        fields,
        // No footer: the case's database id is internal (buttons carry it, invisibly).
      },
    ],
    components: done ? [] : [claimRow(view)],
    // Names an assignee inside the embed: embeds never ping; only the core's mentions may.
    allowed_mentions: mentionsOnly({ users, roles }),
  };
}

function dueText(view: CaseAlertView): string {
  const update = view.nextUpdate;
  const isDone = view.state === 'resolved' || view.state === 'closed';
  const cadence =
    !update || isDone
      ? ''
      : update.state === 'paused'
        ? ' · next update to the customer: paused'
        : ` · next update to the customer ${discordTime(update.dueAt, 'R')}`;
  return truncate(targetText(view) + cadence, 1024);
}

function targetText(view: CaseAlertView): string {
  const milestone = view.milestone;
  if (!view.dueAt && milestone?.state === 'met-late' && milestone.metAt) {
    // Said as met late, with both instants: never as a plain "met".
    return truncate(
      `${milestone.text} · was due ${discordTime(milestone.dueAt, 'f')}, met ${discordTime(milestone.metAt, 'f')}`,
      1024,
    );
  }
  if (milestone?.state === 'paused' && milestone.pausedAt) {
    const left =
      milestone.pausedMsLeft === null || milestone.pausedMsLeft === undefined
        ? ''
        : ` · ${formatDuration(Math.max(0, milestone.pausedMsLeft))} left when the customer replies`;
    return truncate(
      `${milestone.name} paused since ${discordTime(milestone.pausedAt, 'f')}${left}`,
      1024,
    );
  }
  if (!view.dueAt) return view.targetText || 'no target';
  const used =
    view.elapsedFraction === null ? '' : ` · ${Math.round(view.elapsedFraction * 100)} % used`;
  return truncate(
    `${discordTime(view.dueAt, 'R')} (${discordTime(view.dueAt, 'f')}) · ${view.targetText}${used}`,
    1024,
  );
}

function claimRow(view: CaseAlertView): APIActionRowComponent<APIComponentInMessageActionRow> {
  const button = (
    label: string,
    style: ButtonStyle.Danger | ButtonStyle.Secondary | ButtonStyle.Success,
    kind: 'claim' | 'unclaim' | 'resolve' | 'pending' | 'why',
  ) => ({
    type: ComponentType.Button as const,
    style,
    label,
    custom_id: encodeCustomId({ kind, caseId: view.caseId }),
  });
  // *Waiting on customer* while the case is not waiting already.
  const wait =
    view.state === 'paused'
      ? []
      : [button('Waiting on customer', ButtonStyle.Secondary, 'pending')];
  // *Why this time?* whenever there is a target to explain.
  const why =
    view.dueAt || view.milestone ? [button('Why this time?', ButtonStyle.Secondary, 'why')] : [];
  const buttons = view.assignee
    ? [
        button('Unclaim', ButtonStyle.Secondary, 'unclaim'),
        button('Resolve', ButtonStyle.Success, 'resolve'),
        ...wait,
        ...why,
      ]
    : [button('Claim', ButtonStyle.Danger, 'claim'), ...wait, ...why];
  return { type: ComponentType.ActionRow, components: buttons };
}
