// The work key of a Slack request (see core/delivery/work-scope.ts): what names it across a
// redelivery, a resubmission or a replay after a crash.
import { CALLBACK_IDS } from './ids.js';
import { decodeFlaggedPost } from './render-flag-form.js';

interface SlackWork {
  key: string;
  /** Events API events: Slack redelivers them with the same id (the ledger de-duplicates). */
  eventId: string | null;
}

interface Body {
  event_id?: unknown;
  type?: unknown;
  trigger_id?: unknown;
  command?: unknown;
  view?: { id?: unknown; callback_id?: unknown; private_metadata?: unknown };
}

export function slackWorkOf(raw: unknown): SlackWork | null {
  const body = (raw ?? {}) as Body;
  if (typeof body.event_id === 'string')
    return { key: `slack:${body.event_id}`, eventId: body.event_id };
  if (body.type === 'view_submission') {
    // A post moves once: a second flag dialog for it (another moderator, or the shortcut used
    // twice) is the same work as the first, and is answered with the case that one opened.
    const flagged = flaggedPostOf(body.view);
    if (flagged) return { key: `slack:flag:${flagged.channelId}:${flagged.ts}`, eventId: null };
    // A resubmitted form keeps its view id: the same work, answered with its first outcome.
    if (typeof body.view?.id === 'string')
      return { key: `slack:view:${body.view.id}`, eventId: null };
  }
  // Buttons, shortcuts and slash commands: one trigger per click or command.
  if (typeof body.trigger_id === 'string') {
    const kind = typeof body.command === 'string' ? 'command' : String(body.type ?? 'interaction');
    return { key: `slack:${kind}:${body.trigger_id}`, eventId: null };
  }
  return null;
}

function flaggedPostOf(view: Body['view']) {
  if (view?.callback_id !== CALLBACK_IDS.flagForm) return null;
  return typeof view.private_metadata === 'string'
    ? decodeFlaggedPost(view.private_metadata)
    : null;
}
