// Changes a case's severity: who and why are recorded, the tier rules apply, and every SLA target
// the case still owes (running, or breached and still unanswered) is recomputed for the new level,
// as the policy's `severityChange` says: from the change (`restart`, the default) or with the time
// already elapsed counting against it (`carry-over`). A target met (on time or late) stays as it
// was; a level may also start a target the case did not have, or drop one.
//
// Concurrency: the refusals are checked up front (clear messages), then everything the change
// writes is decided again from what the transaction reads. The case update is conditional on the
// severity the person saw and an open status, so of two simultaneous changes one wins and a
// resolve in between is not overwritten; each recomputed target is conditional on the milestone
// still being owed, so a reply recorded meanwhile is never re-armed or wiped, and a breach recorded
// meanwhile by the SLA loop measured the old target (which the loop's writes name).
import type { CaseEvent, Org, Person, SlaMilestone, SupportCase } from '../model.js';
import { severityName } from '../sla/index.js';
import { CaseError, said, statusWord } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { doneByThisWork, madeBy } from './done-by-work.js';
import { isStaff, loadCase, loadPerson, requireCaseTeam } from './guards.js';
import {
  isOpenCase,
  isRunning,
  isUnmet,
  nextCheckAt,
  restartOwed,
  targetsFor,
} from './milestone-schedule.js';
import { checkTier } from './open-case.js';
import { OPEN_STATUSES, type Repositories } from '../ports/storage.js';

export interface ChangeSeverityInput {
  caseId: string;
  actorId: string;
  severity: number;
  reason: string;
}

export interface SeverityChanged {
  case: SupportCase;
  /** The case as the change found it (its severity is the one changed from). */
  before: SupportCase;
  milestones: SlaMilestone[];
  /** Every severity the case held before this change, from its history (opening level first). */
  earlierSeverities: number[];
}

type MilestoneChange = { kind: string; from: string | null; to: string | null };

interface ChangePlan {
  deps: CaseDeps;
  actor: Person;
  org: Org;
  input: ChangeSeverityInput;
  now: Date;
}

export async function changeSeverity(
  deps: CaseDeps,
  input: ChangeSeverityInput,
): Promise<SeverityChanged> {
  const { store, clock } = deps;
  const actor = await loadPerson(store, input.actorId);
  const seen = await loadCase(store, input.caseId);
  const done = await doneByThisWork(store, seen, 'severity-changed');
  if (done) return changeRecorded(store, seen, done);
  checkChange(deps, actor, seen, input);
  const org = await store.directory.orgById(seen.orgId);
  if (!org) throw new CaseError('NO_ORG_ACCESS', said('orgGone', { reference: seen.reference }));
  checkTier(deps, org.tier, input.severity);
  const plan: ChangePlan = { deps, actor, org, input, now: clock.now() };
  return store.transaction((tx) => applyChange(tx, plan, seen));
}

/** Who may, whether the case is open, a reason, a different level: refusals before any write. */
function checkChange(
  deps: CaseDeps,
  actor: Person,
  current: SupportCase,
  input: ChangeSeverityInput,
): void {
  // The requester keeps the right to re-qualify their own case; staff must be answerable for it
  // (the same rule as resolving); any other customer is refused.
  if (actor.id !== current.requesterId) {
    if (!isStaff(actor))
      throw new CaseError(
        'NOT_ALLOWED',
        said('severityNotAllowed', { reference: current.reference }),
      );
    requireCaseTeam(actor, current);
  }
  if (!isOpenCase(current))
    throw new CaseError(
      'CASE_NOT_OPEN',
      said('reopenFirst', { reference: current.reference, status: statusWord(current.status) }),
    );
  if (!input.reason.trim()) {
    throw new CaseError('REASON_REQUIRED', said('reasonRequired'));
  }
  if (input.severity === current.severity) {
    throw new CaseError(
      'SAME_SEVERITY',
      said('sameSeverity', {
        reference: current.reference,
        level: severityName(deps.policy, current.severity),
      }),
    );
  }
}

