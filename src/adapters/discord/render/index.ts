// Every neutral view → a Discord message. The case form is a modal where an interaction allows
// it; posted anywhere else it becomes a button that opens the modal.
import { ButtonStyle, ComponentType } from 'discord.js';
import { languageOfView, t } from '../../../core/i18n/index.js';
import type { View } from '../../../core/views.js';
import { encodeCustomId } from '../custom-ids.js';
import { renderAlert } from './alert.js';
import { mentionsOnly, type DiscordMessage } from './message.js';
import { renderSuggestions } from './suggestions.js';
import {
  renderCaseList,
  renderConfirmation,
  renderFormErrors,
  renderNotice,
  renderRelay,
  renderSlaEvent,
} from './views.js';

export function renderView(view: View, context: { userId?: string } = {}): DiscordMessage {
  switch (view.kind) {
    case 'suggestions':
      return renderSuggestions(view);
    case 'case-form':
      return {
        content: t(languageOfView(view), 'discord.caseForm.prompt'),
        embeds: [],
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Primary,
                label: t(languageOfView(view), 'labels.openForm'),
                custom_id: encodeCustomId({ kind: 'case-form', deflectionId: view.deflectionId }),
              },
            ],
          },
        ],
        allowed_mentions: mentionsOnly(),
      };
    case 'case-form-errors':
      return renderFormErrors(view, context.userId ?? '0');
    case 'case-confirmation':
      return renderConfirmation(view);
    case 'case-alert':
      return renderAlert(view);
    case 'relay':
      return renderRelay(view);
    case 'notice':
      return renderNotice(view);
    case 'sla-event':
      return renderSlaEvent(view);
    case 'case-list':
      return renderCaseList(view);
  }
}

export { renderCaseModal, readCaseModal } from './case-form.js';
export { toInteractionOptions, type DiscordMessage } from './message.js';
