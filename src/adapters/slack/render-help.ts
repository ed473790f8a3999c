// The help text of /support and of an empty mention (plain text: rendered through a notice).
import { DEFAULT_LANGUAGE, t } from '../../core/i18n/index.js';
import { SLASH_COMMAND } from './ids.js';

export function renderHelp(language: string = DEFAULT_LANGUAGE): string {
  return t(language, 'slack.help', { command: SLASH_COMMAND });
}
