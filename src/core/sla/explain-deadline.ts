// Explained deadlines (issue 12 item 6): which working windows a target counted, which days it
// skipped and why, which pauses stopped it, and the rule behind it. It walks the very day walk of
// working-time.ts (`workingDays`) and asks calendar.ts why a day is closed, so the windows it lists
// are the time the deadline computation counted: their sum is the target's length.
import { DateTime } from 'luxon';
import type { BusinessCalendar, Deployment, MilestoneKind } from '../model.js';
import { closedDayReason, workingDayMinutes } from './calendar.js';
import { computeDueAt } from './deadlines.js';
import { milestoneName } from './milestone-state.js';
import { findTier, severityName, tierLabel, targetFor, type Policy } from './policy.js';
import { targetMinutes, targetTextIn } from './target.js';
import { DEFAULT_LANGUAGE, rawMessage, t } from '../i18n/index.js';
import { weekdayShort } from './time-zone.js';
import { subtractWorkingTime, workingDays, workingTimeBetween } from './working-time.js';

const MINUTE_MS = 60_000;

export interface CountedWindow {
  start: Date;
  end: Date;
  /** Minutes counted in this window (real minutes: a DST day's window is what elapsed). */
  minutes: number;
  /** "Fri 1 May 16:30–18:00 1h30", in the calendar's time zone. */
  text: string;
}

export interface SkippedDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  reason: 'weekend' | 'public-holiday' | 'closed-day';
  /** The public holiday's name (date-holidays, English). */
  holiday?: string;
  /** "Fri 1 May: public holiday (Labour Day)". */
  text: string;
}

export interface PauseSpan {
  from: Date;
  /** Null: still paused (the due instant moves on when the customer replies). */
  to: Date | null;
  /** Time the pause kept off the clock (working minutes for a business target). */
  minutes: number;
  text: string;
}

export interface ClockExplanation {
  businessHours: boolean;
  timeZone: string;
  /** Where the clock started (the windows show when it first counted: the next opening). */
  countFrom: Date;
  dueAt: Date;
  windows: CountedWindow[];
  skipped: SkippedDay[];
  pauses: PauseSpan[];
  /** Sum of the windows' minutes. */
  countedMinutes: number;
}

export interface ClockInput {
  calendar: BusinessCalendar;
  businessHours: boolean;
  countFrom: Date;
  dueAt: Date;
  /** Waiting-on-customer pauses (an open one runs to the due instant). */
  pauses?: { from: Date; to: Date | null }[];
  /** The language of the texts (English unless told); the figures are the same in every one. */
  language?: string;
}

type Span = [number, number];

/** The windows counted between `countFrom` and `dueAt`, the closed days between, and the pauses. */
export function explainClock(input: ClockInput): ClockExplanation {
  const { calendar, businessHours } = input;
  const language = input.language ?? DEFAULT_LANGUAGE;
  const fromMs = input.countFrom.getTime();
  const dueMs = input.dueAt.getTime();
  const pauses = clippedPauses(input.pauses ?? [], fromMs, dueMs);
  const windows: CountedWindow[] = [];
  const skipped: SkippedDay[] = [];
  if (dueMs > fromMs) {
    for (const [day, interval] of workingDays(calendar, fromMs)) {
      if (day.toMillis() >= dueMs) break;
      const span: Span | null = businessHours
        ? interval
        : [day.toMillis(), day.plus({ days: 1 }).toMillis()];
      if (!span) {
        const reason = closedDayReason(calendar, day, language);
        if (reason) skipped.push(skippedDay(day, reason, language));
        continue;
      }
      const clipped: Span = [Math.max(span[0], fromMs), Math.min(span[1], dueMs)];
      for (const [start, end] of withoutPauses(clipped, pauses))
        windows.push(countedWindow(calendar.timeZone, start, end, language));
    }
  }
  const measure = (from: number, to: number): number =>
    businessHours ? workingTimeBetween(calendar, from, to) : Math.max(0, to - from);
  return {
    businessHours,
    timeZone: calendar.timeZone,
    countFrom: input.countFrom,
    dueAt: input.dueAt,
    windows,
    skipped,
    pauses: pauses.map(([from, to]) => {
      // An open pause was clipped at the due instant: it has no end yet.
      const isOpen = to === dueMs && (input.pauses ?? []).some((pause) => pause.to === null);
      const minutes = measure(from, to) / MINUTE_MS;
      return pauseSpan(calendar.timeZone, from, isOpen ? null : to, minutes, language);
    }),
    countedMinutes: windows.reduce((sum, window) => sum + window.minutes, 0),
  };
}

/**
 * Where a clock of `lengthMs` that ends at `dueMs` started counting, given the pauses it had: a
 * resumed milestone's stored start was moved on by each pause, so this walks back from the due
 * instant until the counted time (outside the pauses) is the target's length again.
 */
