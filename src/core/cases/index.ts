// The case lifecycle: one use case per file, each taking its ports (CaseDeps) as an argument.
export { CaseError, isCaseError, noSuchCase, type CaseErrorCode } from './case-error.js';
export { DEFAULT_REOPEN_WINDOW_DAYS, type CaseDeps } from './case-deps.js';
export {
  openCase,
  checkTier,
  CASE_TYPES,
  type OpenCaseInput,
  type OpenedCase,
} from './open-case.js';
export { claimCase, type ClaimCaseInput } from './claim-case.js';
export { unclaimCase, type UnclaimCaseInput } from './unclaim-case.js';
export { reassignCase, type ReassignCaseInput } from './reassign-case.js';
export {
  changeSeverity,
  type ChangeSeverityInput,
  type SeverityChanged,
} from './change-severity.js';
export { resolveCase, type ResolveCaseInput } from './resolve-case.js';
export { reopenCase, type ReopenCaseInput } from './reopen-case.js';
export { closeCase, type CloseCaseInput } from './close-case.js';
export {
  endCustomerWait,
  planWait,
  resumePaused,
  startCustomerWait,
  type WaitEnded,
  type WaitPlan,
  type WaitStarted,
} from './customer-wait.js';
export {
  meetOnResolution,
  meetResponseMilestones,
  MET_BY_ENGINEER_REPLY,
  metEvent,
  startNextResponse,
  startUpdateCadence,
} from './response-milestones.js';
export {
  nextCheckAt,
  targetsFor,
  isRunning,
  isUnmet,
  isOpenCase,
  restartOwed,
  MILESTONE_KINDS,
  type NewClock,
} from './milestone-schedule.js';
export * from '../ports/storage.js';
export {
  rateCase,
  currentResolution,
  commentOnRating,
  parseRatingScore,
  cleanRatingComment,
  DEFAULT_RATING_WINDOW_MS,
  RATING_COMMENT_LIMIT,
  RATING_HELP,
  type RateCaseInput,
  type CommentRatingInput,
  type CaseRated,
  type RatingDeps,
} from './rate-case.js';
