// Time to first response and to resolution of the cases opened in the period, wall-clock and in
// business time (the org's calendar, measured with the SLA engine's own working-time arithmetic).
import type { BusinessCalendar, CaseEvent } from '../core/model.js';
import { CalendarError, workingTimeBetween } from '../core/sla/index.js';
import type { ReportCase, ReportData } from './report-data.js';
import type { DurationFigures } from './report-types.js';
import { minutes, percentile } from './stats.js';

interface Span {
  supportCase: ReportCase;
  from: Date;
  to: Date;
}

/** The first engineer reply to each case (an internal note is not a response). */
export function firstResponses(
  cohort: readonly ReportCase[],
  events: Map<string, CaseEvent[]>,
): Span[] {
  const spans: Span[] = [];
  for (const supportCase of cohort) {
    const reply = (events.get(supportCase.id) ?? []).find(
      (event) => event.kind === 'replied' && event.data.side === 'engineer',
    );
    if (reply) spans.push({ supportCase, from: supportCase.openedAt, to: reply.at });
  }
  return spans;
}

/** Cases resolved (and not reopened since), from opening to their resolution. */
export function resolutions(cohort: readonly ReportCase[]): Span[] {
  return cohort.flatMap((supportCase) =>
    (supportCase.status === 'resolved' || supportCase.status === 'closed') &&
    supportCase.resolvedAt !== null
      ? [{ supportCase, from: supportCase.openedAt, to: supportCase.resolvedAt }]
      : [],
  );
}

export function durationFigures(
  spans: readonly Span[],
  orgs: Pick<ReportData, 'orgs'>['orgs'],
): DurationFigures {
  const calendars = new Map<string, BusinessCalendar>(orgs.map((org) => [org.id, org.calendar]));
  const wall = spans.map((span) => span.to.getTime() - span.from.getTime());
  const business = spans.flatMap((span) => {
    const calendar = calendars.get(span.supportCase.orgId);
    const working = calendar ? businessTime(calendar, span) : null;
    return working === null ? [] : [working];
  });
  return {
    count: spans.length,
    wallClock: {
      medianMinutes: minutes(percentile(wall, 0.5)),
      p90Minutes: minutes(percentile(wall, 0.9)),
    },
    business: {
      medianMinutes: minutes(percentile(business, 0.5)),
      p90Minutes: minutes(percentile(business, 0.9)),
    },
  };
}

function businessTime(calendar: BusinessCalendar, span: Span): number | null {
  try {
    return workingTimeBetween(calendar, span.from.getTime(), span.to.getTime());
  } catch (error) {
    // A calendar the setup check would refuse (stored before it did): no business figure for it.
    if (error instanceof CalendarError) return null;
    throw error;
  }
}
