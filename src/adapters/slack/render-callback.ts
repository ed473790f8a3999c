// A callback in Block Kit: the times offered as one select menu (a choice of times is what a
// select is for, and one action id serves any number of them), the actions open to the reader as
// buttons, and the .ics invitation: uploaded as a file beside the message (chat-port.ts), or, where
// no file can go or the upload failed, a snippet to save.
import { t } from '../../core/i18n/index.js';
import type { Attachment, CallbackAction, CallbackOffer } from '../../core/views.js';
import { actions, button, context, plain, section, type Block } from './blocks.js';
import { escapeText } from './escape.js';
import { ACTION_IDS } from './ids.js';

const ACTION_ID: Record<CallbackAction, string> = {
  confirm: ACTION_IDS.callbackConfirm,
  held: ACTION_IDS.callbackHeld,
  missed: ACTION_IDS.callbackMissed,
  cancel: ACTION_IDS.callbackCancel,
};

/**
 * Where a notice's invitation goes: `inline`, a snippet in the message; `file`, a file uploaded in
 * the same place right after it; `file-in-dm`, a file in the reader's DM with the bot (an
 * ephemeral message cannot carry one, and a file shared in the channel would not be private).
 */
export type InvitationMode = 'inline' | 'file' | 'file-in-dm';

/** `CASE-1001|2026-03-03T13:00:00.000Z`: the case and the chosen instant, nothing else. */
export function encodePick(caseReference: string, at: Date): string {
  return `${caseReference}|${at.toISOString()}`;
}

export function decodePick(value: string | undefined): { reference: string; at: string } | null {
  const match = /^([^|]+)\|(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(value ?? '');
  return match ? { reference: match[1] ?? '', at: match[2] ?? '' } : null;
}

export function callbackBlocks(offer: CallbackOffer, language: string): Block[] {
  const blocks: Block[] = [];
  const elements: Block[] = [];
  if (offer.slots.length > 0)
    elements.push({
      type: 'static_select',
      action_id: ACTION_IDS.callbackPick,
      placeholder: plain(t(language, 'slack.callback.pick'), 150),
      options: offer.slots.slice(0, 100).map((slot) => ({
        text: plain(slot.label, 75),
        value: encodePick(offer.caseReference, slot.at),
      })),
    });
  for (const action of offer.actions)
    elements.push(
      button(
        ACTION_ID[action],
        t(language, 'slack.callback.action', { action }),
        offer.caseReference,
        action === 'confirm' ? 'primary' : action === 'cancel' ? 'danger' : undefined,
      ),
    );
  if (elements.length > 0) blocks.push(actions('casebot_callback_block', elements));
  return blocks;
}

export function attachmentBlocks(
  attachment: Attachment,
  language: string,
  mode: InvitationMode = 'inline',
): Block[] {
  const filename = escapeText(attachment.filename);
  if (mode === 'file') return [context(t(language, 'slack.callback.fileFollows', { filename }))];
  if (mode === 'file-in-dm') return [context(t(language, 'slack.callback.fileInDm', { filename }))];
  return [
    section(
      `${t(language, 'slack.callback.save', { filename })}\n\`\`\`${escapeText(attachment.content.trim())}\`\`\``,
    ),
    context(t(language, 'slack.callback.format')),
  ];
}

/** The *Request a call* button on a case confirmation. */
export function requestCallButton(caseReference: string, language: string): Block {
  return button(ACTION_IDS.callbackRequest, t(language, 'slack.callback.request'), caseReference);
}
