// An engineer's availability at an instant. `/away until …` stores when they come back; rather
// than a timer that flips the stored value (lost with its process, run twice by two replicas),
// every reader asks here, so the person is available again from that instant on, everywhere.
import type { Availability, Person } from '../model.js';

export function availabilityAt(
  person: Pick<Person, 'availability' | 'awayUntil'>,
  now: Date,
): Availability {
  const until = person.awayUntil ?? null;
  if (person.availability !== 'available' && until && now.getTime() >= until.getTime())
    return 'available';
  return person.availability;
}
