// Flow 1 (ask): a question → the best articles or "no good match", recorded as a deflection.
import { deflectQuestion } from '../deflection/deflect-question.js';
import { markDeflectionSolved } from '../deflection/outcomes.js';
import { DeskError } from '../errors.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';
import type { NoticeView, SuggestionsView } from '../views.js';
import type { Actor, AskRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { noticeIn } from './readers.js';
import { teachArticle } from '../knowledge-loop/teach.js';

/**
 * The article a "solved" credits: the one the asker names, else the first shown. Crediting the
 * first is harmless when another one helped: it already ranked first for these words.
 */
function solvingArticle(articleIds: string[], articleNumber: number | undefined): string {
  if (articleNumber === undefined) return articleIds[0] ?? '';
  const chosen = articleIds[articleNumber - 1];
  if (!Number.isInteger(articleNumber) || !chosen)
    throw new DeskError('NO_SUCH_SUGGESTION', {
      key: 'conversation.ask.noSuchSuggestion',
      values: { number: String(articleNumber), count: String(articleIds.length) },
    });
  return chosen;
}

export async function ask(ctx: DeskContext, request: AskRequest): Promise<SuggestionsView> {
  const question = request.question.trim();
  if (!question) throw new DeskError('EMPTY_QUESTION', { key: 'conversation.ask.emptyQuestion' });
  const { person, org, language } = await resolveActor(ctx, request.actor);
  const answer = await deflectQuestion(ctx.kb, ctx.store.deflections, {
    question,
    audience: isEngineer(person) ? 'staff' : 'customer',
    product: request.product ?? null,
    // Articles in the asker's language first; an English reader keeps today's choice (the
    // question's own language, detected), so an English speaker asking in French still gets French.
    lang: language === DEFAULT_LANGUAGE ? null : language,
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
    language,
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
    throw new DeskError('DEFLECTION_NOT_FOUND', { key: 'conversation.ask.questionGone' });
  const { person, language } = await resolveActor(ctx, actor);
  if (deflection.askerId !== person.id)
    throw new DeskError('NOT_THE_ASKER', { key: 'conversation.ask.notTheAskerSolved' });
  // "Solved" with nothing shown would count the bot as having answered a question it could not
  // (issue 13): the asker found the answer elsewhere, or still needs help.
  if (deflection.articleIds.length === 0)
    throw new DeskError('NOTHING_TO_MARK_SOLVED', { key: 'conversation.ask.nothingToMarkSolved' });
  if (deflection.outcome === 'escalated')
    return noticeIn(language, t(language, 'conversation.ask.alreadyEscalated'));
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
  return noticeIn(language, t(language, 'conversation.ask.solved'), 'success');
}
