// A follow-up cadence shorter than the SLA loop's tick could never be kept: the loop would look at
// the case less often than an update is owed. Refused when the app loads the policy with its tick.
import { PolicyError } from './load-policy.js';
import type { Policy } from './policy.js';
import { targetMinutes } from './target.js';

/** Throws PolicyError naming the severity and both durations when a cadence is under the tick. */
export function checkCadenceAgainstTick(policy: Policy, tickMs: number): void {
  for (const [severity, target] of Object.entries(policy.updateCadence)) {
    if (!target) continue;
    // A business hour is an hour of working time: its shortest elapsed length is an hour too.
    const cadenceMs = targetMinutes(target, 60) * 60_000;
    if (cadenceMs < tickMs)
      throw new PolicyError(
        `policy ${policy.name} (${policy.source}): updateCadence for severity ${severity} is ${target.text}, shorter than the SLA tick of ${tickMs / 1000} s (SLA_TICK_SECONDS): lengthen the cadence or shorten the tick`,
      );
  }
}
