// A callback in Block Kit: the times offered as one select menu (a choice of times is what a
// select is for, and one action id serves any number of them), the actions open to the reader as
// buttons, and the .ics invitation as a snippet to save (uploading files is not done yet).
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

const LABEL: Record<CallbackAction, string> = {
  confirm: 'Confirm',
  held: 'Call held',
  missed: 'Call missed',
  cancel: 'Cancel the call',
};

/** `CASE-1001|2026-03-03T13:00:00.000Z`: the case and the chosen instant, nothing else. */
export function encodePick(caseReference: string, at: Date): string {
  return `${caseReference}|${at.toISOString()}`;
}

export function decodePick(value: string | undefined): { reference: string; at: string } | null {
  const match = /^([^|]+)\|(\d{4}-\d{2}-\d{2}T[\d:.]+Z)$/.exec(value ?? '');
  return match ? { reference: match[1] ?? '', at: match[2] ?? '' } : null;
}

export function callbackBlocks(offer: CallbackOffer): Block[] {
  const blocks: Block[] = [];
  const elements: Block[] = [];
  if (offer.slots.length > 0)
    elements.push({
      type: 'static_select',
      action_id: ACTION_IDS.callbackPick,
      placeholder: plain('Pick a time', 150),
      options: offer.slots.slice(0, 100).map((slot) => ({
        text: plain(slot.label, 75),
        value: encodePick(offer.caseReference, slot.at),
      })),
    });
  for (const action of offer.actions)
    elements.push(
      button(
        ACTION_ID[action],
        LABEL[action],
        offer.caseReference,
        action === 'confirm' ? 'primary' : action === 'cancel' ? 'danger' : undefined,
      ),
    );
  if (elements.length > 0) blocks.push(actions('casebot_callback_block', elements));
  return blocks;
}

export function attachmentBlocks(attachment: Attachment): Block[] {
  return [
    section(
      `:calendar: *${escapeText(attachment.filename)}*: save this as a .ics file to add the call to your calendar.\n\`\`\`${escapeText(attachment.content.trim())}\`\`\``,
    ),
    context('iCalendar (RFC 5545), times in UTC'),
  ];
}

/** The *Request a call* button on a case confirmation. */
export function requestCallButton(caseReference: string): Block {
  return button(ACTION_IDS.callbackRequest, 'Request a call', caseReference);
}
