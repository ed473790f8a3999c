// The one true state of an SLA milestone, derived from what the store keeps (dueAt, metAt,
// breachedAt, pausedAt): every place that says whether a target was kept (the thread, the alert, the
// queue, the case lists) asks here, so that a late answer is "met late" everywhere and never "met".
import type { MilestoneKind, MilestoneState, SlaMilestone } from '../model.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';

type Stored = Pick<SlaMilestone, 'dueAt' | 'metAt' | 'breachedAt'> & {
  /** Absent: a milestone read before pauses existed, i.e. not paused. */
  pausedAt?: Date | null;
};

/**
 * The milestone's state at `at`. A met milestone is late when the SLA loop recorded its breach or
 * when it was met after its due instant (a reply and a breach in the same tick: the loop may not
 * have written the breach yet). An owed one is paused while its clock is stopped (the case waits
 * on the customer: its due instant moves on when it resumes), else breached from its due instant
 * on, recorded or not, as the loop breaches at `now >= dueAt`. For a case that was closed without an answer, pass the
 * instant it was closed: its targets stopped there.
 */
export function milestoneState(milestone: Stored, at: Date): MilestoneState {
  if (milestone.metAt !== null) return wasMetLate(milestone) ? 'met-late' : 'met';
  if (milestone.breachedAt === null && milestone.pausedAt) return 'paused';
  if (milestone.breachedAt !== null || at.getTime() >= milestone.dueAt.getTime()) return 'breached';
  return 'running';
}

/** Met after its due instant, or met after the SLA loop recorded its breach. */
export function wasMetLate(milestone: Stored): boolean {
  return (
    milestone.metAt !== null &&
    (milestone.breachedAt !== null || milestone.metAt.getTime() > milestone.dueAt.getTime())
  );
}

/** Still owed by the team: running, paused or breached (not met, on time or late). */
export function isOwed(state: MilestoneState): boolean {
  return state === 'running' || state === 'paused' || state === 'breached';
}

/** How each state is said in English, in every adapter and message: "met late", never "met". */
export const MILESTONE_STATE_WORDS: Record<MilestoneState, string> = {
  running: 'running',
  paused: 'paused',
  met: 'met',
  breached: 'breached',
  'met-late': 'met late',
};

/** How a milestone is named in English messages ("first response"); see milestoneName. */
export const MILESTONE_NAMES: Record<MilestoneKind, string> = {
  'first-response': 'first response',
  'next-response': 'next response',
  resolution: 'resolution',
  reopen: 'response after reopening',
  'customer-update': 'next update',
};

/** A milestone's name in the reader's language ("first response", "première réponse"). */
export function milestoneName(kind: MilestoneKind, language: string = DEFAULT_LANGUAGE): string {
  return t(language, `sla.milestone.name.${kind}`);
}

/** The same, to begin a line ("First response"). */
export function milestoneTitle(kind: MilestoneKind, language: string = DEFAULT_LANGUAGE): string {
  return t(language, `sla.milestone.title.${kind}`);
}

/** A state in the reader's language ("met late", "tenu en retard"). */
export function stateWord(state: MilestoneState, language: string = DEFAULT_LANGUAGE): string {
  return t(language, `sla.milestone.state.${state}`);
}

/** "first response met late", "next response breached" ("première réponse dépassée"). */
export function describeMilestone(
  kind: MilestoneKind,
  state: MilestoneState,
  language: string = DEFAULT_LANGUAGE,
): string {
  return t(language, `sla.milestone.described.${kind}`, { state });
}
