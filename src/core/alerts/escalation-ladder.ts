// The policy's escalation ladder applied to one recorded SLA level: who is told now. A level is
// recorded once (conditional updates), and a rung is "newly reached" only by the level that
// crosses it (from the level the milestone had when the loop read it), so each rung fires once.
import type { BusinessCalendar, SlaMilestone } from '../model.js';
import { afterTarget, rungReach, type EscalationRung, type Policy } from '../sla/index.js';
import type { SlaLevel } from './sla-levels.js';

/** Where a level stands on the ladder's scale: a warning's fraction, 1 the breach, 2 past it. */
export function levelReach(level: SlaLevel): number {
  return level.threshold;
}

/** Where the milestone stood before this level (as the loop read it). */
export function previousReach(milestone: Pick<SlaMilestone, 'warnedAt'>, level: SlaLevel): number {
  if (level.event === 'overrun') return 1;
  return milestone.warnedAt ?? 0;
}

function reachOf(rung: EscalationRung, thresholds: number[]): number {
  return rung.overrun ? 2 : rungReach(rung.at, thresholds);
}

function applies(rung: EscalationRung, severity: number): boolean {
  return rung.severities === null || rung.severities.includes(severity);
}

export interface LadderStep {
  /** The owner is told by direct message (every level from their rung on). */
  owner: boolean;
  /** The team channel (the alert thread) is told (every level from its rung on). */
  team: boolean;
  /** The on-call role is pinged: only by the level that reaches its rung. */
  onCall: boolean;
  /** The escalation contact's handle, only by the level that reaches the contact rung. */
  contact: string | null;
}

export function ladderStep(
  policy: Pick<Policy, 'escalation' | 'warningThresholds'>,
  severity: number,
  milestone: Pick<SlaMilestone, 'warnedAt'>,
  level: SlaLevel,
): LadderStep {
  const current = levelReach(level);
  const before = previousReach(milestone, level);
  const rungs = policy.escalation.filter((rung) => applies(rung, severity));
  const reached = (notify: EscalationRung['notify']) =>
    rungs.some(
      (rung) => rung.notify === notify && reachOf(rung, policy.warningThresholds) <= current,
    );
  const crossed = (rung: EscalationRung) => {
    const reach = reachOf(rung, policy.warningThresholds);
    return reach > before && reach <= current;
  };
  const contactRung = rungs.find((rung) => rung.notify === 'contact' && crossed(rung));
  return {
    owner: reached('owner'),
    team: reached('team'),
    onCall: rungs.some((rung) => rung.notify === 'on-call' && crossed(rung)),
    contact: contactRung?.contact ?? null,
  };
}

/**
 * When the overrun rung (a contact after the breach) is due for a milestone breached now: the due
 * instant plus the rung's overrun (working time for a business overrun); null when no rung waits.
 */
export function overrunCheckAt(
  policy: Pick<Policy, 'escalation'>,
  severity: number,
  dueAt: Date,
  calendar: BusinessCalendar,
): Date | null {
  const rung = policy.escalation.find((r) => r.overrun && applies(r, severity));
  return rung?.overrun ? afterTarget(calendar, dueAt, rung.overrun) : null;
}