export function countingStart(input: {
  calendar: BusinessCalendar;
  businessHours: boolean;
  dueAt: Date;
  lengthMs: number;
  pauses: { from: Date; to: Date | null }[];
}): Date {
  const { calendar, businessHours, lengthMs } = input;
  const dueMs = input.dueAt.getTime();
  const measure = (from: number, to: number): number =>
    businessHours ? workingTimeBetween(calendar, from, to) : Math.max(0, to - from);
  const back = (from: number, ms: number): number =>
    businessHours ? subtractWorkingTime(calendar, from, ms) : from - ms;
  // Walk back from the due instant over the gaps between pauses, latest first.
  let remaining = lengthMs;
  let cursor = dueMs;
  const spans = clippedPauses(input.pauses, Number.NEGATIVE_INFINITY, dueMs).reverse();
  for (const [from, to] of spans) {
    if (to < cursor) {
      const available = measure(to, cursor);
      if (remaining <= available) return new Date(back(cursor, remaining));
      remaining -= available;
    }
    cursor = Math.min(cursor, from);
  }
  return new Date(back(cursor, remaining));
}

function clippedPauses(
  pauses: { from: Date; to: Date | null }[],
  fromMs: number,
  toMs: number,
): Span[] {
  const spans = pauses
    .map((pause): Span => [
      Math.max(pause.from.getTime(), fromMs),
      Math.min(pause.to?.getTime() ?? toMs, toMs),
    ])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  // Overlapping pauses count once.
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

function withoutPauses(window: Span, pauses: Span[]): Span[] {
  let parts: Span[] = window[1] > window[0] ? [window] : [];
  for (const [from, to] of pauses) {
    parts = parts.flatMap(([start, end]): Span[] => {
      if (to <= start || from >= end) return [[start, end]];
      const kept: Span[] = [];
      if (from > start) kept.push([start, from]);
      if (to < end) kept.push([to, end]);
      return kept;
    });
  }
  return parts;
}

/** "1h30", "2h", "45min", "under 1min" (the same in French but "moins d’1min"). */
export function compactDuration(minutes: number, language: string = DEFAULT_LANGUAGE): string {
  const whole = Math.round(minutes);
  if (whole === 0) return minutes > 0 ? t(language, 'sla.explain.compactUnderMinute') : '0min';
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${rest}min`;
  return rest === 0 ? `${hours}h` : `${hours}h${String(rest).padStart(2, '0')}`;
}

function local(ms: number, zone: string, language: string): DateTime {
  return DateTime.fromMillis(ms, { zone }).setLocale(language);
}

/** "Fri 3 Apr 16:36" ("ven. 3 avr. 16:36"): the pattern is the language's own. */
function dayTime(ms: number, zone: string, language: string): string {
  return local(ms, zone, language).toFormat(rawMessage(language, 'sla.explain.dayTimePattern'));
}

function countedWindow(zone: string, start: number, end: number, language: string): CountedWindow {
  const from = local(start, zone, language);
  const to = local(end, zone, language);
  // A window that runs to midnight ends at "24:00" of its own day, not "00:00".
  const endsAtMidnight =
    to.hour === 0 && to.minute === 0 && to.startOf('day') > from.startOf('day');
  const minutes = (end - start) / MINUTE_MS;
  const text = t(language, 'sla.explain.window', {
    start: dayTime(start, zone, language),
    end: endsAtMidnight ? '24:00' : to.toFormat('HH:mm'),
    duration: compactDuration(minutes, language),
  });
  return { start: new Date(start), end: new Date(end), minutes, text };
}

function skippedDay(
  day: DateTime,
  reason: NonNullable<ReturnType<typeof closedDayReason>>,
  language: string,
) {
  const date = day.toISODate() ?? '';
  const label = day.setLocale(language).toFormat(rawMessage(language, 'sla.explain.dayPattern'));
  if (reason.kind === 'public-holiday')
    return {
      date,
      reason: reason.kind,
      holiday: reason.name,
      text: t(language, 'sla.explain.holiday', { day: label, name: reason.name }),
    } satisfies SkippedDay;
  const key = reason.kind === 'weekend' ? 'sla.explain.weekend' : 'sla.explain.closedDay';
  return { date, reason: reason.kind, text: t(language, key, { day: label }) } satisfies SkippedDay;
}

function pauseSpan(
  zone: string,
  from: number,
  to: number | null,
  minutes: number,
  language: string,
): PauseSpan {
  const values = {
    start: dayTime(from, zone, language),
    duration: compactDuration(minutes, language),
  };
  return {
    from: new Date(from),
    to: to === null ? null : new Date(to),
    minutes,
    text:
      to === null
        ? t(language, 'sla.explain.pauseOpen', values)
        : t(language, 'sla.explain.pause', { ...values, end: dayTime(to, zone, language) }),
  };
}

export interface DeadlineRule {
  policy: string;
  tier: string;
  tierLabel: string;
  severity: number;
  /** "Urgent (1)". */
  severityLabel: string;
  milestone: MilestoneKind;
  deployment: Deployment;
  /** "within 4 business hours" / "within 30 minutes, 24/7". */
  target: string;
  targetMinutes: number;
  businessHours: boolean;
  timeZone: string;
  /** "Mon–Fri 09:00–18:00, public holidays of FR, 1 closed date". */
  calendar: string;
  /** The whole rule in one sentence. */
  text: string;
}

export interface DeadlineExplanation extends ClockExplanation {
  rule: DeadlineRule;
}

/**
 * The rule a milestone follows: tier × severity, the target, business hours or 24/7, the time zone
 * and calendar. Null when the policy sets no target for it.
 */
export function deadlineRule(input: {
  policy: Policy;
  tier: string;
  severity: number;
  deployment: Deployment;
  milestone: MilestoneKind;
  calendar: BusinessCalendar;
  /** The language of the texts (English unless told). */
  language?: string;
}): DeadlineRule | null {
  const language = input.language ?? DEFAULT_LANGUAGE;
  const tier = findTier(input.policy, input.tier);
  const target = tier && targetFor(tier, input.milestone, input.severity, input.deployment);
  if (!tier || !target) return null;
  const calendar = describeCalendar(input.calendar, language);
  const severityLabel = severityName(input.policy, input.severity, language);
  const clock = target.businessHours
    ? t(language, 'sla.explain.businessClock', { calendar })
    : t(language, 'sla.explain.realClock', { zone: input.calendar.timeZone });
  const targetText = t(language, 'sla.target.within', { target: targetTextIn(target, language) });
  const tierName = tierLabel(input.policy, tier.id, language);
  return {
    policy: input.policy.name,
    tier: tier.id,
    tierLabel: tierName,
    severity: input.severity,
    severityLabel,
    milestone: input.milestone,
    deployment: input.deployment,
    target: targetText,
    targetMinutes: targetMinutes(target, workingDayMinutes(input.calendar)),
    businessHours: target.businessHours,
    timeZone: input.calendar.timeZone,
    calendar,
    text: t(language, 'sla.explain.ruleText', {
      tier: tierName,
      severity: severityLabel,
      deployment: input.deployment,
      milestone: milestoneName(input.milestone, language),
      target: targetText,
      clock,
      policy: input.policy.name,
    }),
  };
}

function describeCalendar(calendar: BusinessCalendar, language: string): string {
  const days = [...calendar.hours.days].sort((a, b) => a - b);
  const isRun = days.every((day, index) => index === 0 || day === (days[index - 1] ?? 0) + 1);
  const dayText =
    isRun && days.length > 2
      ? t(language, 'sla.explain.dayRun', {
          first: weekdayShort(days[0] ?? 1, language),
          last: weekdayShort(days.at(-1) ?? 1, language),
        })
      : days.map((day) => weekdayShort(day, language)).join(', ');
  const parts = [
    t(language, 'sla.explain.calendarHours', {
      days: dayText,
      start: calendar.hours.start,
      end: calendar.hours.end,
      zone: calendar.timeZone,
    }),
  ];
  if (calendar.country)
    parts.push(
      t(language, 'sla.explain.holidaysOf', {
        country: `${calendar.country}${calendar.region ? `-${calendar.region}` : ''}`,
      }),
    );
  const closed = calendar.extraClosedDates?.length ?? 0;
  if (closed > 0) parts.push(t(language, 'sla.explain.closedDates', { count: closed }));
  return parts.join(', ');
}

/**
 * `casebot sla due --explain`: the due instant of a new case and why. Null when the policy sets no
 * target for it; throws what computeDueAt throws (unknown tier, severity not allowed).
 */
export function explainDueAt(input: {
  policy: Policy;
  tier: string;
  severity: number;
  deployment: Deployment;
  openedAt: Date;
  calendar: BusinessCalendar;
  milestone?: MilestoneKind;
  language?: string;
}): DeadlineExplanation | null {
  const milestone = input.milestone ?? 'first-response';
  const due = computeDueAt({ ...input, milestone });
  const rule = deadlineRule({ ...input, milestone });
  if (!due || !rule) return null;
  const clock = explainClock({
    calendar: input.calendar,
    businessHours: due.businessHours,
    countFrom: input.openedAt,
    dueAt: due.dueAt,
    ...(input.language ? { language: input.language } : {}),
  });
  return { rule, ...clock };
}
