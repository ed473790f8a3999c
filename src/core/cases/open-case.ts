// Opens a case: checks the tier rules of the policy, routes it to the team that owns the product,
// and writes the case, its SLA milestones and the 'opened' event in ONE transaction (a failure
// half-way leaves nothing behind). The suggested assignee is computed after the commit.
import type {
  CaseType,
  MilestoneKind,
  Org,
  Person,
  Place,
  SlaMilestone,
  SupportCase,
  Team,
} from '../model.js';
import { checkSeverityAllowed, SlaRuleError, type DueResult } from '../sla/index.js';
import { routeCase } from '../routing/route-case.js';
import { suggestAssignee } from '../routing/suggest-assignee.js';
import { CaseError, said } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { IntakeKeyTakenError } from '../ports/storage.js';
import { loadPerson } from './guards.js';
import { nextCheckAt, targetsFor } from './milestone-schedule.js';

export const CASE_TYPES: CaseType[] = ['bug', 'feature', 'question', 'account', 'maintenance'];

/** Milestones started when a case opens; next-response starts when a customer writes again. */
const MILESTONES_AT_OPEN: MilestoneKind[] = ['first-response', 'resolution'];

export interface OpenCaseInput {
  requesterId: string;
  title: string;
  situation: string;
  severity: number;
  seriousness: string;
  product: string;
  type: CaseType;
  origin?: Place | null;
  customerPlace?: Place | null;
  /** The deflection this case escalates (its outcome becomes `escalated`). */
  deflectionId?: string | null;
  /** The platform submission (Slack `view.id`): submitted again, it finds the same case. */
  intakeKey?: string | null;
}

export interface OpenedCase {
  case: SupportCase;
  org: Org;
  team: Team | null;
  requester: Person;
  milestones: SlaMilestone[];
  /** The first-response target (null when the policy sets none for this tier and severity). */
  firstResponse: DueResult | null;
  suggestedAssignee: Person | null;
  /** The intake key had already opened this case: nothing was written this time. */
  repeated: boolean;
}

export async function openCase(deps: CaseDeps, input: OpenCaseInput): Promise<OpenedCase> {
  const { store, policy, clock } = deps;
  const requester = await loadPerson(store, input.requesterId);
  const org = requester.orgId ? await store.directory.orgById(requester.orgId) : null;
  if (!org) {
    throw new CaseError('NO_ORG_ACCESS', said('noOrgAccess'));
  }
  const first = input.intakeKey ? await store.cases.byIntakeKey(input.intakeKey) : null;
  if (first) return repeatOf(deps, first, org, requester);
  validateInput(input);
  checkTier(deps, org.tier, input.severity);
  const team = await routeCase(store.directory, input.product);
  const openedAt = clock.now();
  const targets = targetsFor({
    policy,
    tier: org.tier,
    severity: input.severity,
    deployment: org.deployment,
    calendar: org.calendar,
    startedAt: openedAt,
    kinds: MILESTONES_AT_OPEN,
  });

  const written = await store
    .transaction(async (tx) => {
      const created = await tx.cases.create({
        orgId: org.id,
        requesterId: requester.id,
        teamId: team?.id ?? null,
        title: input.title.trim(),
        situation: input.situation.trim(),
        severity: input.severity,
        seriousness: input.seriousness.trim(),
        product: input.product.trim(),
        type: input.type,
        origin: input.origin ?? null,
        customerPlace: input.customerPlace ?? null,
        openedAt,
        intakeKey: input.intakeKey ?? null,
      });
      const milestones: SlaMilestone[] = [];
      for (const { kind, due } of targets) {
        milestones.push(
          await tx.milestones.create({
            caseId: created.id,
            kind,
            startedAt: openedAt,
            dueAt: due.dueAt,
            businessHours: due.businessHours,
            nextCheckAt: nextCheckAt({
              startedAt: openedAt,
              dueAt: due.dueAt,
              businessHours: due.businessHours,
              calendar: org.calendar,
              thresholds: policy.warningThresholds,
              warnedLevel: null,
              now: openedAt,
            }),
          }),
        );
      }
      const deflection = input.deflectionId ? await tx.deflections.byId(input.deflectionId) : null;
      // The articles the customer saw before opening: kept on the case so that the audit log shows
      // what did not help (dated when they were shown, so it comes first).
      if (deflection) {
        await tx.events.append({
          caseId: created.id,
          kind: 'suggestions-shown',
          actorId: requester.id,
          at: deflection.askedAt,
          data: {
            deflectionId: deflection.id,
            question: deflection.question,
            articleIds: deflection.articleIds,
          },
        });
      }
      const firstDue = targets.find((target) => target.kind === 'first-response')?.due ?? null;
      await tx.events.append({
        caseId: created.id,
        kind: 'opened',
        actorId: requester.id,
        at: openedAt,
        data: {
          severity: input.severity,
          tier: org.tier,
          product: created.product,
          teamId: team?.id ?? null,
          firstResponseDueAt: firstDue?.dueAt.toISOString() ?? null,
          targetText: firstDue?.targetText ?? null,
          deflectionId: input.deflectionId ?? null,
        },
      });
      if (deflection) {
        await tx.deflections.setOutcome(deflection.id, 'escalated', openedAt, created.id);
      }
      return { created, milestones };
    })
    .catch(async (error: unknown) => {
      // The same submission at the same time, elsewhere: it opened the case, this one wrote nothing.
      if (!(error instanceof IntakeKeyTakenError)) throw error;
      return await store.cases.byIntakeKey(error.intakeKey);
    });
  if (!written) throw new CaseError('CASE_NOT_FOUND', said('formGone'));
  if (!('created' in written)) return repeatOf(deps, written, org, requester);
  const { created, milestones } = written;

  const suggestedAssignee = await suggestAssignee(store, created.teamId, openedAt);
  const firstResponse = targets.find((target) => target.kind === 'first-response')?.due ?? null;
  return {
    case: created,
    org,
    team,
    requester,
    milestones,
    firstResponse,
    suggestedAssignee,
    repeated: false,
  };
}

