// One response target as written in a policy file ("30 minutes 24/7", "4 business hours",
// "1 business day"): parsed once at load so that deadline code never re-reads text.
import { t } from '../i18n/index.js';

export type TargetUnit = 'minutes' | 'hours' | 'days' | 'business-hours' | 'business-days';

export interface Target {
  amount: number;
  unit: TargetUnit;
  /** True when only working time of the org's calendar counts. */
  businessHours: boolean;
  /** Human form, e.g. "4 business hours" or "30 minutes, 24/7". */
  text: string;
}

const TARGET_PATTERN =
  /^(\d+(?:\.\d+)?)\s+(minutes?|hours?|days?|business\s+hours?|business\s+days?)(\s+24\/7)?$/i;

export const TARGET_EXAMPLES =
  '"30 minutes 24/7", "4 hours 24/7", "4 business hours", "1 business day"';

/** Parses a target or returns a sentence saying what is wrong with it. */
export function parseTarget(raw: string): Target | string {
  const match = TARGET_PATTERN.exec(raw.trim());
  if (!match) return `"${raw}" is not a target: write it like ${TARGET_EXAMPLES}`;
  const amount = Number(match[1]);
  const word = (match[2] ?? '').toLowerCase().replace(/\s+/g, ' ');
  const isAroundTheClock = Boolean(match[3]);
  if (!(amount > 0)) return `"${raw}" must be longer than zero`;
  const unit = unitOf(word);
  const businessHours = unit === 'business-hours' || unit === 'business-days';
  if (businessHours && isAroundTheClock) {
    return `"${raw}" mixes business time and 24/7: write "${amount} ${word}" or "${amount} hours 24/7"`;
  }
  return { amount, unit, businessHours, text: describeTarget(amount, unit) };
}

function unitOf(word: string): TargetUnit {
  if (word.startsWith('business h')) return 'business-hours';
  if (word.startsWith('business d')) return 'business-days';
  if (word.startsWith('minute')) return 'minutes';
  if (word.startsWith('hour')) return 'hours';
  return 'days';
}

function describeTarget(amount: number, unit: TargetUnit): string {
  const singular: Record<TargetUnit, string> = {
    minutes: 'minute',
    hours: 'hour',
    days: 'day',
    'business-hours': 'business hour',
    'business-days': 'business day',
  };
  const noun = amount === 1 ? singular[unit] : `${singular[unit]}s`;
  const isBusiness = unit === 'business-hours' || unit === 'business-days';
  return isBusiness ? `${amount} ${noun}` : `${amount} ${noun}, 24/7`;
}

const UNIT_KEYS: Record<TargetUnit, string> = {
  minutes: 'minutes',
  hours: 'hours',
  days: 'days',
  'business-hours': 'businessHours',
  'business-days': 'businessDays',
};

/** The target as a reader of `language` says it ("4 heures ouvrées"); English is `target.text`. */
export function targetTextIn(target: Target, language: string): string {
  return t(language, 'sla.target.text', { amount: target.amount, unit: UNIT_KEYS[target.unit] });
}

/**
 * Length of the target in minutes. Business days count as full working days of the calendar
 * (`workingDayMinutes`, 540 for the default 09:00–18:00), so "1 business day" is 9 working hours.
 */
export function targetMinutes(target: Target, workingDayMinutes: number): number {
  switch (target.unit) {
    case 'minutes':
      return target.amount;
    case 'hours':
    case 'business-hours':
      return target.amount * 60;
    case 'days':
      return target.amount * 24 * 60;
    case 'business-days':
      return target.amount * workingDayMinutes;
  }
}
