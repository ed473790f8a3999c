// An explained deadline as plain lines: what the shell prints, the CLI prints, and the Slack and
// Discord answers carry (each adapter escapes text as it does for every notice).
import { compactDuration, type DeadlineExplanation } from './explain-deadline.js';
import { MILESTONE_NAMES } from './milestone-state.js';
import { formatLocalWithDate } from './time-zone.js';

export function explanationLines(explanation: DeadlineExplanation): string[] {
  const { rule } = explanation;
  const lines = [
    `${capitalise(MILESTONE_NAMES[rule.milestone])} due ${formatLocalWithDate(explanation.dueAt, explanation.timeZone)} = ${explanation.dueAt.toISOString()}`,
    `Rule: ${rule.text}`,
  ];
  const first = explanation.windows[0];
  if (first && first.start.getTime() > explanation.countFrom.getTime())
    lines.push(
      `Clock started ${formatLocalWithDate(explanation.countFrom, explanation.timeZone)}, outside working time: counting began at the next opening`,
    );
  const counted = explanation.windows.map((window) => window.text).join(', ');
  lines.push(
    `Counted ${compactDuration(explanation.countedMinutes)}: ${counted || 'nothing (due at once)'}`,
  );
  lines.push(
    explanation.skipped.length > 0
      ? `Skipped: ${explanation.skipped.map((day) => day.text).join('; ')}`
      : 'Skipped: no closed day',
  );
  lines.push(
    explanation.pauses.length > 0
      ? `Paused: ${explanation.pauses.map((pause) => pause.text).join('; ')}`
      : 'Paused: never',
  );
  return lines;
}

/** The same structure for `--json`: instants as ISO strings, nothing else changed. */
export function explanationJson(explanation: DeadlineExplanation): Record<string, unknown> {
  return JSON.parse(JSON.stringify(explanation)) as Record<string, unknown>;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
