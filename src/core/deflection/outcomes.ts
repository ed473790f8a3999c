// Outcomes of a deflection after the suggestions were shown: solved by an article, or escalated
// into a case, or abandoned when nobody came back to it. A solved question stays solved; an
// escalated one stays escalated. Outcome times come from the app clock, never the host's.
import type { Clock } from '../ports/platform.js';
import type { DeflectionRepository } from '../ports/storage.js';
import type { Deflection } from '../model.js';

export async function markDeflectionSolved(
  deflections: DeflectionRepository,
  deflection: Deflection,
  at: Date,
): Promise<Deflection> {
  if (deflection.outcome === 'solved' || deflection.outcome === 'escalated') return deflection;
  return deflections.setOutcome(deflection.id, 'solved', at);
}

export async function markDeflectionEscalated(
  deflections: DeflectionRepository,
  deflectionId: string,
  caseId: string,
  at: Date,
): Promise<void> {
  const deflection = await deflections.byId(deflectionId);
  if (!deflection || deflection.outcome === 'escalated') return;
  await deflections.setOutcome(deflectionId, 'escalated', at, caseId);
}

/** Default age after which a question nobody came back to counts as abandoned. */
export const DEFAULT_ABANDON_AFTER_MS = 24 * 3_600_000;

/**
 * Pending questions older than `afterMs` become 'abandoned'. `since` is the previous sweep's
 * cutoff (null on the first): each sweep then reads only the askedAt range that aged since, so its
 * cost follows new questions, not the whole history. Returns the count and the cutoff to pass next.
 */
export async function abandonStaleDeflections(
  deflections: DeflectionRepository,
  clock: Clock,
  afterMs: number,
  since: Date | null,
): Promise<{ abandoned: number; cutoff: Date }> {
  const now = clock.now();
  const cutoff = new Date(now.getTime() - afterMs);
  if (since && since.getTime() >= cutoff.getTime()) return { abandoned: 0, cutoff: since };
  const abandoned = await deflections.abandonPending(
    { askedFrom: since, askedBefore: cutoff },
    now,
  );
  return { abandoned, cutoff };
}
