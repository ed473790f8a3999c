// A case as it was at an instant, replayed from its audit log (the log is append-only and totally
// ordered), so a report for a past period shows that period's backlog and load, not today's.
import type { CaseEvent } from '../core/model.js';
import type { ReportCase } from './report-data.js';

export interface CaseStateAt {
  /** Opened and not resolved or closed at that instant. */
  open: boolean;
  assigneeId: string | null;
}

/** Events grouped by case, each list in log order. */
export function eventsByCase(events: readonly CaseEvent[]): Map<string, CaseEvent[]> {
  const byCase = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const list = byCase.get(event.caseId);
    if (list) list.push(event);
    else byCase.set(event.caseId, [event]);
  }
  for (const list of byCase.values()) list.sort(logOrder);
  return byCase;
}

function logOrder(a: CaseEvent, b: CaseEvent): number {
  return a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The case at `at` (inclusive), from its events; from its columns when it has no history. */
export function caseStateAt(
  supportCase: ReportCase,
  events: readonly CaseEvent[],
  at: Date,
): CaseStateAt {
  const ms = at.getTime();
  if (supportCase.openedAt.getTime() > ms) return { open: false, assigneeId: null };
  if (events.length === 0) return stateFromColumns(supportCase, ms);
  let open = true;
  let assigneeId: string | null = null;
  for (const event of events) {
    if (event.at.getTime() > ms) break;
    switch (event.kind) {
      case 'claimed':
        assigneeId = event.actorId;
        break;
      case 'unclaimed':
        assigneeId = null;
        break;
      case 'reassigned':
        assigneeId = stringOrNull(event.data.toAssigneeId);
        break;
      case 'resolved':
      case 'closed':
        open = false;
        break;
      case 'reopened':
        open = true;
        break;
      default:
        break;
    }
  }
  return { open, assigneeId };
}

function stateFromColumns(supportCase: ReportCase, ms: number): CaseStateAt {
  const ended = [supportCase.resolvedAt, supportCase.closedAt].some(
    (instant) => instant !== null && instant.getTime() <= ms,
  );
  return { open: !ended, assigneeId: supportCase.assigneeId };
}

/** When the case stopped being worked on (closed, else resolved), or null while it is open. */
export function endOf(supportCase: ReportCase): Date | null {
  if (supportCase.status === 'closed') return supportCase.closedAt ?? supportCase.resolvedAt;
  if (supportCase.status === 'resolved') return supportCase.resolvedAt;
  return null;
}
