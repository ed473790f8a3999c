// The suggested assignee of a new case: among the team's engineers who are available, below
// capacity and on shift now (in their own time zone), the one with the fewest open cases.
import type { Person } from '../model.js';
import type { CaseRepository, Directory } from '../ports/storage.js';
import { availabilityAt } from './availability.js';
import { isOnShift } from './shift.js';

export interface Candidate {
  person: Person;
  openCases: number;
}

/** Pure choice over known workloads; ties go to the earliest handle, so the result is stable. */
export function chooseAssignee(candidates: Candidate[], now: Date): Candidate | null {
  const eligible = candidates.filter(
    ({ person, openCases }) =>
      availabilityAt(person, now) === 'available' &&
      openCases < person.capacity &&
      isOnShift(person, now),
  );
  eligible.sort(
    (a, b) => a.openCases - b.openCases || a.person.handle.localeCompare(b.person.handle),
  );
  return eligible[0] ?? null;
}

/** Engineers of a team with their open-case counts. */
export async function teamWorkload(
  ports: { directory: Directory; cases: CaseRepository },
  teamId: string,
): Promise<Candidate[]> {
  const engineers = await ports.directory.engineersOfTeam(teamId);
  const counts = await ports.cases.countOpenByAssignee(engineers.map((person) => person.id));
  return engineers.map((person) => ({ person, openCases: counts.get(person.id) ?? 0 }));
}

export async function suggestAssignee(
  ports: { directory: Directory; cases: CaseRepository },
  teamId: string | null,
  now: Date,
): Promise<Person | null> {
  if (!teamId) return null;
  return chooseAssignee(await teamWorkload(ports, teamId), now)?.person ?? null;
}
