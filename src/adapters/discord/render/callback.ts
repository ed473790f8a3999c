// A callback on Discord: the times offered as buttons (five to a row), the steps open to the
// reader, *Request a call* on a case confirmation, and the .ics invitation: a file attached to the
// message (chat-port.ts, respond.ts), or a code block to save where the file could not go.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
} from 'discord.js';
import { t } from '../../../core/i18n/index.js';
import type { Attachment, CallbackAction, CallbackOffer } from '../../../core/views.js';
import { encodeCustomId } from '../custom-ids.js';
import { truncate } from '../text.js';

const STYLE: Record<
  CallbackAction,
  ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger
> = {
  confirm: ButtonStyle.Success,
  held: ButtonStyle.Primary,
  missed: ButtonStyle.Secondary,
  cancel: ButtonStyle.Danger,
};

type Row = APIActionRowComponent<APIButtonComponent>;

const row = (components: APIButtonComponent[]): Row => ({
  type: ComponentType.ActionRow,
  components,
});

/** The instant as epoch minutes in base 36: short enough for a custom id. */
export const encodeInstant = (at: Date): string => Math.round(at.getTime() / 60_000).toString(36);

export const decodeInstant = (text: string): Date | null => {
  const minutes = parseInt(text, 36);
  return Number.isFinite(minutes) ? new Date(minutes * 60_000) : null;
};

export function callbackRows(offer: CallbackOffer, language: string): Row[] {
  const slots: APIButtonComponent[] = offer.slots.slice(0, 20).map((slot) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    label: truncate(slot.label, 80),
    custom_id: encodeCustomId({
      kind: 'callback',
      caseId: offer.caseId,
      step: 'pick',
      at: encodeInstant(slot.at),
    }),
  }));
  const rows: Row[] = [];
  for (let index = 0; index < slots.length; index += 5)
    rows.push(row(slots.slice(index, index + 5)));
  if (offer.actions.length > 0)
    rows.push(
      row(
        offer.actions.map((action) => ({
          type: ComponentType.Button,
          style: STYLE[action],
          label: t(language, 'discord.callback.action', { action }),
          custom_id: encodeCustomId({ kind: 'callback', caseId: offer.caseId, step: action }),
        })),
      ),
    );
  return rows.slice(0, 5);
}

export function requestCallRow(caseReference: string, language: string): Row {
  return row([
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: t(language, 'discord.callback.request'),
      custom_id: encodeCustomId({ kind: 'callback', caseId: caseReference, step: 'request' }),
    },
  ]);
}

/** The invitation as a code block (backticks inside cannot close it). */
export function attachmentText(attachment: Attachment, language: string): string {
  const save = t(language, 'discord.callback.save', { filename: attachment.filename });
  return `\n${save}\n\`\`\`\n${attachment.content.replace(/`/g, "'").trim()}\n\`\`\``;
}
