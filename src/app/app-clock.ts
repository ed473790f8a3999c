// The app's clock: real time plus an offset that the shell's `/clock +3h` moves forward. With a
// fixed start (CASEBOT_CLOCK_START) it stands still between `/clock` moves, so demos and tests
// see the same countdowns on every run.
import type { Clock } from '../core/ports/platform.js';

export interface AppClock extends Clock {
  advance(ms: number): void;
}

export function createAppClock(fixedStart?: Date, realNow: () => number = Date.now): AppClock {
  let offset = 0;
  return {
    now: () => new Date((fixedStart ? fixedStart.getTime() : realNow()) + offset),
    advance: (ms) => {
      offset += Math.max(0, ms);
    },
  };
}
