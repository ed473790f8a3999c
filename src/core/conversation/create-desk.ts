// The Desk: the one conversation core every adapter shares. Each method is a flow in its own file;
// here they are wired to one context and wrapped so that every error goes through errors.ts
// (coded refusals become notices, anything else a notice with an error reference, logged).
import { errorToNotice } from '../errors.js';
import { DEFAULT_LANGUAGE } from '../i18n/index.js';
import type { SuggestionsView } from '../views.js';
import { act, reassign } from './act.js';
import { ask, markSolved } from './ask.js';
import { changeAvailability } from './availability.js';
import { chooseOwnLanguage } from './language.js';
import { caseForm } from './case-form.js';
import { changeSeverity } from './change-severity.js';
import type { Desk } from './desk.js';
import type { DeskContext } from './desk-context.js';
import type { Actor } from './desk.js';
import { actorLanguage } from './identity.js';
import { explainCase } from './explain.js';
import { draftArticle } from './draft.js';
import { flag } from './flag.js';
import { learnedPhrasings } from './learned.js';
import { flagForm } from './flag-form.js';
import { message } from './message.js';
import { commentOnRating, rate } from './rate.js';
import { home } from './home.js';
import { queue, status } from './status.js';
import { submitCase } from './submit-case.js';
import { callback } from '../callbacks/callback-flow.js';

/** The reader's language for a failed flow; a failing lookup (the store is down) leaves English. */
async function languageForError(ctx: DeskContext, actor: Actor): Promise<string> {
  try {
    return await actorLanguage(ctx, actor);
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function createDesk(ctx: DeskContext): Desk {
  const run = async <T>(flowName: string, actor: Actor, flow: () => Promise<T>) => {
    try {
      return await flow();
    } catch (error) {
      return errorToNotice(
        error,
        ctx.logger,
        { flow: flowName, platform: actor.platform, user: actor.userId },
        await languageForError(ctx, actor),
      );
    }
  };
  return {
    // ask's contract is a SuggestionsView: on failure, an empty "no good match" answer (without the
    // case button) and the reference logged, so the person can still ask again or open a case. The
    // adapter says "no good match" in the asker's language, as it would for a real answer.
    async ask(request) {
      try {
        return await ask(ctx, request);
      } catch (error) {
        const language = await languageForError(ctx, request.actor);
        errorToNotice(
          error,
          ctx.logger,
          { flow: 'ask', platform: request.actor.platform, user: request.actor.userId },
          language,
        );
        const fallback: SuggestionsView = {
          kind: 'suggestions',
          deflectionId: '',
          question: request.question,
          askerUserId: request.actor.userId,
          articles: [],
          noGoodMatch: true,
          canOpenCase: false,
          language,
        };
        return fallback;
      }
    },
    markSolved: (actor, deflectionId, articleNumber) =>
      run('markSolved', actor, () => markSolved(ctx, actor, deflectionId, articleNumber)),
    caseForm: (actor, deflectionId, question) =>
      run('caseForm', actor, () => caseForm(ctx, actor, deflectionId, question)),
    submitCase: (actor, place, form, intake) =>
      run('submitCase', actor, () => submitCase(ctx, actor, place, form, intake?.intakeKey)),
    act: (actor, ref, action) => run(`act:${action}`, actor, () => act(ctx, actor, ref, action)),
    reassign: (actor, ref, to) => run('reassign', actor, () => reassign(ctx, actor, ref, to)),
    draftArticle: (actor, ref) => run('draftArticle', actor, () => draftArticle(ctx, actor, ref)),
    learnedPhrasings: (actor, request) =>
      run('learnedPhrasings', actor, () => learnedPhrasings(ctx, actor, request)),
    changeSeverity: (request) =>
      run('changeSeverity', request.actor, () => changeSeverity(ctx, request)),
    message: (request) => run('message', request.actor, () => message(ctx, request)),
    flagForm: (request) => run('flagForm', request.actor, () => flagForm(ctx, request)),
    flag: (request) => run('flag', request.actor, () => flag(ctx, request)),
    rate: (request) => run('rate', request.actor, () => rate(ctx, request)),
    commentOnRating: (request) =>
      run('commentOnRating', request.actor, () => commentOnRating(ctx, request)),
    status: (actor) => run('status', actor, () => status(ctx, actor)),
    queue: (actor) => run('queue', actor, () => queue(ctx, actor)),
    availability: (actor, request) =>
      run(`availability:${request.kind}`, actor, () => changeAvailability(ctx, actor, request)),
    explain: (actor, ref) => run('explain', actor, () => explainCase(ctx, actor, ref)),
    home: (actor) => run('home', actor, () => home(ctx, actor)),
    callback: (request) => run('callback', request.actor, () => callback(ctx, request)),
    language: (actor, request) =>
      run('language', actor, () => chooseOwnLanguage(ctx, actor, request)),
    hasCaseAt: async (place) => (await ctx.store.cases.byPlace(place)) !== null,
  };
}