/** What the first submission opened, as openCase returned it then (targets from its opening). */
async function repeatOf(
  deps: CaseDeps,
  first: SupportCase,
  org: Org,
  requester: Person,
): Promise<OpenedCase> {
  const { store, policy } = deps;
  const team = first.teamId ? await store.directory.teamById(first.teamId) : null;
  const targets = targetsFor({
    policy,
    tier: org.tier,
    severity: first.severity,
    deployment: org.deployment,
    calendar: org.calendar,
    startedAt: first.openedAt,
    kinds: ['first-response'],
  });
  return {
    case: first,
    org,
    team,
    requester,
    milestones: await store.milestones.forCase(first.id),
    firstResponse: targets[0]?.due ?? null,
    suggestedAssignee: null,
    repeated: true,
  };
}

/** The typed fields a case cannot open without (`details.missing` names them for callers). */
type RequiredField = 'title' | 'situation' | 'product';

function validateInput(input: OpenCaseInput): void {
  const missing: RequiredField[] = [];
  if (!input.title.trim()) missing.push('title');
  if (!input.situation.trim()) missing.push('situation');
  if (!input.product.trim()) missing.push('product');
  if (missing.length > 0) {
    const fields = missing.map((field) => said('missingField', { field }));
    throw new CaseError('INVALID_CASE_INPUT', said('missingFields', { fields: { list: fields } }), {
      missing,
    });
  }
  if (!CASE_TYPES.includes(input.type)) {
    const types = CASE_TYPES.map((type) => ({ key: 'labels.caseType', values: { type } }));
    throw new CaseError('INVALID_CASE_INPUT', said('badType', { types: { list: types } }));
  }
}

/** Tier rules come from the policy (e.g. Development may open developer-support cases only). */
export function checkTier(deps: Pick<CaseDeps, 'policy'>, tier: string, severity: number): void {
  try {
    checkSeverityAllowed(deps.policy, tier, severity);
  } catch (error) {
    // The SLA rule's own words, in the reader's language when it carries a catalogue message.
    if (error instanceof SlaRuleError) throw new CaseError(error.code, error.said ?? error.message);
    throw error;
  }
}
