import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { languageOfView, t } from '../../../core/i18n/index.js';
import type { SuggestionsView } from '../../../core/views.js';
import { encodeCustomId } from '../custom-ids.js';
import { truncate, userText } from '../text.js';
import { colours, mentionsOnly, type DiscordMessage } from './message.js';

/** Suggestions as one embed (a deep link per article) with the asker-only buttons. */
export function renderSuggestions(view: SuggestionsView): DiscordMessage {
  const language = languageOfView(view);
  const say = (key: string) => t(language, `discord.suggestions.${key}`);
  const embed: APIEmbed = {
    title: say(view.noGoodMatch ? 'noGoodMatch' : 'mayHelp'),
    description: `> ${userText(view.question, 900).replace(/\n/g, '\n> ')}`,
    color: view.noGoodMatch ? colours.warning : colours.info,
    fields: view.articles.slice(0, 5).map((article, index) => ({
      name: truncate(
        `${view.articles.length > 1 ? `${index + 1}. ` : ''}${article.section ? `${article.title} › ${article.section}` : article.title}`,
        256,
      ),
      // The title is ours (knowledge base), but brackets in it would still break the masked link.
      value: truncate(
        `[${say('readArticle')}](${safeUrl(article.url)}) — ${userText(article.snippet, 700)}`,
        1024,
      ),
    })),
    footer: {
      text: say(view.canOpenCase ? 'askerOnlyFooter' : 'moderatorFooter'),
    },
  };
  // Nothing shown, nothing to mark solved (the core refuses it too).
  const buttons: APIButtonComponent[] = [];
  // With several suggestions, one button per article (numbered as the fields): the knowledge
  // loop learns the question for the one that solved it. At most 4, beside *Open a case*.
  const numbered = view.articles.length > 1 ? view.articles.slice(0, 4) : [];
  numbered.forEach((_, index) =>
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Success,
      label: t(language, 'labels.solvedNumbered', { number: String(index + 1) }),
      custom_id: encodeCustomId({
        kind: 'solved',
        deflectionId: view.deflectionId,
        askerId: view.askerUserId,
        article: index + 1,
      }),
    }),
  );
  if (view.articles.length === 1) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Success,
      label: t(language, 'labels.solvedIt'),
      custom_id: encodeCustomId({
        kind: 'solved',
        deflectionId: view.deflectionId,
        askerId: view.askerUserId,
      }),
    });
  }
  if (view.canOpenCase) {
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: t(language, 'labels.openCase'),
      custom_id: encodeCustomId({
        kind: 'open-case',
        deflectionId: view.deflectionId,
        askerId: view.askerUserId,
      }),
    });
  }
  return {
    embeds: [embed],
    // No deflection was recorded (the core failed to record it): nothing for the buttons to act on.
    components:
      view.deflectionId && buttons.length > 0
        ? [{ type: ComponentType.ActionRow, components: buttons }]
        : [],
    allowed_mentions: mentionsOnly(),
  };
}

/** A URL inside `( )` must not close the parenthesis early or smuggle a second link. */
function safeUrl(url: string): string {
  return url.replace(/[()\s<>]/g, encodeURIComponent);
}
