// One entry point from any neutral View to a Slack message (ChatPort.post/update/whisper).
import { languageOfView, t } from '../../core/i18n/index.js';
import type { View } from '../../core/views.js';
import { actions, button, section, type SlackMessage } from './blocks.js';
import { escapeText } from './escape.js';
import { ACTION_IDS } from './ids.js';
import { renderCaseAlert } from './render-alert.js';
import { renderCaseList } from './render-case-list.js';
import type { InvitationMode } from './render-callback.js';
import {
  encodeSuggestionValue,
  renderConfirmation,
  renderNotice,
  renderRelay,
  renderSlaEvent,
  renderSuggestions,
} from './render-messages.js';

/** `invitation`: how a notice's .ics attachment is shown (inline unless the caller sends the file). */
export function renderView(
  view: View,
  audienceUserId?: string,
  invitation: InvitationMode = 'inline',
): SlackMessage {
  switch (view.kind) {
    case 'suggestions':
      return renderSuggestions(view);
    case 'case-confirmation':
      return renderConfirmation(view);
    case 'case-alert':
      return renderCaseAlert(view);
    case 'relay':
      return renderRelay(view);
    case 'notice':
      return renderNotice(view, invitation);
    case 'sla-event':
      return renderSlaEvent(view);
    case 'case-list':
      return renderCaseList(view);
    case 'case-form': {
      // A form cannot live in a message: offer the button that opens it as a modal.
      const value = encodeSuggestionValue({
        d: view.deflectionId ?? '',
        a: audienceUserId ?? '',
        q: view.prefill.situation,
      });
      const language = languageOfView(view);
      return {
        text: t(language, 'slack.caseForm.heading'),
        blocks: [
          section(t(language, 'slack.caseFormLink')),
          actions('casebot_case_form_link', [
            button(ACTION_IDS.openCase, t(language, 'labels.openCase'), value, 'primary'),
          ]),
        ],
      };
    }
    case 'case-form-errors': {
      const language = languageOfView(view);
      const lines = Object.entries(view.errors).map(([field, message]) =>
        t(language, 'slack.formErrors.line', {
          field: t(language, 'labels.formField', { field }),
          message: escapeText(message ?? ''),
        }),
      );
      return {
        text: t(language, 'slack.formErrors.text'),
        blocks: [section(`${t(language, 'slack.formErrors.heading')}\n${lines.join('\n')}`)],
      };
    }
  }
}
