// Block Kit for the conversational views: suggestions, confirmation, relay, notices, SLA events.
import { languageOfView, rawMessage, t } from '../../core/i18n/index.js';
import { ratingBlocks } from './render-rating.js';
import {
  attachmentBlocks,
  callbackBlocks,
  requestCallButton,
  type InvitationMode,
} from './render-callback.js';
import type {
  CaseConfirmationView,
  Mention,
  NoticeTone,
  NoticeView,
  RelayView,
  SlaEventView,
  SuggestionsView,
} from '../../core/views.js';
import { actions, button, context, section, type Block, type SlackMessage } from './blocks.js';
import { escapeText, link, mention, slackDate, truncate } from './escape.js';
import { ACTION_IDS } from './ids.js';

/** What a suggestion button carries: the deflection, who may press it, and the question to prefill. */
export interface SuggestionButtonValue {
  d: string;
  a: string;
  q: string;
  /** Which suggestion (1-based) a per-article *This one* button names; absent: the first. */
  n?: number;
}

export function encodeSuggestionValue(value: SuggestionButtonValue): string {
  return JSON.stringify({ ...value, q: truncate(value.q, 1500) });
}

export function decodeSuggestionValue(raw: string | undefined): SuggestionButtonValue | null {
  try {
    const parsed = JSON.parse(raw ?? '') as Partial<SuggestionButtonValue>;
    if (typeof parsed.d !== 'string' || typeof parsed.a !== 'string') return null;
    const n =
      typeof parsed.n === 'number' && Number.isInteger(parsed.n) && parsed.n >= 1 && parsed.n <= 10
        ? parsed.n
        : undefined;
    return {
      d: parsed.d,
      a: parsed.a,
      q: typeof parsed.q === 'string' ? parsed.q : '',
      ...(n ? { n } : {}),
    };
  } catch {
    return null;
  }
}

export function renderSuggestions(view: SuggestionsView): SlackMessage {
  const language = languageOfView(view);
  const blocks: Block[] = [];
  const intro =
    view.articles.length === 0 || view.noGoodMatch
      ? t(language, 'slack.suggestions.noGoodMatch')
      : t(language, 'slack.suggestions.intro');
  blocks.push(section(intro));
  const value = encodeSuggestionValue({
    d: view.deflectionId,
    a: view.askerUserId,
    q: view.question,
  });
  // With several suggestions, each says which one solved it: the knowledge loop learns the
  // question for that article (the button below credits the first).
  view.articles.forEach((article, index) => {
    const where = article.section ? ` › ${escapeText(article.section)}` : '';
    const thisOne =
      view.articles.length > 1
        ? button(
            ACTION_IDS.solved,
            t(language, 'labels.thisOneSolved'),
            encodeSuggestionValue({
              d: view.deflectionId,
              a: view.askerUserId,
              q: '',
              n: index + 1,
            }),
          )
        : undefined;
    blocks.push(
      section(
        `*${link(article.url, article.title)}*${where}\n${escapeText(truncate(article.snippet, 600))}`,
        thisOne,
      ),
    );
  });
  // Nothing shown, nothing to mark solved (the core refuses it too).
  const buttons =
    view.articles.length > 0
      ? [button(ACTION_IDS.solved, t(language, 'labels.solvedIt'), value, 'primary')]
      : [];
  if (view.canOpenCase)
    buttons.push(button(ACTION_IDS.openCase, t(language, 'labels.openCase'), value));
  if (buttons.length > 0) blocks.push(actions('casebot_suggestions', buttons));
  const text =
    view.articles.length > 0
      ? t(language, 'slack.suggestions.text', { count: view.articles.length })
      : t(language, 'slack.suggestions.none');
  return { text, blocks };
}

export function renderConfirmation(view: CaseConfirmationView): SlackMessage {
  const language = languageOfView(view);
  const reference = escapeText(view.caseReference);
  const target = { severity: escapeText(view.severityLabel), target: escapeText(view.targetText) };
  const lines = [
    t(language, 'slack.confirmation.opened', { reference, title: escapeText(view.title) }),
    view.dueLocalText
      ? t(language, 'slack.confirmation.targetBy', {
          ...target,
          due: escapeText(view.dueLocalText),
        })
      : t(language, 'slack.confirmation.target', target),
    ...(view.dueAt
      ? [
          t(language, 'slack.confirmation.due', {
            when: slackDate(view.dueAt, rawMessage(language, 'slack.confirmation.dueFormat')),
          }),
        ]
      : []),
    t(language, 'slack.confirmation.reply'),
  ];
  const blocks = [section(lines.join('\n'))];
  if (view.canRequestCall)
    blocks.push(
      actions('casebot_confirmation_block', [requestCallButton(view.caseReference, language)]),
    );
  return { text: t(language, 'slack.confirmation.text', { reference }), blocks };
}

