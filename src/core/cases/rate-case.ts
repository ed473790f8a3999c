// CSAT: the requester rates a resolution of their case, 1 (poor) to 5 (excellent), with an optional
// comment, once per resolution. The ask names the resolution it is about (its number: the case's
// first, second… resolution): after a reopen that resolution is gone, and a rating of it is
// refused as late; a new resolution asks again. The store's unique key on (case, resolution) settles double clicks and replays.
import type { CaseRating, SupportCase } from '../model.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';
import { CaseError, said } from './case-error.js';
import type { CaseDeps } from './case-deps.js';
import { loadCase, loadPerson } from './guards.js';
import { currentWork, isRedo } from '../delivery/work-scope.js';

const DAY_MS = 86_400_000;
export const DEFAULT_RATING_WINDOW_MS = 7 * DAY_MS;
/** The longest comment kept (characters, after trimming). */
export const RATING_COMMENT_LIMIT = 1000;

/** How to write a rating (English; `conversation.cases.ratingHelp` in other languages). */
export const RATING_HELP = t(DEFAULT_LANGUAGE, 'conversation.cases.ratingHelp');

/** "4" → 4. Anything else ("6", "0", "five", "4.5") is refused with how to write it. */
export function parseRatingScore(text: string): number {
  const trimmed = text.trim();
  if (!/^[1-5]$/.test(trimmed)) {
    const shown = trimmed.length > 20 ? `${trimmed.slice(0, 20)}…` : trimmed;
    throw new CaseError('RATING_INVALID', said('notARating', { shown, help: said('ratingHelp') }));
  }
  return Number(trimmed);
}

/** A comment as kept: trimmed, one line per line, within the limit; empty → null. */
export function cleanRatingComment(text: string | null | undefined): string | null {
  // Control characters other than newlines would garble every rendering.
  const cleaned = [...(text ?? '')]
    .map((char) => (char !== '\n' && /\p{Cc}/u.test(char) ? ' ' : char))
    .join('')
    .trim();
  if (cleaned.length === 0) return null;
  if (cleaned.length > RATING_COMMENT_LIMIT)
    throw new CaseError(
      'RATING_INVALID',
      said('commentTooLong', {
        limit: String(RATING_COMMENT_LIMIT),
        length: String(cleaned.length),
      }),
    );
  return cleaned;
}

export interface RateCaseInput {
  caseId: string;
  actorId: string;
  /** The resolution the ask was about; null: the case's current one (a typed command). */
  resolution: number | null;
  score: number;
  comment?: string | null;
}

export interface CaseRated {
  case: SupportCase;
  rating: CaseRating;
}

export interface RatingDeps extends CaseDeps {
  /** How long after a resolution its rating is accepted (ms). */
  ratingWindowMs?: number;
}

/** How many times the case was resolved: the number of its latest resolution (0: never). */
export async function currentResolution(store: CaseDeps['store'], caseId: string): Promise<number> {
  const events = await store.events.forCase(caseId);
  return events.filter((event) => event.kind === 'resolved').length;
}

/** The resolution a rating may still be given for, or the refusal that says why not. */
async function ratableResolution(
  deps: RatingDeps,
  caseId: string,
  actorId: string,
  asked: number | null,
): Promise<{ supportCase: SupportCase; resolution: number; resolvedAt: Date }> {
  const actor = await loadPerson(deps.store, actorId);
  const supportCase = await loadCase(deps.store, caseId);
  const ref = supportCase.reference;
  if (actor.id !== supportCase.requesterId)
    throw new CaseError('NOT_ALLOWED', said('rateNotAllowed', { reference: ref }));
  const resolvedAt = supportCase.resolvedAt;
  const finished = supportCase.status === 'resolved' || supportCase.status === 'closed';
  if (!finished || !resolvedAt) {
    const why = asked
      ? said('ratingReopened', { reference: ref })
      : said('nothingToRate', { reference: ref });
    throw new CaseError(asked ? 'RATING_CLOSED' : 'RATING_NOT_ASKED', why);
  }
  const resolution = await currentResolution(deps.store, supportCase.id);
  if (asked !== null && asked !== resolution)
    throw new CaseError('RATING_CLOSED', said('ratingForEarlier', { reference: ref }));
  const windowMs = deps.ratingWindowMs ?? DEFAULT_RATING_WINDOW_MS;
  if (deps.clock.now().getTime() - resolvedAt.getTime() > windowMs)
    throw new CaseError(
      'RATING_CLOSED',
      said('ratingWindowPassed', {
        reference: ref,
        days: String(Math.round(windowMs / DAY_MS)),
      }),
    );
  return { supportCase, resolution, resolvedAt };
}

export async function rateCase(deps: RatingDeps, input: RateCaseInput): Promise<CaseRated> {
  const { supportCase, resolution, resolvedAt } = await ratableResolution(
    deps,
    input.caseId,
    input.actorId,
    input.resolution,
  );
  const comment = cleanRatingComment(input.comment);
  const outcome = await deps.store.ratings.record({
    caseId: supportCase.id,
    resolution,
    resolvedAt,
    raterId: input.actorId,
    score: input.score,
    comment,
    ratedAt: deps.clock.now(),
    workKey: currentWork(),
  });
  if (outcome.recorded) return { case: supportCase, rating: outcome.rating };
  // The same work again (a delivery repeated, or redone after its process died): the rating it
  // recorded is this one, not a repeat, and what followed it is answered again (the journal
  // skips the messages that went out).
  if (isSameWork(outcome.existing.workKey, outcome.existing.score === input.score))
    return { case: supportCase, rating: outcome.existing };
  throw new CaseError(
    'ALREADY_RATED',
    said('alreadyRated', {
      reference: supportCase.reference,
      score: String(outcome.existing.score),
    }),
  );
}

function isSameWork(recordedBy: string | null, sameScore: boolean): boolean {
  const work = currentWork();
  return (work !== null && recordedBy === work) || (isRedo() && sameScore);
}

export interface CommentRatingInput {
  caseId: string;
  actorId: string;
  resolution: number | null;
  comment: string;
}

/** The comment after a score given by button: once, on the rating of that same resolution. */
export async function commentOnRating(
  deps: RatingDeps,
  input: CommentRatingInput,
): Promise<CaseRated> {
  const { supportCase, resolution } = await ratableResolution(
    deps,
    input.caseId,
    input.actorId,
    input.resolution,
  );
  const comment = cleanRatingComment(input.comment);
  if (!comment) throw new CaseError('RATING_INVALID', said('emptyComment'));
  const rating = await deps.store.ratings.forResolution(supportCase.id, resolution);
  if (!rating)
    throw new CaseError(
      'RATING_NOT_ASKED',
      said('rateFirst', { reference: supportCase.reference }),
    );
  const updated = await deps.store.ratings.addComment(rating.id, comment);
  if (updated) return { case: supportCase, rating: updated };
  if (isRedo() && rating.comment === comment) return { case: supportCase, rating };
  throw new CaseError(
    'ALREADY_RATED',
    said('alreadyCommented', { reference: supportCase.reference }),
  );
}
