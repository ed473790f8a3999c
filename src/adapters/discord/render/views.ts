// The short views: notices, confirmations, relays, SLA events, case lists and form errors.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
} from 'discord.js';
import type {
  CaseConfirmationView,
  CaseFormErrors,
  CaseListView,
  Mention,
  NoticeView,
  RelayView,
  SlaEventView,
} from '../../../core/views.js';
import { languageOfView, t } from '../../../core/i18n/index.js';
import { caseStatusLabel, formFieldLabel } from '../../labels.js';
import { encodeCustomId } from '../custom-ids.js';
import { ratingRow } from './rating.js';
import { attachmentText, callbackRows, requestCallRow } from './callback.js';
import { discordTime, truncate, userText } from '../text.js';
import {
  colours,
  invitationFile,
  mentionsOnly,
  severityColour,
  type DiscordMessage,
} from './message.js';

const toneIcon: Record<NoticeView['tone'], string> = {
  info: 'ℹ️',
  success: '✅',
  warning: '⚠️',
  error: '❌',
};

/** The core's mentions as real pings, and the allowed_mentions that lets exactly those ping. */
function pingsOf(mentions: Mention[]) {
  const users = mentions.filter((m) => m.kind === 'user').map((m) => m.id);
  const roles = mentions.filter((m) => m.kind === 'role').map((m) => m.id);
  const text = [...roles.map((id) => `<@&${id}>`), ...users.map((id) => `<@${id}>`)].join(' ');
  return { users, roles, prefix: text ? `${text} ` : '' };
}

