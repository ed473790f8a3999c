// CSAT as Discord components: five score buttons on a resolution notice, *Add a comment* on the
// thanks, and the comment modal. Ids carry the case and the resolution asked about, so a click
// after a reopen is refused by the core.
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { RATING_COMMENT_LIMIT } from '../../../core/cases/rate-case.js';
import { t } from '../../../core/i18n/index.js';
import type { RatingOffer } from '../../../core/views.js';
import { encodeCustomId, ratingCommentFieldId } from '../custom-ids.js';
import { truncate } from '../text.js';

/** The five score buttons: the ends say what they mean. */
const scoreLabels = (language: string) => [
  t(language, 'labels.ratePoor'),
  '2',
  '3',
  '4',
  t(language, 'labels.rateExcellent'),
];

export function ratingRow(
  offer: RatingOffer,
  language: string,
): APIActionRowComponent<APIButtonComponent> {
  const { caseId, resolution } = offer;
  if (offer.ask === 'comment')
    return {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: t(language, 'labels.addComment'),
          custom_id: encodeCustomId({ kind: 'rate-comment', caseId, resolution }),
        },
      ],
    };
  return {
    type: ComponentType.ActionRow,
    components: scoreLabels(language).map((label, index) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label,
      custom_id: encodeCustomId({ kind: 'rate', caseId, resolution, score: String(index + 1) }),
    })),
  };
}

export function renderRatingCommentModal(
  action: { caseId: string; resolution: string },
  language: string,
): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encodeCustomId({ kind: 'rate-comment', ...action }),
    title: t(language, 'discord.rating.title'),
    components: [
      {
        type: ComponentType.Label,
        label: truncate(t(language, 'discord.rating.prompt'), 45),
        component: {
          type: ComponentType.TextInput,
          custom_id: ratingCommentFieldId,
          style: TextInputStyle.Paragraph,
          max_length: RATING_COMMENT_LIMIT,
          required: true,
        },
      },
    ],
  };
}
