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
import { languageOfView, t } from '../../../core/i18n/index.js';
import type { FlagFormView } from '../../../core/views.js';
import { encodeCustomId, flagFieldIds } from '../custom-ids.js';
import { truncate, userText } from '../text.js';
import { mentionsOnly, type DiscordMessage } from './message.js';

const MAX_SELECT_OPTIONS = 25;
export const REMOVE = 'yes';
export const KEEP = 'no';

function summary(view: FlagFormView, language: string): APITextDisplayComponent {
  const author = userText(view.authorName, 100);
  const text = view.orgName
    ? t(language, 'discord.flag.summaryCase', { author, org: userText(view.orgName, 100) })
    : t(language, 'discord.flag.summaryNoOrg', { author });
  return { type: ComponentType.TextDisplay, content: text };
}

function severityLabel(view: FlagFormView, language: string): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: t(language, 'labels.caseForm.severity'),
    description: t(language, 'discord.flag.severityHint'),
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

function removeLabel(language: string): APILabelComponent {
  const say = (key: string) => t(language, `discord.flag.${key}`);
  return {
    type: ComponentType.Label,
    label: say('remove'),
    description: say('removeHint'),
    component: {
      type: ComponentType.StringSelect,
      custom_id: flagFieldIds.remove,
      options: [
        { label: say('keep'), value: KEEP, default: true },
        { label: say('removeIt'), value: REMOVE, description: say('removeItHint') },
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
  authorId?: string,
): APIModalInteractionResponseCallbackData {
  const language = languageOfView(view);
  return {
    custom_id: encodeCustomId({ kind: 'flag-form', messageId, ...(authorId ? { authorId } : {}) }),
    title: t(language, 'discord.flag.title'),
    components: [
      summary(view, language),
      ...(view.severityOptions.length > 0 ? [severityLabel(view, language)] : []),
      ...(view.canRemove ? [removeLabel(language)] : []),
    ],
  };
}

/** When the dialog could not be shown in time: a button that opens it (from memory). */
export function renderFlagButton(messageId: string, language: string): DiscordMessage {
  return {
    content: t(language, 'discord.flag.buttonPrompt'),
    embeds: [],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            label: t(language, 'discord.flag.button'),
            custom_id: encodeCustomId({ kind: 'flag-form', messageId }),
          },
        ],
      },
    ],
    allowed_mentions: mentionsOnly(),
  };
}
