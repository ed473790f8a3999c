// The script's plans for its people, whatever the platform: who asks what and when, whether they
// open a case, submit the form again, claim it alone or race for it; and how a person presses
// again after the platform showed them an error.
import { acked, type Ledger } from './ledger.js';
import type { Rng } from './rng.js';
import type { ScenarioConfig } from './scenario.js';
import { sleep, type Attempt } from './slack-side.js';

export interface CustomerPlan<U> {
  key: string;
  user: U;
  /** Scenario ms at which they ask. */
  startAtMs: number;
  question: string;
  escalate: boolean;
  /** Question-only customers: press *This solved it*. */
  pressSolved: boolean;
  severity: number;
  /** Submit the form again after it was acked (its answer lost on the way back). */
  resubmit: boolean;
  claim: 'none' | 'single' | 'race';
}

export const SUBJECTS = [
  'Agents fail with ECONNRESET since the upgrade',
  'Dashboards stay empty after the restart',
  'TLS handshake fails for old Java clients',
  'Ingest stalled on the EU cluster',
  'Login loops back to the start page',
  'Disk watermark reached on two nodes',
  'Webhook deliveries time out',
  'Search results miss recent documents',
];

export function questionText(index: number, key: string): string {
  return `${SUBJECTS[index % SUBJECTS.length]} (customer ${key})`;
}

/**
 * Who asks what and when, what each does next (open a case, submit the form again, claim or race
 * for it); `customer(n)` is the platform's person number n (questions-only customers from 501).
 */
export function planCustomers<U>(
  config: ScenarioConfig,
  rng: Rng,
  loadStart: number,
  customer: (index: number) => U,
): CustomerPlan<U>[] {
  const plans: CustomerPlan<U>[] = [];
  const spread = (i: number, n: number) => (n <= 1 ? 0 : (config.arrivalMs * i) / (n - 1));
  for (let i = 0; i < config.cases; i++) {
    const key = `c${String(i + 1).padStart(2, '0')}`;
    plans.push({
      key,
      user: customer(i + 1),
      startAtMs: loadStart + spread(i, config.cases) + rng.between(0, 300),
      question: questionText(i, key),
      escalate: true,
      pressSolved: false,
      severity: rng.pick([1, 2, 2, 2, 3]),
      resubmit: rng.chance(config.resubmitChance),
      claim: rng.chance(config.claimChance)
        ? rng.chance(config.raceChance)
          ? 'race'
          : 'single'
        : 'none',
    });
  }
  for (let j = 0; j < config.questionsOnly; j++) {
    const key = `q${String(j + 1).padStart(2, '0')}`;
    plans.push({
      key,
      user: customer(500 + j + 1),
      startAtMs: loadStart + rng.between(0, config.arrivalMs),
      question: questionText(j + 3, key),
      escalate: false,
      pressSolved: rng.chance(0.6),
      severity: 2,
      resubmit: false,
      claim: 'none',
    });
  }
  return plans;
}

export async function pressUntilAcked(
  ctx: { elapsed: () => number; patienceMs: number },
  press: (attemptNo: number) => Promise<Attempt>,
  record: (attempt: Attempt) => void,
): Promise<Attempt | null> {
  // A failed press shows the person an error: they press again, a second later, for a while.
  const deadline = ctx.elapsed() + ctx.patienceMs;
  for (let n = 1; ; n++) {
    const attempt = await press(n);
    record(attempt);
    if (acked(attempt)) return attempt;
    if (ctx.elapsed() > deadline) return null;
    await sleep(1_000);
  }
}

export function pickTwo<T>(rng: Rng, items: readonly T[]): T[] {
  const first = rng.pick(items);
  return [first, rng.pick(items.filter((item) => item !== first))];
}

/**
 * Waits for the person's start time; returns how to record where their journey stopped (null: it
 * went to the end).
 */
export async function journeyStart(
  ctx: { ledger: Ledger; elapsed: () => number },
  plan: CustomerPlan<unknown>,
): Promise<(stoppedAt: string | null) => void> {
  await sleep(Math.max(0, plan.startAtMs - ctx.elapsed()));
  return (stoppedAt) => {
    ctx.ledger.ends.push({ key: plan.key, stoppedAt });
  };
}
