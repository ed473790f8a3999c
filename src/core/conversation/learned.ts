// Flow: staff review the learned phrasings in chat (`/learned [article]`) and remove one
// (`/learned remove 12`), like `casebot kb learned` does from the command line.
import { DeskError } from '../errors.js';
import { t } from '../i18n/index.js';
import { forgetPhrasing } from '../knowledge-loop/teach.js';
import type { LearnedPhrasing } from '../knowledge-loop/learned-phrasing.js';
import type { NoticeView } from '../views.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { noticeIn } from './readers.js';

/** Lines a chat answer shows; the CLI lists them all. */
const SHOWN = 20;

export type LearnedRequest = { remove: number } | { articleId: string | null };

export async function learnedPhrasings(
  ctx: DeskContext,
  actor: Actor,
  request: LearnedRequest,
): Promise<NoticeView> {
  const { person, language } = await resolveActor(ctx, actor);
  if (!isEngineer(person))
    throw new DeskError('STAFF_ONLY', { key: 'conversation.learned.staffOnly' });
  if ('remove' in request) {
    const id = request.remove;
    const removed =
      Number.isInteger(id) && id > 0
        ? await forgetPhrasing(
            { learned: ctx.store.learned, kb: ctx.kb },
            id,
            person.id,
            ctx.clock.now(),
          )
        : null;
    // Ids as typed and stored: a string, as ICU would group the digits of a number ("1,024").
    if (!removed)
      throw new DeskError('UNKNOWN_PHRASING', {
        key: 'conversation.learned.unknown',
        values: { id: String(id) },
      });
    return noticeIn(
      language,
      t(language, 'conversation.learned.removed', {
        id: String(removed.id),
        question: removed.question,
        article: removed.articleId,
      }),
      'success',
    );
  }
  const list = await ctx.store.learned.list(
    request.articleId ? { articleId: request.articleId } : {},
  );
  if (list.length === 0)
    return noticeIn(
      language,
      request.articleId
        ? t(language, 'conversation.learned.nothingFor', { article: request.articleId })
        : t(language, 'conversation.learned.nothingYet'),
    );
  const lines = [
    t(language, 'conversation.learned.heading'),
    ...list.slice(-SHOWN).map((phrasing) => lineOf(phrasing, language)),
  ];
  if (list.length > SHOWN)
    lines.push(t(language, 'conversation.learned.more', { count: list.length - SHOWN }));
  return noticeIn(language, lines.join('\n'));
}

function lineOf(phrasing: LearnedPhrasing, language: string): string {
  return t(language, 'conversation.learned.line', {
    id: String(phrasing.id),
    article: phrasing.articleId,
    count: String(phrasing.count),
    source: phrasing.source,
    question: phrasing.question.replace(/\s+/g, ' ').slice(0, 120),
  });
}
