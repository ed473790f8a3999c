// Tiny Block Kit builders. Output is plain JSON (Slack validates it); escaping happens in the
// renderers, so every builder here takes text that is already safe.
import { plainText, truncate } from './escape.js';

export type Block = Record<string, unknown>;

export interface SlackMessage {
  /** Notification / fallback text (also escaped). */
  text: string;
  blocks: Block[];
  attachments?: { color: string; blocks: Block[]; fallback?: string }[];
}

/** A mrkdwn text object. `verbatim` stops Slack auto-linking URLs and channel names in user text. */
export function mrkdwn(text: string): Block {
  return { type: 'mrkdwn', text: truncate(text, 3000), verbatim: true };
}

export function plain(text: string, max = 3000): Block {
  return { type: 'plain_text', text: plainText(text, max), emoji: true };
}

export function section(text: string, accessory?: Block): Block {
  return accessory
    ? { type: 'section', text: mrkdwn(text), accessory }
    : { type: 'section', text: mrkdwn(text) };
}

export function header(text: string): Block {
  return { type: 'header', text: plain(text, 150) };
}

export function context(...texts: string[]): Block {
  return { type: 'context', elements: texts.slice(0, 10).map((text) => mrkdwn(text)) };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function actions(blockId: string, elements: Block[]): Block {
  return { type: 'actions', block_id: blockId, elements };
}

export function button(
  actionId: string,
  label: string,
  value: string,
  style?: 'primary' | 'danger',
): Block {
  const base: Block = {
    type: 'button',
    action_id: actionId,
    text: plain(label, 75),
    value: truncate(value, 2000),
  };
  return style ? { ...base, style } : base;
}
