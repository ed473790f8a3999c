// A callback on Discord: the times offered as buttons (five to a row), the steps open to the
// reader, *Request a call* on a case confirmation, and the .ics invitation as a code block to
// save (sending it as a file is not done yet).
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
} from 'discord.js';
import type { Attachment, CallbackAction, CallbackOffer } from '../../../core/views.js';
import { encodeCustomId } from '../custom-ids.js';
import { truncate } from '../text.js';

const LABEL: Record<CallbackAction, string> = {
  confirm: 'Confirm',
  held: 'Call held',
  missed: 'Call missed',
  cancel: 'Cancel the call',
};

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

export function callbackRows(offer: CallbackOffer): Row[] {
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
          label: LABEL[action],
          custom_id: encodeCustomId({ kind: 'callback', caseId: offer.caseId, step: action }),
        })),
      ),
    );
  return rows.slice(0, 5);
}

export function requestCallRow(caseReference: string): Row {
  return row([
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: 'Request a call',
      custom_id: encodeCustomId({ kind: 'callback', caseId: caseReference, step: 'request' }),
    },
  ]);
}

/** The invitation as a code block (backticks inside cannot close it). */
export function attachmentText(attachment: Attachment): string {
  return `\n📅 ${attachment.filename}: save as a .ics file to add the call to your calendar.\n\`\`\`\n${attachment.content.replace(/`/g, "'").trim()}\n\`\`\``;
}