export function renderNotice(view: NoticeView): DiscordMessage {
  const language = languageOfView(view);
  const reference = view.errorReference
    ? `\n${t(language, 'discord.notice.reference', { reference: view.errorReference.replace(/`/g, '') })}`
    : '';
  // The on-call role on a raise to the top severity: it leads the content (so truncation never
  // cuts it) and is the only mention allowed; the notice's own text stays inert.
  const pings = pingsOf(view.mentions ?? []);
  const head = `${pings.prefix}${toneIcon[view.tone]} `;
  const attachment = view.attachment;
  // The invitation goes as a file of the message; the code block is what is sent instead when
  // the file cannot go (see invitationFile).
  const invitation = attachment
    ? {
        files: [invitationFile(attachment)],
        inlineContent: truncate(
          `${head}${userText(view.text, 800)}${reference}${attachmentText(attachment, language)}`,
          2000,
        ),
      }
    : {};
  return {
    content: truncate(`${head}${userText(view.text, 1800)}${reference}`, 2000),
    ...invitation,
    embeds: [],
    components: [
      ...(view.offer ? [reopenRow(view.offer, language)] : []),
      // The CSAT ask (score buttons, or *Add a comment*): the core checks who presses.
      ...(view.rating ? [ratingRow(view.rating, language)] : []),
      ...(view.callback ? callbackRows(view.callback, language) : []),
    ],
    allowed_mentions: mentionsOnly({ users: pings.users, roles: pings.roles }),
  };
}

/** A case action offered with the notice (Reopen after a resolution): the core checks who presses. */
function reopenRow(
  offer: NonNullable<NoticeView['offer']>,
  language: string,
): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: t(language, 'labels.reopen', { reference: truncate(offer.caseReference, 60) }),
        custom_id: encodeCustomId({ kind: 'reopen', caseId: offer.caseId }),
      },
    ],
  };
}

export function renderConfirmation(view: CaseConfirmationView): DiscordMessage {
  const language = languageOfView(view);
  const say = (key: string, values?: Record<string, string>) =>
    t(language, `discord.confirmation.${key}`, values);
  const firstResponse = view.dueAt
    ? say('due', {
        target: view.targetText,
        local: view.dueLocalText ?? discordTime(view.dueAt, 'f'),
        relative: discordTime(view.dueAt, 'R'),
      })
    : view.targetText;
  return {
    embeds: [
      {
        title: truncate(say('title', { reference: view.caseReference }), 256),
        description: userText(view.title, 1000),
        color: colours.success,
        fields: [
          {
            name: t(language, 'labels.case.severity'),
            value: truncate(view.severityLabel, 1024),
            inline: true,
          },
          { name: say('firstResponse'), value: truncate(firstResponse, 1024) },
        ],
        footer: { text: say('footer') },
      },
    ],
    components: view.canRequestCall ? [requestCallRow(view.caseReference, language)] : [],
    allowed_mentions: mentionsOnly(),
  };
}

/** A relayed message with who said it; the text is the speaker's, so it pings nobody. */
export function renderRelay(view: RelayView): DiscordMessage {
  const content = t(languageOfView(view), 'discord.relay', {
    name: userText(view.fromName, 80).replace(/\*/g, '\\*'),
    role: view.fromRole,
    reference: view.caseReference,
    text: userText(view.text, 1900),
  });
  return {
    content: truncate(content, 2000),
    embeds: [],
    components: [],
    allowed_mentions: mentionsOnly(),
  };
}

export function renderSlaEvent(view: SlaEventView): DiscordMessage {
  const { users, roles, prefix } = pingsOf(view.mentions);
  const language = languageOfView(view);
  const key = {
    breach: 'breach',
    overrun: 'overrun',
    'update-due': 'updateDue',
    warning: 'warning',
  }[view.event];
  const headline = t(language, `discord.sla.${key}`, {
    reference: view.caseReference,
    percent: String(Math.round(view.threshold * 100)),
    relative: discordTime(view.dueAt, 'R'),
  });
  return {
    content: truncate(`${prefix}${headline}`, 2000),
    embeds: [
      {
        title: truncate(`${view.caseReference} · ${view.title}`, 256),
        description: t(language, 'discord.sla.description', {
          severity: view.severityLabel,
          absolute: discordTime(view.dueAt, 'f'),
        }),
        color:
          view.event === 'breach' || view.event === 'overrun'
            ? colours.breached
            : view.isTopSeverity
              ? severityColour(1)
              : colours.warning,
      },
    ],
    components: [],
    // Exactly the on-call role and the people the core named: nothing else can ping.
    allowed_mentions: mentionsOnly({ users, roles }),
  };
}

export function renderCaseList(view: CaseListView): DiscordMessage {
  const language = languageOfView(view);
  const say = (key: string, values?: Record<string, string>) =>
    t(language, `discord.caseList.${key}`, values);
  const lines = view.cases.slice(0, 25).map((c) => {
    const breached = c.milestone ? c.milestone.state === 'breached' : (c.msLeft ?? 0) < 0;
    // Nothing owed: the last target's state, "first response met late" included.
    const due = c.dueAt
      ? say(breached ? 'breached' : 'due', { relative: discordTime(c.dueAt, 'R') })
      : (c.milestone?.text ?? say('noTarget'));
    const org = view.audience === 'engineer' ? ` · ${userText(c.orgName, 60)}` : '';
    const owner = c.assigneeName ? ` · ${userText(c.assigneeName, 60)}` : '';
    const update = c.nextUpdate
      ? c.nextUpdate.state === 'paused'
        ? ` · ${say('nextUpdatePaused')}`
        : ` · ${say('nextUpdate', { relative: discordTime(c.nextUpdate.dueAt, 'R') })}`
      : '';
    const status = caseStatusLabel(language, c.status);
    const call = c.callText ? `\n📞 ${userText(c.callText, 120)}` : '';
    return `**${c.caseReference}** · ${c.severityLabel} · ${status}${org}${owner} · ${due}${update}\n${userText(c.title, 150)}${call}`;
  });
  const more =
    view.cases.length > 25 ? `\n${say('more', { count: String(view.cases.length - 25) })}` : '';
  return {
    embeds: [
      {
        title: truncate(view.heading, 256),
        description: truncate(lines.length ? lines.join('\n') + more : say('empty'), 4096),
        color: colours.info,
      },
    ],
    components: [],
    allowed_mentions: mentionsOnly(),
  };
}

/**
 * Validation errors, with a Retry button that reopens the modal with what the user typed, and a
 * Discard button that gives up (the empty private thread made for the case is removed).
 */
export function renderFormErrors(view: CaseFormErrors, userId: string): DiscordMessage {
  const language = languageOfView(view);
  const lines = Object.entries(view.errors).map(([field, message]) =>
    t(language, 'discord.caseForm.errorLine', {
      field: formFieldLabel(language, field),
      message: userText(message ?? '', 300),
    }),
  );
  return {
    content: truncate(`${t(language, 'discord.caseForm.errors')}\n${lines.join('\n')}`, 2000),
    embeds: [],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: t(language, 'labels.retry'),
            custom_id: encodeCustomId({ kind: 'retry-form', userId }),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t(language, 'labels.discard'),
            custom_id: encodeCustomId({ kind: 'cancel-form', userId }),
          },
        ],
      },
    ],
    allowed_mentions: mentionsOnly(),
  };
}
