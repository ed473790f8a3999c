// CSAT on resolve: the requester's 1–5 rating and optional comment, from a button, a form or the
// shell's /rate. The case use case (cases/rate-case.ts) decides what is accepted; here the
// rating is announced in the team's alert thread (the comment as text: adapters escape it) and
// the rater thanked, with the offer of a comment when the score came alone.
import {
  commentOnRating as commentUseCase,
  currentResolution,
  parseRatingScore,
  rateCase,
  type CaseRated,
  type RatingDeps,
} from '../cases/index.js';
import { CaseError } from '../cases/case-error.js';
import type { Person, SupportCase } from '../model.js';
import type { NoticeView } from '../views.js';
import { caseDeps, findVisibleCase } from './case-ops.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { resolveActor } from './identity.js';
import { info, tellTeam } from './notify.js';
import { caseTeamLanguage } from './readers.js';
import { t } from '../i18n/index.js';

export interface RateRequest {
  actor: Actor;
  /** The case rated; null: the rater's most recently resolved case (a typed `/rate 4`). */
  caseIdOrReference: string | null;
  /** The resolution the ask named (RatingOffer.resolution); null: the case's current one. */
  resolution?: string | null;
  /** As typed or pressed: "1" to "5". */
  score: string;
  comment?: string | null;
}

export interface RatingCommentRequest {
  actor: Actor;
  caseIdOrReference: string;
  resolution?: string | null;
  comment: string;
}

function ratingDeps(ctx: DeskContext): RatingDeps {
  return { ...caseDeps(ctx), ratingWindowMs: ctx.options.ratingWindowMs };
}

/** A RatingOffer's resolution ("2": the case's second resolution) as its number. */
function resolutionOf(text: string | null | undefined): number | null {
  if (!text) return null;
  if (!/^[1-9]\d{0,5}$/.test(text))
    throw new CaseError('RATING_CLOSED', { key: 'conversation.rate.notSent' });
  return Number(text);
}

/** The resolution just made, as a RatingOffer names it; null when it cannot be read. */
export async function resolutionKey(
  ctx: DeskContext,
  supportCase: SupportCase,
): Promise<string | null> {
  try {
    const resolution = await currentResolution(ctx.store, supportCase.id);
    return resolution > 0 ? String(resolution) : null;
  } catch (error) {
    // The resolution stands; only the ask is left out.
    ctx.logger.warn('could not number the resolution for its rating', {
      case: supportCase.reference,
      error: String(error),
    });
    return null;
  }
}

/** The rater's most recently resolved case: what a bare `/rate 4` is about. */
async function lastResolved(ctx: DeskContext, person: Person): Promise<SupportCase> {
  const cases = await ctx.store.cases.list({ requesterId: person.id, statuses: ['resolved'] });
  const latest = cases
    .filter((c) => c.resolvedAt !== null)
    .sort((a, b) => (b.resolvedAt?.getTime() ?? 0) - (a.resolvedAt?.getTime() ?? 0))[0];
  if (!latest) throw new CaseError('RATING_NOT_ASKED', { key: 'conversation.rate.noneToRate' });
  return latest;
}

function stars(score: number): string {
  return '★'.repeat(score) + '☆'.repeat(5 - score);
}

async function announce(
  ctx: DeskContext,
  person: Person,
  rated: CaseRated,
  what: 'score' | 'comment',
) {
  const { case: supportCase, rating } = rated;
  const language = await caseTeamLanguage(ctx, supportCase);
  const text = t(language, 'conversation.rate.announced', {
    what,
    name: person.displayName,
    reference: supportCase.reference,
    score: String(rating.score),
    stars: stars(rating.score),
    comment: rating.comment ? ` "${rating.comment}"` : '',
  });
  await tellTeam(ctx, supportCase, info(text, language));
}

export async function rate(ctx: DeskContext, request: RateRequest): Promise<NoticeView> {
  // The score first: a bad one is refused before anything is looked up or written.
  const score = parseRatingScore(request.score);
  const { person, language } = await resolveActor(ctx, request.actor);
  const supportCase = request.caseIdOrReference
    ? await findVisibleCase(ctx, person, request.caseIdOrReference)
    : await lastResolved(ctx, person);
  const rated = await rateCase(ratingDeps(ctx), {
    caseId: supportCase.id,
    actorId: person.id,
    resolution: resolutionOf(request.resolution),
    score,
    comment: request.comment ?? null,
  });
  await announce(ctx, person, rated, 'score');
  const notice: NoticeView = {
    kind: 'notice',
    tone: 'success',
    text: t(language, 'conversation.rate.thanks', {
      reference: rated.case.reference,
      score: String(score),
      withComment: rated.rating.comment ? 'yes' : 'no',
    }),
    language,
  };
  if (!rated.rating.comment)
    notice.rating = {
      ask: 'comment',
      caseId: rated.case.id,
      caseReference: rated.case.reference,
      resolution: String(rated.rating.resolution),
    };
  return notice;
}

export async function commentOnRating(
  ctx: DeskContext,
  request: RatingCommentRequest,
): Promise<NoticeView> {
  const { person, language } = await resolveActor(ctx, request.actor);
  const supportCase = await findVisibleCase(ctx, person, request.caseIdOrReference);
  const rated = await commentUseCase(ratingDeps(ctx), {
    caseId: supportCase.id,
    actorId: person.id,
    resolution: resolutionOf(request.resolution),
    comment: request.comment,
  });
  await announce(ctx, person, rated, 'comment');
  return {
    kind: 'notice',
    tone: 'success',
    text: t(language, 'conversation.rate.commentThanks', { reference: rated.case.reference }),
    language,
  };
}
