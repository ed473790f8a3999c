// Flow: staff review the learned phrasings in chat (`/learned [article]`) and remove one
// (`/learned remove 12`), like `casebot kb learned` does from the command line.
import { DeskError } from '../errors.js';
import { forgetPhrasing } from '../knowledge-loop/teach.js';
import type { NoticeView } from '../views.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';

/** Lines a chat answer shows; the CLI lists them all. */
const SHOWN = 20;

export type LearnedRequest = { remove: number } | { articleId: string | null };

export async function learnedPhrasings(
  ctx: DeskContext,
  actor: Actor,
  request: LearnedRequest,
): Promise<NoticeView> {
  const { person } = await resolveActor(ctx, actor);
  if (!isEngineer(person))
    throw new DeskError(
      'STAFF_ONLY',
      'Learned phrasings are for support staff (engineers and admins).',
    );
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
    if (!removed)
      throw new DeskError(
        'UNKNOWN_PHRASING',
        `There is no learned phrasing #${id}: /learned lists them.`,
      );
    return {
      kind: 'notice',
      tone: 'success',
      text: `Removed #${removed.id}: "${removed.question}" no longer points to ${removed.articleId}, and will not be learned again.`,
    };
  }
  const list = await ctx.store.learned.list(
    request.articleId ? { articleId: request.articleId } : {},
  );
  if (list.length === 0)
    return {
      kind: 'notice',
      tone: 'info',
      text: request.articleId
        ? `Nothing learned for ${request.articleId}.`
        : 'Nothing learned yet: questions marked solved and cases answered with an article link teach it.',
    };
  const lines = list
    .slice(-SHOWN)
    .map(
      (p) =>
        `#${p.id} ${p.articleId} ×${p.count} (${p.source}): "${p.question.replace(/\s+/g, ' ').slice(0, 120)}"`,
    );
  const more =
    list.length > SHOWN
      ? `\n…and ${list.length - SHOWN} older: casebot kb learned lists them all.`
      : '';
  return {
    kind: 'notice',
    tone: 'info',
    text: `Learned phrasings (remove one with /learned remove <id>):\n${lines.join('\n')}${more}`,
  };
}
