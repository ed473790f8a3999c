// The SLA domain: policies as data, business calendars, deadlines. Pure functions over plain data;
// the store persists milestones and the SLA loop (app/) schedules checks with these.
export { loadPolicy, parsePolicy, presetPath, PolicyError } from './load-policy.js';
export { checkCadenceAgainstTick } from './cadence-check.js';
export {
  descriptionIn,
  findSeverity,
  findTier,
  labelIn,
  severityName,
  targetFor,
  tierLabel,
  DEFAULT_SEVERITY_CHANGE,
  DEFAULT_CUSTOMER_WAIT,
  DEFAULT_ESCALATION,
  rungReach,
  type CustomerWaitRule,
  type EscalationRung,
  type Labelled,
  type PolicyLabels,
  type ReminderDigest,
  type Policy,
  type SeverityChangeRule,
  type SeverityLevel,
  type TargetRule,
  type TierPolicy,
} from './policy.js';
export {
  parseTarget,
  targetMinutes,
  targetTextIn,
  type Target,
  type TargetUnit,
} from './target.js';
export {
  allowedSeverities,
  checkSeverityAllowed,
  SlaRuleError,
  type SlaRuleCode,
} from './tier-rules.js';
export {
  CalendarError,
  formatLocal,
  formatLocalDue,
  formatLocalWithDate,
  validateTimeZone,
  weekdayShort,
  type CalendarErrorCode,
} from './time-zone.js';
export {
  DEFAULT_HOURS,
  defaultCalendar,
  isClosedDay,
  validateCalendar,
  workingDayMinutes,
} from './calendar.js';
export {
  addWorkingTime,
  nextOpening,
  subtractWorkingTime,
  workingTimeBetween,
} from './working-time.js';
export {
  afterTarget,
  resumedClock,
  computeDueAt,
  elapsedFraction,
  formatDuration,
  nextThresholdInstant,
  timeLeft,
  type DueInput,
  type DueResult,
  type TimeLeft,
} from './deadlines.js';
export { nextCheck, planMilestones, type NextCheck, type PlannedMilestone } from './milestones.js';
export {
  describeMilestone,
  isOwed,
  milestoneState,
  wasMetLate,
  MILESTONE_NAMES,
  MILESTONE_STATE_WORDS,
  milestoneName,
  milestoneTitle,
  stateWord,
} from './milestone-state.js';
export {
  compactDuration,
  countingStart,
  deadlineRule,
  explainClock,
  explainDueAt,
  type ClockExplanation,
  type CountedWindow,
  type DeadlineExplanation,
  type DeadlineRule,
  type PauseSpan,
  type SkippedDay,
} from './explain-deadline.js';
export { explanationJson, explanationLines } from './explain-text.js';
