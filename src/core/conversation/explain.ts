// *Why this time?* on a case (issue 12 item 6): the target it owes (or last met), with the working
// windows counted, the days skipped and why, the waiting-on-customer pauses and the rule. Anyone
// who may see the case may ask: the customer reads "by Monday 11:00" too.
import type { CaseEvent, Org, SlaMilestone, SupportCase } from '../model.js';
import {
  countingStart,
  deadlineRule,
  explainClock,
  explanationLines,
  formatDuration,
  milestoneName,
  workingTimeBetween,
  type DeadlineExplanation,
} from '../sla/index.js';
import { DeskError } from '../errors.js';
import type { NoticeView } from '../views.js';
import { pausedLeftMs, shownMilestone } from './alert-view.js';
import { findVisibleCase } from './case-ops.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { resolveActor } from './identity.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';

/** Events that end a wait on the customer (their reply, or the case leaving the queue). */
const WAIT_ENDS = new Set(['customer-wait-ended', 'resolved', 'closed']);

/** The pauses of `kind` recorded in the case's history; the last may still be open. */
export function pausesOf(
  events: CaseEvent[],
  kind: SlaMilestone['kind'],
): { from: Date; to: Date | null }[] {
  const pauses: { from: Date; to: Date | null }[] = [];
  let open: Date | null = null;
  for (const event of events) {
    const paused = event.data.paused;
    if (
      event.kind === 'waiting-on-customer' &&
      Array.isArray(paused) &&
      paused.includes(kind) &&
      open === null
    )
      open = event.at;
    else if (open && WAIT_ENDS.has(event.kind)) {
      pauses.push({ from: open, to: event.at });
      open = null;
    }
  }
  if (open) pauses.push({ from: open, to: null });
  return pauses;
}

/**
 * The severity a milestone was measured against: the case's for a target still owed (a severity
 * change recomputes those), the one in effect when it was met for a target met before a change.
 */
function severityFor(milestone: SlaMilestone, supportCase: SupportCase, events: CaseEvent[]) {
  const metAt = milestone.metAt?.getTime();
  if (metAt === undefined) return supportCase.severity;
  let severity = supportCase.severity;
  for (const event of events) {
    if (event.at.getTime() > metAt) break;
    const value = event.kind === 'opened' ? event.data.severity : event.data.to;
    if ((event.kind === 'opened' || event.kind === 'severity-changed') && typeof value === 'number')
      severity = value;
  }
  return severity;
}

/** The explanation of one stored milestone of a case, its texts in `language` (English unless told). */
export function explainMilestone(input: {
  ctx: Pick<DeskContext, 'policy'>;
  supportCase: SupportCase;
  org: Org;
  milestone: SlaMilestone;
  events: CaseEvent[];
  language?: string;
}): DeadlineExplanation {
  const { supportCase, org, milestone } = input;
  const language = input.language ?? DEFAULT_LANGUAGE;
  const calendar = org.calendar;
  const rule = deadlineRule({
    policy: input.ctx.policy,
    tier: org.tier,
    severity: severityFor(milestone, supportCase, input.events),
    deployment: org.deployment,
    milestone: milestone.kind,
    calendar,
    language,
  });
  if (!rule)
    throw new DeskError(
      'NO_TARGET',
      t(language, 'sla.explain.noTarget', {
        milestone: milestoneName(milestone.kind, language),
        reference: supportCase.reference,
      }),
    );
  const pauses = pausesOf(input.events, milestone.kind).filter(
    (pause) => pause.from.getTime() < milestone.dueAt.getTime(),
  );
  const lengthMs = milestone.businessHours
    ? workingTimeBetween(calendar, milestone.startedAt.getTime(), milestone.dueAt.getTime())
    : milestone.dueAt.getTime() - milestone.startedAt.getTime();
  // A resume moved the stored start and due on by its pause; an open pause has moved nothing yet.
  const countFrom = countingStart({
    calendar,
    businessHours: milestone.businessHours,
    dueAt: milestone.dueAt,
    lengthMs,
    pauses: pauses.filter((pause) => pause.to !== null),
  });
  const clock = explainClock({
    calendar,
    businessHours: milestone.businessHours,
    countFrom,
    dueAt: milestone.dueAt,
    pauses,
    language,
  });
  return { rule, ...clock };
}

export async function explainCase(
  ctx: DeskContext,
  actor: Actor,
  caseIdOrReference: string,
): Promise<NoticeView> {
  const { person, language } = await resolveActor(ctx, actor);
  const supportCase = await findVisibleCase(ctx, person, caseIdOrReference);
  const org = await ctx.store.directory.orgById(supportCase.orgId);
  const milestone = shownMilestone(await ctx.store.milestones.forCase(supportCase.id));
  if (!org || !milestone)
    return {
      kind: 'notice',
      tone: 'info',
      language,
      text: t(language, 'sla.explain.nothingToExplain', { reference: supportCase.reference }),
    };
  const events = await ctx.store.events.forCase(supportCase.id);
  const explanation = explainMilestone({ ctx, supportCase, org, milestone, events, language });
  const lines = explanationLines(explanation, language);
  const left = pausedLeftMs(milestone, org);
  if (left !== null)
    lines.push(t(language, 'sla.explain.pausedLeft', { duration: formatDuration(left, language) }));
  if (milestone.metAt)
    lines.push(t(language, 'sla.explain.met', { iso: milestone.metAt.toISOString() }));
  const heading = t(language, 'sla.explain.heading', {
    reference: supportCase.reference,
    line: lines[0] ?? '',
  });
  return { kind: 'notice', tone: 'info', language, text: [heading, ...lines.slice(1)].join('\n') };
}
