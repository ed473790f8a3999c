// What every case use case receives: its ports and the active policy. No globals: app/ builds
// one of these, tests build their own around a real SQLite store and a fake clock.
import type { Clock } from '../ports/platform.js';
import type { Policy } from '../sla/index.js';
import type { CaseStore } from '../ports/storage.js';

export interface CaseDeps {
  store: CaseStore;
  policy: Policy;
  clock: Clock;
  /** How long after resolution a case may be reopened (days; the default is 7). */
  reopenWindowDays?: number;
}

export const DEFAULT_REOPEN_WINDOW_DAYS = 7;
