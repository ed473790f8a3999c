// The moderator's flag dialog as a modal: what will happen, the severity (only the levels the
// author's tier may open, the policy's default preselected; absent when no case will be opened)
// and whether to remove the public post. The flagged post travels in private_metadata.
import type { FlagFormView } from '../../core/views.js';
import { languageOfView, t } from '../../core/i18n/index.js';
import { plain, section, type Block } from './blocks.js';
import { escapeText } from './escape.js';
import { CALLBACK_IDS } from './ids.js';

const ACTION = 'value';
export const FLAG_BLOCKS = { severity: 'severity', remove: 'remove' } as const;
const REMOVE = 'yes';
const KEEP = 'no';
/** Slack's ceiling for private_metadata. */
export const METADATA_MAX = 3000;

/** The flagged post as the submission needs it back; `text` is left out when it does not fit. */
export interface FlaggedPost {
  channelId: string;
  threadTs: string | null;
  ts: string;
  authorId: string;
  authorName: string;
  authorWorkspace: string | null;
  text?: string;
  /** Where the handler kept a text too long for the metadata. */
  textKey?: string;
}

function option(value: string, label: string, description?: string): Block {
  const base: Block = { text: plain(label, 75), value };
  return description ? { ...base, description: plain(description, 75) } : base;
}

function severityInput(view: FlagFormView, language: string): Block {
  const options = view.severityOptions
    .slice(0, 10)
    .map((s) => option(String(s.value), s.label, s.description));
  const element: Block = { type: 'radio_buttons', action_id: ACTION, options };
  const chosen = view.severityOptions.find((s) => s.value === view.defaultSeverity);
  if (chosen)
    element.initial_option = option(String(chosen.value), chosen.label, chosen.description);
  return {
    type: 'input',
    block_id: FLAG_BLOCKS.severity,
    label: plain(t(language, 'labels.caseForm.severity')),
    element,
    hint: plain(t(language, 'slack.flagForm.severityHint')),
  };
}

function removeInput(language: string): Block {
  const keep = option(KEEP, t(language, 'labels.flag.keepPost'));
  return {
    type: 'input',
    block_id: FLAG_BLOCKS.remove,
    label: plain(t(language, 'labels.flag.removePost')),
    element: {
      type: 'radio_buttons',
      action_id: ACTION,
      options: [keep, option(REMOVE, t(language, 'labels.flag.removeIt'))],
      initial_option: keep,
    },
    hint: plain(t(language, 'slack.flagForm.removeHint')),
  };
}

export function renderFlagModal(view: FlagFormView, metadata: string): Record<string, unknown> {
  const language = languageOfView(view);
  const author = escapeText(view.authorName);
  const intro = view.orgName
    ? t(language, 'slack.flagForm.introCase', { author, org: escapeText(view.orgName) })
    : t(language, 'slack.flagForm.introNoOrg', { author });
  const blocks: Block[] = [
    section(intro),
    ...(view.severityOptions.length > 0 ? [severityInput(view, language)] : []),
    ...(view.canRemove ? [removeInput(language)] : []),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.flagForm,
    title: plain(t(language, 'slack.flagForm.title'), 24),
    submit: plain(t(language, 'slack.flagForm.submit'), 24),
    close: plain(t(language, 'labels.cancel'), 24),
    private_metadata: metadata,
    blocks,
  };
}

export function encodeFlaggedPost(post: FlaggedPost): string {
  return JSON.stringify(post);
}

export function decodeFlaggedPost(raw: string | undefined): FlaggedPost | null {
  try {
    const post = JSON.parse(raw ?? '') as Partial<FlaggedPost>;
    if (typeof post.channelId !== 'string' || typeof post.ts !== 'string') return null;
    if (typeof post.authorId !== 'string') return null;
    return post as FlaggedPost;
  } catch {
    return null;
  }
}

interface StateValue {
  selected_option?: { value?: string } | null;
}

/** The moderator's choices as submitted: severity null when the modal did not ask. */
export function parseFlagChoices(values: Record<string, Record<string, StateValue>>): {
  severity: number | null;
  removeOriginal: boolean;
} {
  const pick = (block: string) => values[block]?.[ACTION]?.selected_option?.value ?? null;
  const severity = pick(FLAG_BLOCKS.severity);
  return {
    severity: severity === null ? null : Number(severity),
    removeOriginal: pick(FLAG_BLOCKS.remove) === REMOVE,
  };
}