export function renderRelay(view: RelayView): SlackMessage {
  const head = t(languageOfView(view), 'slack.relay', {
    name: escapeText(view.fromName),
    role: view.fromRole,
    reference: escapeText(view.caseReference),
  });
  const body = escapeText(view.text);
  return {
    text: `${escapeText(view.fromName)}: ${escapeText(truncate(view.text, 200))}`,
    blocks: [section(`${head}\n${body}`)],
  };
}

const TONE_EMOJI: Record<NoticeTone, string> = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':warning:',
  error: ':x:',
};

/** The core's mentions as real Slack pings (ids only, never user text), each followed by a space. */
function pingPrefix(mentions: Mention[] | undefined): string {
  const pings = (mentions ?? [])
    .map((m) => mention(m.kind, m.id))
    .filter((m): m is string => m !== null);
  return pings.length > 0 ? `${pings.join(' ')} ` : '';
}

/** `invitation`: how the .ics attachment is shown (see InvitationMode; inline by default). */
export function renderNotice(
  view: NoticeView,
  invitation: InvitationMode = 'inline',
): SlackMessage {
  const language = languageOfView(view);
  // Pings (the on-call role on a raise to the top severity) as the alert carries them: in the
  // text and the top block. The notice's own text is escaped and never pings.
  const prefix = pingPrefix(view.mentions);
  const blocks: Block[] = [section(`${prefix}${TONE_EMOJI[view.tone]} ${escapeText(view.text)}`)];
  if (view.errorReference)
    blocks.push(
      context(
        t(language, 'slack.notice.reference', { reference: escapeText(view.errorReference) }),
      ),
    );
  if (view.offer?.action === 'reopen')
    blocks.push(
      actions('casebot_reopen_block', [
        button(
          ACTION_IDS.reopen,
          t(language, 'labels.reopen', { reference: view.offer.caseReference }),
          view.offer.caseId,
        ),
      ]),
    );
  if (view.rating) blocks.push(...ratingBlocks(view.rating, language));
  if (view.callback) blocks.push(...callbackBlocks(view.callback, language));
  if (view.attachment) blocks.push(...attachmentBlocks(view.attachment, language, invitation));
  return { text: `${prefix}${escapeText(view.text)}`, blocks };
}

/** The `event` value of the `slack.slaEvent.*` selects. */
const EVENT_KEY: Record<SlaEventView['event'], string> = {
  breach: 'breach',
  overrun: 'overrun',
  'update-due': 'updateDue',
  warning: 'warning',
};

export function renderSlaEvent(view: SlaEventView): SlackMessage {
  const language = languageOfView(view);
  const event = EVENT_KEY[view.event];
  const pings = view.mentions
    .map((m) => mention(m.kind, m.id))
    .filter((m): m is string => m !== null);
  const urgent = view.event === 'breach' || view.event === 'overrun';
  const icon = urgent
    ? view.isTopSeverity
      ? ':rotating_light:'
      : ':fire:'
    : view.event === 'update-due'
      ? ':speech_balloon:'
      : ':warning:';
  const what = t(language, 'slack.slaEvent.what', {
    event,
    percent: String(Math.round(view.threshold * 100)),
  });
  const line = `${icon} ${what} · *${escapeText(view.caseReference)}* (${escapeText(view.severityLabel)}) ${escapeText(view.title)}`;
  const due = t(language, 'slack.slaEvent.due', { when: slackDate(view.dueAt, '{ago}') });
  const blocks: Block[] = [
    section(pings.length > 0 ? `${line}\n${pings.join(' ')}` : line),
    context(due),
  ];
  const prefix = pings.length > 0 ? `${pings.join(' ')} ` : '';
  return {
    text: `${prefix}${t(language, 'slack.slaEvent.text', { event, reference: escapeText(view.caseReference) })}`,
    blocks,
  };
}
