// Small statistics the report figures share, defined once so the README can say exactly what a
// "median" or a "rate" is here.

/**
 * Nearest-rank percentile: the smallest value with at least `p` of the values at or below it
 * (p = 0.5: the lower middle of an even count; p = 0.9 of 10 values: the 9th). Null when empty.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** part / whole, or null when there is nothing to divide by (never a misleading 0 %). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Milliseconds as minutes with one decimal (JSON and CSV figures). */
export function minutes(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 6_000) / 10;
}

/** A rate as a percentage with one decimal, or null. */
export function percent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1_000) / 10;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