/** The change itself, inside the transaction, from what the transaction reads. */
async function applyChange(
  tx: Repositories,
  plan: ChangePlan,
  seen: SupportCase,
): Promise<SeverityChanged> {
  const { input, now } = plan;
  const current = await loadCase(tx, seen.id);
  // The person decided on the level they saw: a change or a resolve since then is theirs to see.
  if (!isOpenCase(current) || current.severity !== seen.severity)
    throw changedMeanwhile(current, plan);
  // The database settles what the read above cannot on PostgreSQL (another transaction may
  // commit between that read and this write): only one change from this level wins.
  const updated = await tx.cases.updateIf(
    current.id,
    { severity: current.severity, statuses: OPEN_STATUSES },
    { severity: input.severity, updatedAt: now },
  );
  if (!updated) throw changedMeanwhile(current, plan);
  // Read after the conditional update: on PostgreSQL it holds the case row, so a concurrent
  // change's milestones are committed (and seen) or cannot be written before ours.
  const existing = await tx.milestones.forCase(current.id);
  const history = await tx.events.forCase(current.id);
  const changes = [
    ...(await recomputeOwed(tx, plan, existing)),
    ...(await startMissing(tx, plan, current, existing, history)),
  ];
  // A case waiting on the customer keeps waiting: the targets restarted or started by the change
  // stop their clocks at once (they resume with their full time left when the customer answers).
  if (current.status === 'waiting-on-customer')
    await tx.milestones.pause(current.id, plan.deps.policy.customerWait.pauses, now);
  await tx.events.append({
    caseId: current.id,
    kind: 'severity-changed',
    actorId: plan.actor.id,
    at: now,
    data: {
      from: current.severity,
      to: input.severity,
      reason: input.reason.trim(),
      milestones: changes,
      ...madeBy(),
    },
  });
  return {
    case: updated,
    before: current,
    milestones: await tx.milestones.forCase(current.id),
    earlierSeverities: severitiesHeld(history, current),
  };
}

/** The change as its event recorded it (from which level), with the case and targets as they are. */
async function changeRecorded(
  repos: Pick<Repositories, 'events' | 'milestones'>,
  current: SupportCase,
  event: CaseEvent,
): Promise<SeverityChanged> {
  const from = typeof event.data.from === 'number' ? event.data.from : current.severity;
  const before = { ...current, severity: from };
  const history = await repos.events.forCase(current.id);
  const at = history.findIndex((other) => other.id === event.id);
  const earlier = at < 0 ? history : history.slice(0, at);
  return {
    case: current,
    before,
    milestones: await repos.milestones.forCase(current.id),
    earlierSeverities: severitiesHeld(earlier, before),
  };
}

function changedMeanwhile(current: SupportCase, plan: ChangePlan): CaseError {
  if (!isOpenCase(current))
    return new CaseError(
      'CASE_NOT_OPEN',
      said('finishedMeanwhile', {
        reference: current.reference,
        status: statusWord(current.status),
      }),
    );
  const level = severityName(plan.deps.policy, current.severity);
  return new CaseError(
    'CONCURRENT_CHANGE',
    said('severityChangedMeanwhile', { reference: current.reference, level }),
  );
}

/**
 * When a target recomputed at the change starts: at the change (`restart`), or where it started
 * (`carry-over`: the time elapsed since counts against the new level's target).
 */
function startOf({ deps, now }: ChangePlan, startedAt: Date): Date {
  return deps.policy.severityChange === 'carry-over' ? startedAt : now;
}

/**
 * New targets for every milestone still owed (running, or breached and unanswered): an old
 * "overdue, was due …" gives way to the new level's target. One met meanwhile keeps its state; one
 * the new level sets no target for is dropped while running, and kept as a record once breached.
 */
