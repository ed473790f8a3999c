// The moderator's flag dialog as a modal: a line saying what will happen, the severity (only the
// levels the author's tier may open, the policy's default preselected; absent when no case will be
// opened) and whether to remove the public post. Both are selects, so nothing typed can be invalid.
import {
  ButtonStyle,
  ComponentType,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APITextDisplayComponent,
} from 'discord.js';
import type { FlagFormView } from '../../../core/views.js';
import { encodeCustomId, flagFieldIds } from '../custom-ids.js';
import { truncate, userText } from '../text.js';
import { mentionsOnly, type DiscordMessage } from './message.js';

const MAX_SELECT_OPTIONS = 25;
export const REMOVE = 'yes';
export const KEEP = 'no';

function summary(view: FlagFormView): APITextDisplayComponent {
  const author = userText(view.authorName, 100);
  const text = view.orgName
    ? `${author}'s post moves to private support and a case is opened for ${userText(view.orgName, 100)}. Its text is kept on the case.`
    : `${author} is not linked to a customer org: the post moves to private support, but no case is opened.`;
  return { type: ComponentType.TextDisplay, content: text };
}

function severityLabel(view: FlagFormView): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: 'Severity',
    description: 'Only the levels the author’s subscription covers are listed.',
    component: {
      type: ComponentType.StringSelect,
      custom_id: flagFieldIds.severity,
      options: view.severityOptions.slice(0, MAX_SELECT_OPTIONS).map((option) => ({
        label: truncate(option.label, 100),
        value: String(option.value),
        description: truncate(option.description, 100),
        default: option.value === view.defaultSeverity,
      })),
      min_values: 1,
      max_values: 1,
      required: true,
    },
  };
}

function removeLabel(): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: 'Remove the public post?',
    description: 'Needs casebot’s Manage Messages permission; the text stays on the case.',
    component: {
      type: ComponentType.StringSelect,
      custom_id: flagFieldIds.remove,
      options: [
        { label: 'No, leave it', value: KEEP, default: true },
        { label: 'Yes, remove it', value: REMOVE, description: 'Deletes the original message' },
      ],
      min_values: 1,
      max_values: 1,
      required: true,
    },
  };
}

export function renderFlagModal(
  view: FlagFormView,
  messageId: string,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeCustomId({ kind: 'flag-form', messageId }),
    title: 'Flag for private support',
    components: [
      summary(view),
      ...(view.severityOptions.length > 0 ? [severityLabel(view)] : []),
      ...(view.canRemove ? [removeLabel()] : []),
    ],
  };
}

/** When the dialog could not be shown in time: a button that opens it (from memory). */
export function renderFlagButton(messageId: string): DiscordMessage {
  return {
    content: 'Choose the severity and whether to remove the post:',
    embeds: [],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: 'Flag…',
            custom_id: encodeCustomId({ kind: 'flag-form', messageId }),
          },
        ],
      },
    ],
    allowed_mentions: mentionsOnly(),
  };
}
