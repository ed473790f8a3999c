// Flow 1 (ask): a question → the best articles or "no good match", recorded as a deflection.
import { deflectQuestion } from '../deflection/deflect-question.js';
import { markDeflectionSolved } from '../deflection/outcomes.js';
import { DeskError } from '../errors.js';
import type { NoticeView, SuggestionsView } from '../views.js';
import type { Actor, AskRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { teachArticle } from '../knowledge-loop/teach.js';

/**
 * The article a "solved" credits: the one the asker names, else the first shown. Crediting the
 * first is harmless when another one helped: it already ranked first for these words.
 */
function solvingArticle(articleIds: string[], articleNumber: number | undefined): string {
  if (articleNumber === undefined) return articleIds[0] ?? '';
  const chosen = articleIds[articleNumber - 1];
  if (!Number.isInteger(articleNumber) || !chosen)
    throw new DeskError(
      'NO_SUCH_SUGGESTION',
      `There is no suggestion ${articleNumber}: choose a number from 1 to ${articleIds.length}, or /solved alone for the first.`,
    );
  return chosen;
}

export async function ask(ctx: DeskContext, request: AskRequest): Promise<SuggestionsView> {
  const question = request.question.trim();
  if (!question)
    throw new DeskError(
      'EMPTY_QUESTION',
      'Type your question after the command, e.g. "how do I choose a severity?".',
    );
  const { person, org } = await resolveActor(ctx, request.actor);
  const answer = await deflectQuestion(ctx.kb, ctx.store.deflections, {
    question,
    audience: isEngineer(person) ? 'staff' : 'customer',
    product: request.product ?? null,
    limit: ctx.options.suggestionLimit,
    askedAt: ctx.clock.now(),
    platform: request.actor.platform,
    askerId: person.id,
    orgId: org?.id ?? null,
    links: ctx.articleLinks ?? null,
  });
  return {
    kind: 'suggestions',
    deflectionId: answer.deflection.id,
    question,
    askerUserId: request.actor.userId,
    articles: answer.articles,
    noGoodMatch: answer.noGoodMatch,
    canOpenCase: org !== null,
  };
}

export async function markSolved(
  ctx: DeskContext,
  actor: Actor,
  deflectionId: string,
  /** Which suggestion solved it (1-based, as shown); absent: the first. */
  articleNumber?: number,
): Promise<NoticeView> {
  const deflection = await ctx.store.deflections.byId(deflectionId);
  if (!deflection)
    throw new DeskError('DEFLECTION_NOT_FOUND', 'That question is no longer known; ask it again.');
  const { person } = await resolveActor(ctx, actor);
  if (deflection.askerId !== person.id)
    throw new DeskError(
      'NOT_THE_ASKER',
      'Only the person who asked the question can mark it solved.',
    );
  // "Solved" with nothing shown would count the bot as having answered a question it could not
  // (issue 13): the asker found the answer elsewhere, or still needs help.
  if (deflection.articleIds.length === 0)
    throw new DeskError(
      'NOTHING_TO_MARK_SOLVED',
      'No article was suggested for this question, so there is nothing to mark as solved. If you still need help, open a case.',
    );
  if (deflection.outcome === 'escalated') {
    return {
      kind: 'notice',
      tone: 'info',
      text: 'A case is already open for this question; reply there if it is solved.',
    };
  }
  const solvedBy = solvingArticle(deflection.articleIds, articleNumber);
  const now = ctx.clock.now();
  const before = deflection.outcome;
  await markDeflectionSolved(ctx.store.deflections, deflection, now);
  // The question becomes evidence for the article (kb/learned): customers' only, once per question.
  if (!isEngineer(person) && before !== 'solved')
    await teachArticle(
      { learned: ctx.store.learned, kb: ctx.kb, logger: ctx.logger },
      {
        articleId: solvedBy,
        question: deflection.question,
        source: 'solved',
        teacherId: person.id,
        at: now,
      },
    );
  return { kind: 'notice', tone: 'success', text: 'Glad it helped! Marked as solved.' };
}
