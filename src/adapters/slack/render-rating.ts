// CSAT in Block Kit: the 1–5 buttons on a resolution notice, the *Add a comment* button on the
// thanks, and the comment modal. A button's value names the case and the resolution asked about
// (`<caseId>|<resolution>|<reference>`), so the core can refuse a click made after a reopen.
import { DEFAULT_LANGUAGE, t } from '../../core/i18n/index.js';
import type { RatingOffer } from '../../core/views.js';
import { RATING_COMMENT_LIMIT } from '../../core/cases/rate-case.js';
import { actions, button, plain, section, type Block } from './blocks.js';
import { escapeText } from './escape.js';
import { ACTION_IDS, CALLBACK_IDS, RATE_ACTION_IDS } from './ids.js';

/** The score buttons' labels: the ends of the scale say what they mean. */
const scoreLabels = (language: string) => [
  t(language, 'labels.ratePoor'),
  '2',
  '3',
  '4',
  t(language, 'labels.rateExcellent'),
];
export const COMMENT_BLOCK = 'casebot_rating_comment_block';
export const COMMENT_INPUT = 'comment';

export function encodeRatingValue(
  offer: Pick<RatingOffer, 'caseId' | 'resolution' | 'caseReference'>,
): string {
  return `${offer.caseId}|${offer.resolution}|${offer.caseReference}`;
}

export function decodeRatingValue(
  value: string | undefined,
): { caseId: string; resolution: string; caseReference: string } | null {
  const [caseId, resolution, caseReference, extra] = (value ?? '').split('|');
  if (!caseId || !resolution || !caseReference || extra !== undefined) return null;
  return { caseId, resolution, caseReference };
}

/** The score of a rate button's action id ("casebot_rate_4" → "4"). */
export function scoreOfAction(actionId: string): string | null {
  const index = (RATE_ACTION_IDS as readonly string[]).indexOf(actionId);
  return index >= 0 ? String(index + 1) : null;
}

export function ratingBlocks(offer: RatingOffer, language: string = DEFAULT_LANGUAGE): Block[] {
  const value = encodeRatingValue(offer);
  if (offer.ask === 'comment')
    return [
      actions('casebot_rating_comment_offer', [
        button(ACTION_IDS.rateComment, t(language, 'labels.addComment'), value),
      ]),
    ];
  const labels = scoreLabels(language);
  return [
    actions(
      'casebot_rating_block',
      RATE_ACTION_IDS.map((id, index) => button(id, labels[index] ?? String(index + 1), value)),
    ),
  ];
}

/**
 * The comment modal in the rater's language; where to answer travels in private_metadata, with
 * the language, so that the submission's own error speaks it too (it is answered before any lookup).
 */
export function renderRatingCommentModal(
  caseReference: string,
  metadata: { value: string; channelId: string | null; threadTs: string | null },
  language: string = DEFAULT_LANGUAGE,
): Record<string, unknown> {
  const blocks: Block[] = [
    section(t(language, 'slack.rating.ask', { reference: escapeText(caseReference) })),
    {
      type: 'input',
      block_id: COMMENT_BLOCK,
      label: plain(t(language, 'slack.rating.comment')),
      element: {
        type: 'plain_text_input',
        action_id: COMMENT_INPUT,
        multiline: true,
        max_length: RATING_COMMENT_LIMIT,
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.ratingComment,
    title: plain(t(language, 'slack.rating.title'), 24),
    submit: plain(t(language, 'slack.rating.send')),
    close: plain(t(language, 'labels.cancel')),
    private_metadata: JSON.stringify({
      ...metadata,
      caseReference,
      ...(language === DEFAULT_LANGUAGE ? {} : { language }),
    }),
    blocks,
  };
}

export function parseRatingMetadata(raw: string | undefined): {
  value: string;
  channelId: string | null;
  threadTs: string | null;
  caseReference: string;
  language: string;
} | null {
  try {
    const parsed = JSON.parse(raw ?? '') as Record<string, unknown>;
    if (typeof parsed.value !== 'string' || typeof parsed.caseReference !== 'string') return null;
    const text = (key: string) =>
      typeof parsed[key] === 'string' ? (parsed[key] as string) : null;
    return {
      value: parsed.value,
      channelId: text('channelId'),
      threadTs: text('threadTs'),
      caseReference: parsed.caseReference,
      language: text('language') ?? DEFAULT_LANGUAGE,
    };
  } catch {
    return null;
  }
}
