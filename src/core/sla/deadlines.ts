// Due instants, the fraction of a target used, threshold instants and time left. A 24/7 target
// is elapsed real time (epoch arithmetic, so DST neither adds nor removes an hour); a business
// target counts only the working time of the org's calendar.
import type { BusinessCalendar, Deployment, MilestoneKind } from '../model.js';
import { workingDayMinutes } from './calendar.js';
import { findTier, targetFor, type Policy } from './policy.js';
import { targetMinutes, type Target } from './target.js';
import { checkSeverityAllowed } from './tier-rules.js';
import { addWorkingTime, subtractWorkingTime, workingTimeBetween } from './working-time.js';
import { DEFAULT_LANGUAGE, formatDuration as formatDurationIn, t } from '../i18n/index.js';

const MINUTE_MS = 60_000;

export interface DueResult {
  dueAt: Date;
  businessHours: boolean;
  /** e.g. "within 4 business hours", "within 30 minutes, 24/7". */
  targetText: string;
  /** Target length in minutes (working minutes for business targets; 1 business day = 540). */
  targetMinutes: number;
  /** The policy's target, for saying it in another language (`targetTextIn`). */
  target?: Target;
}

export interface DueInput {
  policy: Policy;
  tier: string;
  severity: number;
  deployment: Deployment;
  openedAt: Date;
  calendar: BusinessCalendar;
  milestone?: MilestoneKind;
}

/**
 * When the milestone (first response by default) is due, or null when the policy sets no target
 * for it. Throws SlaRuleError for an unknown tier or a severity the tier may not open.
 */
export function computeDueAt(input: DueInput): DueResult | null {
  checkSeverityAllowed(input.policy, input.tier, input.severity);
  const tier = findTier(input.policy, input.tier);
  const target =
    tier && targetFor(tier, input.milestone ?? 'first-response', input.severity, input.deployment);
  if (!target) return null;
  const minutes = targetMinutes(target, workingDayMinutes(input.calendar));
  const startMs = input.openedAt.getTime();
  const dueMs = target.businessHours
    ? addWorkingTime(input.calendar, startMs, minutes * MINUTE_MS)
    : startMs + minutes * MINUTE_MS;
  return {
    dueAt: new Date(dueMs),
    businessHours: target.businessHours,
    targetText: `within ${target.text}`,
    targetMinutes: minutes,
    target,
  };
}

interface SpanInput {
  startedAt: Date;
  dueAt: Date;
  businessHours: boolean;
  calendar: BusinessCalendar;
}

/** Length of the target: working time for business targets, real time otherwise. */
function spanMs(input: SpanInput, fromMs: number, toMs: number): number {
  return input.businessHours
    ? workingTimeBetween(input.calendar, fromMs, toMs)
    : Math.max(0, toMs - fromMs);
}

/**
 * Share of the target used at `now`: 0 before the clock starts, 1 at the due instant, above 1
 * once breached (1.5 = half the target again past due).
 */
export function elapsedFraction(input: SpanInput & { now: Date }): number {
  const start = input.startedAt.getTime();
  const now = input.now.getTime();
  const due = input.dueAt.getTime();
  const total = spanMs(input, start, due);
  if (total === 0) return now >= due ? 1 : 0;
  const used = now >= start ? spanMs(input, start, now) : 0;
  return used / total;
}

/**
 * The instant when `fraction` of the target will have elapsed (fraction 1 gives `dueAt`). The SLA
 * loop sleeps until the next threshold; elapsedFraction at the returned instant is `fraction`.
 */
export function nextThresholdInstant(input: SpanInput & { fraction: number }): Date {
  const start = input.startedAt.getTime();
  const due = input.dueAt.getTime();
  if (input.fraction === 1) return new Date(due);
  const total = spanMs(input, start, due);
  const offset = Math.ceil(total * Math.max(0, input.fraction));
  return new Date(
    input.businessHours ? addWorkingTime(input.calendar, start, offset) : start + offset,
  );
}

export interface TimeLeft {
  /** Working ms (business targets) or real ms left; negative once overdue, by as much. */
  ms: number;
  isOverdue: boolean;
  /** "2 h 15 min left" or "overdue by 40 min" (working time for business targets). */
  text: string;
}

export function timeLeft(input: {
  dueAt: Date;
  businessHours: boolean;
  calendar: BusinessCalendar;
  now: Date;
  /** The reader's language for `text` (English unless told). */
  language?: string;
}): TimeLeft {
  const now = input.now.getTime();
  const due = input.dueAt.getTime();
  const measure = (from: number, to: number): number =>
    input.businessHours ? workingTimeBetween(input.calendar, from, to) : to - from;
  const isOverdue = now >= due;
  const ms = isOverdue ? -measure(due, now) : measure(now, due);
  const language = input.language ?? DEFAULT_LANGUAGE;
  const text = t(language, isOverdue ? 'sla.timeLeft.overdue' : 'sla.timeLeft.left', {
    duration: formatDuration(isOverdue ? -ms : ms, language),
    business: input.businessHours ? 'yes' : 'no',
  });
  return { ms, isOverdue, text };
}

/** "3 d 2 h", "2 h 15 min", "40 min", "under 1 min" (French "3 j 2 h", "2 h 15"). Days are 24 h. */
export function formatDuration(ms: number, language: string = DEFAULT_LANGUAGE): string {
  return formatDurationIn(ms, language);
}

/** The instant `target` after `from` ("3 business days" counts the calendar's working time). */
export function afterTarget(calendar: BusinessCalendar, from: Date, target: Target): Date {
  const ms = targetMinutes(target, workingDayMinutes(calendar)) * MINUTE_MS;
  return new Date(
    target.businessHours ? addWorkingTime(calendar, from.getTime(), ms) : from.getTime() + ms,
  );
}

/**
 * A paused clock restarted at `at` with the time it had left when it stopped: the due instant is
 * that much (working time for a business target) after `at`, and the start moves on by the pause,
 * so the target keeps its length and its warnings their fractions.
 */
export function resumedClock(input: {
  startedAt: Date;
  dueAt: Date;
  pausedAt: Date;
  businessHours: boolean;
  calendar: BusinessCalendar;
  at: Date;
}): { startedAt: Date; dueAt: Date; leftMs: number } {
  const { calendar, businessHours } = input;
  const measure = (from: number, to: number): number =>
    businessHours ? workingTimeBetween(calendar, from, to) : Math.max(0, to - from);
  const at = Math.max(input.at.getTime(), input.pausedAt.getTime());
  const leftMs = measure(input.pausedAt.getTime(), input.dueAt.getTime());
  const lengthMs = measure(input.startedAt.getTime(), input.dueAt.getTime());
  const dueMs = businessHours ? addWorkingTime(calendar, at, leftMs) : at + leftMs;
  const startMs = businessHours
    ? subtractWorkingTime(calendar, dueMs, lengthMs)
    : input.startedAt.getTime() + (at - input.pausedAt.getTime());
  return { startedAt: new Date(startMs), dueAt: new Date(dueMs), leftMs };
}
