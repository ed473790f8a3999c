// Flow: the owner of a resolved case drafts a KB article from it (knowledge-loop/draft-article.ts).
import path from 'node:path';
import { statusWord } from '../cases/case-error.js';
import { DeskError } from '../errors.js';
import { t } from '../i18n/index.js';
import { composeDraft, DraftsFolderError } from '../knowledge-loop/draft-article.js';
import type { NoticeView } from '../views.js';
import { findVisibleCase } from './case-ops.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { noticeIn } from './readers.js';

export async function draftArticle(
  ctx: DeskContext,
  actor: Actor,
  caseIdOrReference: string,
): Promise<NoticeView> {
  const { person, language } = await resolveActor(ctx, actor);
  const supportCase = await findVisibleCase(ctx, person, caseIdOrReference);
  const reference = supportCase.reference;
  if (!isEngineer(person) || supportCase.assigneeId !== person.id)
    throw new DeskError('NOT_THE_OWNER', {
      key: 'conversation.draft.notOwner',
      values: { reference },
    });
  if (supportCase.resolvedAt === null || supportCase.status !== 'resolved')
    throw new DeskError('CASE_NOT_RESOLVED', {
      key: 'conversation.draft.notResolved',
      values: { reference, status: statusWord(supportCase.status) },
    });
  const events = await ctx.store.events.forCase(supportCase.id);
  const lastResolved = events.filter((event) => event.kind === 'resolved').at(-1);
  const note = typeof lastResolved?.data.note === 'string' ? lastResolved.data.note.trim() : '';
  const notes = events.flatMap((event) =>
    event.kind === 'internal-note' && typeof event.data.text === 'string' && event.data.text.trim()
      ? [event.data.text.trim()]
      : [],
  );
  const { fileStem, markdown } = composeDraft({
    reference,
    title: supportCase.title,
    situation: supportCase.situation,
    product: supportCase.product,
    resolution: note ? [note] : notes,
  });
  if (!ctx.drafts) throw new DraftsFolderError({ key: 'knowledgeLoop.notSetUp' });
  const file = await ctx.drafts.write(ctx.options.draftsDir, fileStem, markdown);
  // As the setting names the folder (kb/drafts/…), not the absolute path of this machine.
  const shown = path.join(ctx.options.draftsDir, path.basename(file));
  return noticeIn(language, t(language, 'conversation.draft.written', { path: shown }), 'success');
}
