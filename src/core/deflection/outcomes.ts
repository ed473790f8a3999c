// Outcomes of a deflection after the suggestions were shown: solved by an article, or escalated
// into a case. A solved question stays solved; an escalated one stays escalated.
import type { DeflectionRepository } from '../cases/repositories.js';
import type { Deflection } from '../model.js';

export async function markDeflectionSolved(
  deflections: DeflectionRepository,
  deflection: Deflection,
): Promise<Deflection> {
  if (deflection.outcome === 'solved' || deflection.outcome === 'escalated') return deflection;
  return deflections.setOutcome(deflection.id, 'solved');
}

export async function markDeflectionEscalated(
  deflections: DeflectionRepository,
  deflectionId: string,
  caseId: string,
): Promise<void> {
  const deflection = await deflections.byId(deflectionId);
  if (!deflection || deflection.outcome === 'escalated') return;
  await deflections.setOutcome(deflectionId, 'escalated', caseId);
}
