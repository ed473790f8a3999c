// Scheduled callbacks in a period: how many were asked for, booked, confirmed, held, missed and
// cancelled, and how many immediate calls paged someone, counted from the case log (a call's
// events), so a past period's figures do not change with later calls.
import type { CaseEvent } from '../core/model.js';
import { inPeriod, type ReportScope } from './report-data.js';

export interface CallbackFigures {
  requested: number;
  booked: number;
  confirmed: number;
  held: number;
  missed: number;
  cancelled: number;
  /** Immediate calls of critical incidents (the owner paged). */
  immediate: number;
}

/** A callback event with the org and team of its case, so the report can scope it. */
export type CallbackEvent = CaseEvent & { orgId: string; teamId: string | null };

const FIELD: Partial<Record<CaseEvent['kind'], keyof CallbackFigures>> = {
  'callback-requested': 'requested',
  'callback-booked': 'booked',
  'callback-confirmed': 'confirmed',
  'callback-held': 'held',
  'callback-missed': 'missed',
  'callback-cancelled': 'cancelled',
  'callback-paged': 'immediate',
};

export const CALLBACK_EVENT_KINDS = Object.keys(FIELD) as CaseEvent['kind'][];

export function callbackFigures(
  events: readonly CallbackEvent[],
  scope: ReportScope,
): CallbackFigures {
  const figures: CallbackFigures = {
    requested: 0,
    booked: 0,
    confirmed: 0,
    held: 0,
    missed: 0,
    cancelled: 0,
    immediate: 0,
  };
  for (const event of events) {
    const field = FIELD[event.kind];
    if (!field || !inPeriod(event.at, scope)) continue;
    if (scope.orgId !== null && event.orgId !== scope.orgId) continue;
    if (scope.teamId !== null && event.teamId !== scope.teamId) continue;
    // A booked call the owner moved (a proposal) is still one booking asked by the customer.
    if (event.kind === 'callback-booked' && event.data.by === 'owner') continue;
    figures[field] += 1;
  }
  return figures;
}
