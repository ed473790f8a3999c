// What the script did, as Slack saw it: every question, press and submission with the outcome of
// each HTTP attempt. The expectations (tally.ts) are derived from this and nothing else the app
// could get wrong: an acked request obliges the app; a refused one does not.
import type { Attempt } from './slack-side.js';

/** A person of the run, on any platform (only the id counts). */
export interface Someone {
  id: string;
}

export interface QuestionRecord {
  key: string;
  user: Someone;
  ts: string;
  eventId: string;
  attempts: Attempt[];
}

export interface SolvedPress {
  key: string;
  user: Someone;
  attempt: Attempt;
}

export interface OpenPress {
  key: string;
  attempt: Attempt;
  formOpened: boolean;
}

export interface FormRecord {
  key: string;
  /** Carried in the title, so every message about the case can be traced back to it. */
  tag: string;
  title: string;
  user: Someone;
  questionTs: string;
  viewId: string;
  submissions: Attempt[];
  /** Submissions sent again although one was acked (its answer "lost"). */
  deliberateResubmissions: number;
}

export interface ClaimPress {
  key: string;
  engineer: Someone;
  attempt: Attempt;
  race: boolean;
}

export interface JourneyEnd {
  key: string;
  /** Where the journey stopped early because the app never answered (null: it went to the end). */
  stoppedAt: string | null;
}

export class Ledger {
  readonly questions: QuestionRecord[] = [];
  readonly solved: SolvedPress[] = [];
  readonly opens: OpenPress[] = [];
  readonly forms: FormRecord[] = [];
  readonly claims: ClaimPress[] = [];
  readonly ends: JourneyEnd[] = [];

  /** A form the person is about to submit (no submission yet), titled with the plan's tag. */
  addForm(
    plan: { key: string; user: Someone },
    title: string,
    where: { questionTs: string; viewId: string },
  ): FormRecord {
    const { key, user } = plan;
    const form: FormRecord = {
      ...{ key, tag: tagOf(key), title, user, ...where },
      submissions: [],
      deliberateResubmissions: 0,
    };
    this.forms.push(form);
    return form;
  }
}

/** The `[chaos-…]` tag a customer types into the case title, which every message about it quotes. */
export const tagOf = (key: string): string => `chaos-${key}`;

export const acked = (attempt: Attempt): boolean => attempt.outcome === 'acked';

/** A form submission the app accepted (acked, and not answered with field errors). */
export const acceptedSubmission = (attempt: Attempt): boolean =>
  acked(attempt) && attempt.json?.response_action !== 'errors';

/** The app may have acted on it: acked, or cut off / timed out after it arrived. */
export const mayHaveRun = (attempt: Attempt): boolean =>
  attempt.outcome === 'acked' || attempt.outcome === 'cut' || attempt.outcome === 'timeout';
