// The work key of a Slack request (see core/delivery/work-scope.ts): what names it across a
// redelivery, a resubmission or a replay after a crash.
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
  view?: { id?: unknown };
}

export function slackWorkOf(raw: unknown): SlackWork | null {
  const body = (raw ?? {}) as Body;
  if (typeof body.event_id === 'string')
    return { key: `slack:${body.event_id}`, eventId: body.event_id };
  // A resubmitted form keeps its view id: the same work, answered with its first outcome.
  if (body.type === 'view_submission' && typeof body.view?.id === 'string')
    return { key: `slack:view:${body.view.id}`, eventId: null };
  // Buttons, shortcuts and slash commands: one trigger per click or command.
  if (typeof body.trigger_id === 'string') {
    const kind = typeof body.command === 'string' ? 'command' : String(body.type ?? 'interaction');
    return { key: `slack:${kind}:${body.trigger_id}`, eventId: null };
  }
  return null;
}
