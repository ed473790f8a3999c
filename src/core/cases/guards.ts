// Loading and checking what every use case needs: the case, the acting person, the refusals.
import { availabilityAt } from '../routing/availability.js';
import type { Person, SupportCase } from '../model.js';
import type { CatalogueMessage } from '../errors.js';
import { CaseError, noSuchCase, said } from './case-error.js';
import type { Repositories } from '../ports/storage.js';
import { OPEN_STATUSES } from '../ports/storage.js';

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
  if (!person) throw new CaseError('UNKNOWN_PERSON', said('unknownPerson'));
  return person;
}

export function isAdmin(person: Person): boolean {
  return person.roles.includes('admin');
}

export function isStaff(person: Person): boolean {
  return person.roles.includes('engineer') || person.roles.includes('admin');
}

/** `action`: what is refused, a select key of conversation.cases.staffOnly ("claim", "reassign"). */
export function requireStaff(person: Person, action: string): void {
  if (!isStaff(person)) throw new CaseError('NOT_AN_ENGINEER', said('staffOnly', { action }));
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
    throw new CaseError('WRONG_TEAM', said('wrongTeam', { reference: supportCase.reference }));
}

export type Refusal = 'AT_CAPACITY' | 'ENGINEER_AWAY' | 'WRONG_TEAM';

/** A refusal and its sentence (a catalogue message: said in the reader's language). */
export interface RefusalOf {
  code: Refusal;
  message: CatalogueMessage;
}

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
): Promise<RefusalOf[]> {
  // `self` is a select value: the sentence says "You are" or "Sam is" in each language.
  const who = { self: self ? 'yes' : 'no', name: engineer.displayName };
  const refusals: RefusalOf[] = [];
  const availability = availabilityAt(engineer, now);
  if (availability !== 'available') {
    refusals.push({
      code: 'ENGINEER_AWAY',
      message: said('engineerAway', { ...who, availability, reference: supportCase.reference }),
    });
  }
  if (supportCase.teamId && engineer.teamId !== supportCase.teamId) {
    refusals.push({
      code: 'WRONG_TEAM',
      message: said('notInTeam', {
        ...who,
        product: supportCase.product,
        reference: supportCase.reference,
      }),
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
): { code: 'AT_CAPACITY'; message: CatalogueMessage } {
  return {
    code: 'AT_CAPACITY',
    message: said('atCapacity', {
      self: self ? 'yes' : 'no',
      name: engineer.displayName,
      open: String(open),
      capacity: engineer.capacity,
    }),
  };
}

/** Throws the first refusal unless an admin overrides; returns the overridden codes to record. */
export function enforceRefusals(
  refusals: RefusalOf[],
  actor: Person,
  override: boolean,
): Refusal[] {
  if (refusals.length === 0) return [];
  if (override && isAdmin(actor)) return refusals.map((refusal) => refusal.code);
  const first = refusals[0]!;
  const message = isAdmin(actor)
    ? said('adminMayOverride', { refusal: first.message })
    : first.message;
  throw new CaseError(first.code, message, {
    refusals: refusals.map((refusal) => refusal.code),
  });
}

export function isWorkInProgress(supportCase: SupportCase): boolean {
  return OPEN_STATUSES.includes(supportCase.status);
}
