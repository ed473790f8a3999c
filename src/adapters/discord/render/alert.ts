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
import { formatDuration, languageOfView, t } from '../../../core/i18n/index.js';
import type { CaseAlertView } from '../../../core/views.js';
import { caseTypeLabel, selectKey } from '../../labels.js';
import { encodeCustomId } from '../custom-ids.js';
import { discordTime, truncate, userText } from '../text.js';
import { colours, mentionsOnly, severityColour, type DiscordMessage } from './message.js';

/** The state line, e.g. "🆕 New: waiting for an engineer" (`discord.alert.state.*`). */
const stateLine = (language: string, state: CaseAlertView['state']) =>
  t(language, `discord.alert.state.${selectKey(state)}`);

/** An embed holds 6,000 characters in all: the situation gets a third, the fields keep theirs. */
const SITUATION_MAX = 2_000;

export function renderAlert(view: CaseAlertView): DiscordMessage {
  const language = languageOfView(view);
  const label = (key: string) => t(language, `labels.${key}`);
  const person = view.assignee ?? view.suggestedAssignee;
  const who = person
    ? person.platformUserId
      ? `<@${person.platformUserId}>`
      : userText(person.displayName, 100)
    : '—';
  const fields: APIEmbedField[] = [
    { name: label('case.severity'), value: truncate(view.severityLabel, 1024), inline: true },
    { name: label('case.tier'), value: truncate(view.tierLabel, 1024), inline: true },
    { name: label('case.org'), value: userText(view.orgName, 1024), inline: true },
    { name: label('case.product'), value: userText(view.product, 1024), inline: true },
    { name: label('case.type'), value: caseTypeLabel(language, view.type), inline: true },
    {
      name: label(view.assignee ? 'case.assignee' : 'case.suggested'),
      value: who,
      inline: true,
    },
    { name: label('case.impact'), value: userText(view.seriousness || '—', 1024) },
    { name: t(language, 'discord.alert.responseDue'), value: dueText(view, language) },
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
      ? `${pings ? `${pings} ` : ''}${t(language, 'discord.alert.headline', { severity: userText(view.severityLabel, 80), reference: view.caseReference })}`
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
          ? `${stateLine(language, view.state)}\n\n**${t(language, 'discord.alert.situation')}**\n${userText(view.situation, SITUATION_MAX)}`
          : stateLine(language, view.state),
        color: colour,
        fields,
        // No footer: the case's database id is internal (buttons carry it, invisibly).
      },
    ],
    components: done ? [] : [claimRow(view, language)],
    // Names an assignee inside the embed: embeds never ping; only the core's mentions may.
    allowed_mentions: mentionsOnly({ users, roles }),
  };
}

function dueText(view: CaseAlertView, language: string): string {
  const update = view.nextUpdate;
  const isDone = view.state === 'resolved' || view.state === 'closed';
  const cadence =
    !update || isDone
      ? ''
      : update.state === 'paused'
        ? ` · ${t(language, 'discord.alert.nextUpdatePaused')}`
        : ` · ${t(language, 'discord.alert.nextUpdate', { relative: discordTime(update.dueAt, 'R') })}`;
  return truncate(targetText(view, language) + cadence, 1024);
}

function targetText(view: CaseAlertView, language: string): string {
  const milestone = view.milestone;
  if (!view.dueAt && milestone?.state === 'met-late' && milestone.metAt) {
    // Said as met late, with both instants: never as a plain "met".
    return truncate(
      t(language, 'discord.alert.metLate', {
        target: milestone.text,
        due: discordTime(milestone.dueAt, 'f'),
        met: discordTime(milestone.metAt, 'f'),
      }),
      1024,
    );
  }
  if (milestone?.state === 'paused' && milestone.pausedAt) {
    const since = t(language, 'discord.alert.pausedSince', {
      name: milestone.name,
      since: discordTime(milestone.pausedAt, 'f'),
    });
    const left =
      milestone.pausedMsLeft === null || milestone.pausedMsLeft === undefined
        ? ''
        : ` · ${t(language, 'discord.alert.pausedLeft', { left: formatDuration(Math.max(0, milestone.pausedMsLeft), language) })}`;
    return truncate(`${since}${left}`, 1024);
  }
  if (!view.dueAt) return view.targetText || t(language, 'discord.alert.noTarget');
  const used =
    view.elapsedFraction === null
      ? ''
      : ` · ${t(language, 'discord.alert.used', { percent: String(Math.round(view.elapsedFraction * 100)) })}`;
  const due = t(language, 'discord.alert.due', {
    relative: discordTime(view.dueAt, 'R'),
    absolute: discordTime(view.dueAt, 'f'),
    target: view.targetText,
  });
  return truncate(`${due}${used}`, 1024);
}

function claimRow(
  view: CaseAlertView,
  language: string,
): APIActionRowComponent<APIComponentInMessageActionRow> {
  const button = (
    labelKey: string,
    style: ButtonStyle.Danger | ButtonStyle.Secondary | ButtonStyle.Success,
    kind: 'claim' | 'unclaim' | 'resolve' | 'pending' | 'why',
  ) => ({
    type: ComponentType.Button as const,
    style,
    label: t(language, `labels.${labelKey}`),
    custom_id: encodeCustomId({ kind, caseId: view.caseId }),
  });
  // *Waiting on customer* while the case is not waiting already.
  const wait =
    view.state === 'paused' ? [] : [button('waitingOnCustomer', ButtonStyle.Secondary, 'pending')];
  // *Why this time?* whenever there is a target to explain.
  const why =
    view.dueAt || view.milestone ? [button('whyThisTime', ButtonStyle.Secondary, 'why')] : [];
  const buttons = view.assignee
    ? [
        button('unclaim', ButtonStyle.Secondary, 'unclaim'),
        button('resolve', ButtonStyle.Success, 'resolve'),
        ...wait,
        ...why,
      ]
    : [button('claim', ButtonStyle.Danger, 'claim'), ...wait, ...why];
  return { type: ComponentType.ActionRow, components: buttons };
}
