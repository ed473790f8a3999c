// The report's period from what was typed: a whole day (YYYY-MM-DD, UTC; --to includes its day)
// or an exact ISO-8601 instant with its offset. Anything else is refused with the expected form.
import { DateTime } from 'luxon';
import { CasebotError } from '../core/errors.js';

/** Something typed wrong (a date, an order, an unknown org or team): exit 2, nothing read. */
export class ReportInputError extends CasebotError {
  constructor(message: string) {
    super('refusal', 'REPORT_INPUT_INVALID', message);
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const FORMS = 'write YYYY-MM-DD (a whole day, UTC) or an instant such as 2026-03-02T09:00:00Z';

export function parseReportDate(text: string, option: '--from' | '--to'): Date {
  const trimmed = text.trim();
  if (DAY.test(trimmed)) {
    const day = DateTime.fromISO(trimmed, { zone: 'utc' });
    if (!day.isValid || day.toISODate() !== trimmed)
      throw new ReportInputError(`${option} "${text}" is not a real date: ${FORMS}`);
    // --to names the last day of the period: the period ends when that day does.
    return (option === '--to' ? day.plus({ days: 1 }) : day).toJSDate();
  }
  if (INSTANT.test(trimmed)) {
    const instant = DateTime.fromISO(trimmed, { setZone: true });
    if (!instant.isValid)
      throw new ReportInputError(`${option} "${text}" is not a real instant: ${FORMS}`);
    return instant.toJSDate();
  }
  throw new ReportInputError(`${option} "${text}" is not a date: ${FORMS}`);
}

export interface Period {
  from: Date | null;
  to: Date | null;
}

export function parsePeriod(from: string | undefined, to: string | undefined): Period {
  const period: Period = {
    from: from === undefined ? null : parseReportDate(from, '--from'),
    to: to === undefined ? null : parseReportDate(to, '--to'),
  };
  if (period.from && period.to && period.from.getTime() >= period.to.getTime()) {
    const order =
      period.from.getTime() === period.to.getTime() ? 'is the same instant as' : 'is after';
    throw new ReportInputError(
      `--from ${from} ${order} --to ${to}: the period would be empty (--from must come first)`,
    );
  }
  return period;
}