async function recomputeOwed(
  tx: Repositories,
  plan: ChangePlan,
  existing: SlaMilestone[],
): Promise<MilestoneChange[]> {
  const { deps, org, input, now } = plan;
  const changes: MilestoneChange[] = [];
  for (const milestone of existing.filter(isUnmet)) {
    const startedAt = startOf(plan, milestone.startedAt);
    const [target] = targetsFor({
      policy: deps.policy,
      tier: org.tier,
      severity: input.severity,
      deployment: org.deployment,
      calendar: org.calendar,
      startedAt,
      kinds: [milestone.kind],
    });
    const from = milestone.dueAt.toISOString();
    if (!target) {
      // Met or breached meanwhile: that record stays, and nothing changed.
      if (await tx.milestones.removeIfRunning(milestone.id)) {
        changes.push({ kind: milestone.kind, from, to: null });
      }
      continue;
    }
    const { dueAt, businessHours } = target.due;
    const check = nextCheckAt({
      startedAt,
      dueAt,
      businessHours,
      calendar: org.calendar,
      thresholds: deps.policy.warningThresholds,
      warnedLevel: null,
      now,
    });
    const sameStart = startedAt.getTime() === milestone.startedAt.getTime();
    // A running target that keeps its start only moves its due instant (one conditional write).
    const recomputed =
      sameStart && isRunning(milestone)
        ? await tx.milestones.retarget(
            milestone.id,
            dueAt,
            businessHours,
            // A paused target keeps its clock stopped (the case still waits on the customer).
            milestone.pausedAt ? null : check,
          )
        : await restartOwed(tx, milestone, { startedAt, dueAt, businessHours, nextCheckAt: check });
    if (recomputed) changes.push({ kind: milestone.kind, from, to: dueAt.toISOString() });
  }
  return changes;
}

/**
 * Targets the new level sets that the case did not have yet, counted like the others (from the
 * change, or from the opening with `carry-over`). A first response already given is not owed.
 */
async function startMissing(
  tx: Repositories,
  plan: ChangePlan,
  current: SupportCase,
  existing: SlaMilestone[],
  history: CaseEvent[],
): Promise<MilestoneChange[]> {
  const { deps, org, input, now } = plan;
  const kinds = new Set(existing.map((milestone) => milestone.kind));
  const answered = history.some(
    (event) => event.kind === 'replied' && event.data.side === 'engineer',
  );
  if (answered) kinds.add('first-response');
  const startedAt = startOf(plan, current.openedAt);
  const started = targetsFor({
    policy: deps.policy,
    tier: org.tier,
    severity: input.severity,
    deployment: org.deployment,
    calendar: org.calendar,
    startedAt,
    kinds: (['first-response', 'resolution'] as const).filter((kind) => !kinds.has(kind)),
  });
  const changes: MilestoneChange[] = [];
  for (const { kind, due } of started) {
    const check = nextCheckAt({
      startedAt,
      dueAt: due.dueAt,
      businessHours: due.businessHours,
      calendar: org.calendar,
      thresholds: deps.policy.warningThresholds,
      warnedLevel: null,
      now,
    });
    await tx.milestones.create({
      caseId: current.id,
      kind,
      startedAt,
      dueAt: due.dueAt,
      businessHours: due.businessHours,
      nextCheckAt: check,
    });
    changes.push({ kind, from: null, to: due.dueAt.toISOString() });
  }
  return changes;
}

/**
 * The severities a case has held, from its history: the opening level ('opened' records it), each
 * earlier change's both ends, and the current one. Used to page on-call only the first time a case
 * reaches the top severity.
 */
function severitiesHeld(events: CaseEvent[], current: SupportCase): number[] {
  const held: unknown[] = [];
  for (const event of events) {
    if (event.kind === 'opened') held.push(event.data.severity);
    if (event.kind === 'severity-changed') held.push(event.data.from, event.data.to);
  }
  held.push(current.severity);
  return [...new Set(held.filter((value): value is number => typeof value === 'number'))];
}
