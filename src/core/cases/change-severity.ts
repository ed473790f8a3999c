// Changes a case's severity: who and why are recorded, the tier rules apply, and every running
// SLA milestone gets its target recomputed from when it started (a new level may also start or
// drop a target).
import type { SlaMilestone, SupportCase } from '../model.js';
import { severityName } from '../sla/index.js';
import { CaseError } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { isStaff, loadCase, loadPerson } from './guards.js';
import { isOpenCase, isRunning, nextCheckAt, targetsFor } from './milestone-schedule.js';
import { checkTier } from './open-case.js';

export interface ChangeSeverityInput {
  caseId: string;
  actorId: string;
  severity: number;
  reason: string;
}

export interface SeverityChanged {
  case: SupportCase;
  milestones: SlaMilestone[];
}

export async function changeSeverity(
  deps: CaseDeps,
  input: ChangeSeverityInput,
): Promise<SeverityChanged> {
  const { store, policy, clock } = deps;
  const actor = await loadPerson(store, input.actorId);
  const current = await loadCase(store, input.caseId);
  if (!isStaff(actor) && actor.id !== current.requesterId) {
    throw new CaseError(
      'NOT_ALLOWED',
      `Only the requester or a support engineer can change the severity of ${current.reference}.`,
    );
  }
  if (!isOpenCase(current))
    throw new CaseError(
      'CASE_NOT_OPEN',
      `${current.reference} is ${current.status}: reopen it first.`,
    );
  if (!input.reason.trim()) {
    throw new CaseError(
      'REASON_REQUIRED',
      'Say why the severity changes (the business impact): it is kept in the case history.',
    );
  }
  if (input.severity === current.severity) {
    throw new CaseError(
      'SAME_SEVERITY',
      `${current.reference} is already ${severityName(policy, current.severity)}.`,
    );
  }
  const org = await store.directory.orgById(current.orgId);
  if (!org)
    throw new CaseError(
      'NO_ORG_ACCESS',
      `The organisation of ${current.reference} no longer exists.`,
    );
  checkTier(deps, org.tier, input.severity);
  const now = clock.now();
  const existing = await store.milestones.forCase(current.id);

  return store.transaction(async (tx) => {
    const updated = await tx.cases.update(current.id, { severity: input.severity, updatedAt: now });
    const changes: Record<string, unknown>[] = [];
    for (const milestone of existing.filter(isRunning)) {
      const [target] = targetsFor({
        policy,
        tier: org.tier,
        severity: input.severity,
        deployment: org.deployment,
        calendar: org.calendar,
        startedAt: milestone.startedAt,
        kinds: [milestone.kind],
      });
      if (!target) {
        await tx.milestones.remove(milestone.id);
        changes.push({ kind: milestone.kind, from: milestone.dueAt.toISOString(), to: null });
        continue;
      }
      const { dueAt, businessHours } = target.due;
      const check = nextCheckAt({
        startedAt: milestone.startedAt,
        dueAt,
        businessHours,
        calendar: org.calendar,
        thresholds: policy.warningThresholds,
        warnedLevel: null,
        now,
      });
      await tx.milestones.retarget(milestone.id, dueAt, businessHours, check);
      changes.push({
        kind: milestone.kind,
        from: milestone.dueAt.toISOString(),
        to: dueAt.toISOString(),
      });
    }
    const kinds = new Set(existing.map((milestone) => milestone.kind));
    const started = targetsFor({
      policy,
      tier: org.tier,
      severity: input.severity,
      deployment: org.deployment,
      calendar: org.calendar,
      startedAt: current.openedAt,
      kinds: (['first-response', 'resolution'] as const).filter((kind) => !kinds.has(kind)),
    });
    for (const { kind, due } of started) {
      const check = nextCheckAt({
        startedAt: current.openedAt,
        dueAt: due.dueAt,
        businessHours: due.businessHours,
        calendar: org.calendar,
        thresholds: policy.warningThresholds,
        warnedLevel: null,
        now,
      });
      await tx.milestones.create({
        caseId: current.id,
        kind,
        startedAt: current.openedAt,
        dueAt: due.dueAt,
        businessHours: due.businessHours,
        nextCheckAt: check,
      });
      changes.push({ kind, from: null, to: due.dueAt.toISOString() });
    }
    await tx.events.append({
      caseId: current.id,
      kind: 'severity-changed',
      actorId: actor.id,
      at: now,
      data: {
        from: current.severity,
        to: input.severity,
        reason: input.reason.trim(),
        milestones: changes,
      },
    });
    return { case: updated, milestones: await tx.milestones.forCase(current.id) };
  });
}
