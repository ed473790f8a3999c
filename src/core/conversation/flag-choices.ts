// The moderator's choices on a flag: the severity (within the author's tier) and whether the
// public post is removed. Removal is the platform's (a permission the bot may lack): a refusal is
// told to the moderator plainly, never thrown, since the move to private support has happened.
import { DeskError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Org, Place } from '../model.js';
import type { ChatPort, RemovalOutcome } from '../ports/platform.js';
import { allowedSeverities } from '../sla/index.js';
import { defaultSeverityFor } from './case-form.js';
import type { DeskContext } from './desk-context.js';

/** The chosen severity if the author's tier may open it, else a refusal naming those it may. */
export function flagSeverity(ctx: DeskContext, org: Org, chosen: number | null | undefined) {
  if (chosen === null || chosen === undefined) return defaultSeverityFor(ctx, org);
  const allowed = allowedSeverities(ctx.policy, org.tier);
  if (allowed.some((level) => level.value === chosen)) return chosen;
  const levels = allowed.map((level) => `${level.value} (${level.label})`).join(', ');
  throw new DeskError('SEVERITY_NOT_ALLOWED_FOR_TIER', {
    key: 'conversation.flag.severityNotAllowed',
    values: { org: org.name, severity: String(chosen), levels },
  });
}

export async function removeOriginal(
  ctx: DeskContext,
  port: ChatPort,
  message: Place & { messageId: string },
  /** The moderator's language (the reasons casebot and the adapters give). */
  language: string,
): Promise<RemovalOutcome> {
  if (!port.removeMessage)
    return {
      removed: false,
      reason: t(language, 'conversation.flag.cannotRemove', { platform: port.platform }),
    };
  try {
    return await port.removeMessage(message, language);
  } catch (error) {
    ctx.logger.warn('could not remove the flagged post', { message, error: String(error) });
    return { removed: false, reason: t(language, 'conversation.flag.removalRefused') };
  }
}

/** The sentence the moderator reads about the original post. */
export function removalSentence(outcome: RemovalOutcome | null, language: string): string {
  if (!outcome) return '';
  return outcome.removed
    ? t(language, 'conversation.flag.removed')
    : t(language, 'conversation.flag.notRemoved', { reason: outcome.reason });
}
