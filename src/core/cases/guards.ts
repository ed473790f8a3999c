// Loading and checking what every use case needs: the case, the acting person, the refusals.
import { availabilityAt } from '../routing/availability.js';
import type { Person, SupportCase } from '../model.js';
import { CaseError, noSuchCase } from './case-error.js';
import type { Repositories } from './repositories.js';
import { OPEN_STATUSES } from './repositories.js';

export async function loadCase(
  repos: Pick<Repositories, 'cases'>,
  caseIdOrReference: string,
): Promise<SupportCase> {
  const found =
    (await repos.cases.byId(caseIdOrReference)) ??
    (await repos.cases.byReference(caseIdOrReference));
  if (!found) throw noSuchCase(caseIdOrReference);
  return found;
}

export async function loadPerson(
  repos: Pick<Repositories, 'directory'>,
  personId: string,
): Promise<Person> {
  const person = await repos.directory.personById(personId);
  if (!person)
    throw new CaseError(
      'UNKNOWN_PERSON',
      'casebot does not know you yet: ask a question first, or ask an admin to add you.',
    );
  return person;
}

export function isAdmin(person: Person): boolean {
  return person.roles.includes('admin');
}

export function isStaff(person: Person): boolean {
  return person.roles.includes('engineer') || person.roles.includes('admin');
}

export function requireStaff(person: Person, what: string): void {
  if (!isStaff(person))
    throw new CaseError('NOT_AN_ENGINEER', `Only support engineers can ${what}.`);
}

/**
 * Staff may act on a case they hold, one of their own team's, or one no team owns; admins on any.
 * Decisions that change a case's course (resolve, severity) stay with the people answerable for it.
 */
export function requireCaseTeam(actor: Person, supportCase: SupportCase): void {
  const mayAct =
    isAdmin(actor) ||
    supportCase.assigneeId === actor.id ||
    supportCase.teamId === null ||
    actor.teamId === supportCase.teamId;
  if (!mayAct)
    throw new CaseError(
      'WRONG_TEAM',
      `${supportCase.reference} belongs to another team: ask its engineers or an admin.`,
    );
}

export type Refusal = 'AT_CAPACITY' | 'ENGINEER_AWAY' | 'WRONG_TEAM';

/**
 * Why `engineer` may not take `supportCase` (empty when they may). `self` words the message for
 * the engineer themselves ("you are …") or for someone assigning them.
 */
export async function refusalsFor(
  repos: Pick<Repositories, 'cases'>,
  engineer: Person,
  supportCase: SupportCase,
  self: boolean,
  now: Date,
): Promise<{ code: Refusal; message: string }[]> {
  const who = self ? 'You are' : `${engineer.displayName} is`;
  const refusals: { code: Refusal; message: string }[] = [];
  const availability = availabilityAt(engineer, now);
  if (availability !== 'available') {
    refusals.push({
      code: 'ENGINEER_AWAY',
      message: `${who} marked as ${availability}, so ${supportCase.reference} cannot be assigned.`,
    });
  }
  if (supportCase.teamId && engineer.teamId !== supportCase.teamId) {
    refusals.push({
      code: 'WRONG_TEAM',
      message: `${who} not in the team that owns ${supportCase.product}, so ${supportCase.reference} belongs to another team.`,
    });
  }
  const counts = await repos.cases.countOpenByAssignee([engineer.id]);
  const open = counts.get(engineer.id) ?? 0;
  if (open >= engineer.capacity) refusals.push(capacityRefusal(engineer, open, self));
  return refusals;
}

export function capacityRefusal(
  engineer: Person,
  open: number,
  self: boolean,
): { code: 'AT_CAPACITY'; message: string } {
  const who = self ? 'You are' : `${engineer.displayName} is`;
  return {
    code: 'AT_CAPACITY',
    message: `${who} at capacity (${open} of ${engineer.capacity} open cases): hand one over first.`,
  };
}

/** Throws the first refusal unless an admin overrides; returns the overridden codes to record. */
export function enforceRefusals(
  refusals: { code: Refusal; message: string }[],
  actor: Person,
  override: boolean,
): Refusal[] {
  if (refusals.length === 0) return [];
  if (override && isAdmin(actor)) return refusals.map((refusal) => refusal.code);
  const first = refusals[0]!;
  const hint = isAdmin(actor) ? ' (as an admin you may override)' : '';
  throw new CaseError(first.code, first.message + hint, {
    refusals: refusals.map((refusal) => refusal.code),
  });
}

export function isWorkInProgress(supportCase: SupportCase): boolean {
  return OPEN_STATUSES.includes(supportCase.status);
}
