// An explained deadline as plain lines: what the shell prints, the CLI prints, and the Slack and
// Discord answers carry (each adapter escapes text as it does for every notice).
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';
import { compactDuration, type DeadlineExplanation } from './explain-deadline.js';
import { milestoneTitle } from './milestone-state.js';
import { formatLocalWithDate } from './time-zone.js';

/**
 * The explanation's lines in `language`. Its texts (windows, days, pauses, rule) were written when
 * it was computed: compute it in the same language (explainClock / deadlineRule `language`).
 */
export function explanationLines(
  explanation: DeadlineExplanation,
  language: string = DEFAULT_LANGUAGE,
): string[] {
  const { rule, timeZone } = explanation;
  const lines = [
    t(language, 'sla.explain.due', {
      milestone: milestoneTitle(rule.milestone, language),
      due: formatLocalWithDate(explanation.dueAt, timeZone, language),
      iso: explanation.dueAt.toISOString(),
    }),
    t(language, 'sla.explain.rule', { rule: rule.text }),
  ];
  const first = explanation.windows[0];
  if (first && first.start.getTime() > explanation.countFrom.getTime())
    lines.push(
      t(language, 'sla.explain.startedOutside', {
        start: formatLocalWithDate(explanation.countFrom, timeZone, language),
      }),
    );
  const duration = compactDuration(explanation.countedMinutes, language);
  const counted = explanation.windows.map((window) => window.text).join(', ');
  lines.push(
    counted
      ? t(language, 'sla.explain.counted', { duration, windows: counted })
      : t(language, 'sla.explain.countedNothing', { duration }),
  );
  const separator = t(language, 'sla.severity.clauseSeparator');
  lines.push(
    explanation.skipped.length > 0
      ? t(language, 'sla.explain.skipped', {
          days: explanation.skipped.map((day) => day.text).join(separator),
        })
      : t(language, 'sla.explain.skippedNone'),
  );
  lines.push(
    explanation.pauses.length > 0
      ? t(language, 'sla.explain.paused', {
          pauses: explanation.pauses.map((pause) => pause.text).join(separator),
        })
      : t(language, 'sla.explain.pausedNever'),
  );
  return lines;
}

/** The same structure for `--json`: instants as ISO strings, nothing else changed. */
export function explanationJson(explanation: DeadlineExplanation): Record<string, unknown> {
  return JSON.parse(JSON.stringify(explanation)) as Record<string, unknown>;
}
