// Flow: the owner of a resolved case drafts a KB article from it (knowledge-loop/draft-article.ts).
import path from 'node:path';
import { DeskError } from '../errors.js';
import { composeDraft, DraftsFolderError } from '../knowledge-loop/draft-article.js';
import type { NoticeView } from '../views.js';
import { findVisibleCase } from './case-ops.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';

export async function draftArticle(
  ctx: DeskContext,
  actor: Actor,
  caseIdOrReference: string,
): Promise<NoticeView> {
  const { person } = await resolveActor(ctx, actor);
  const supportCase = await findVisibleCase(ctx, person, caseIdOrReference);
  if (!isEngineer(person) || supportCase.assigneeId !== person.id)
    throw new DeskError(
      'NOT_THE_OWNER',
      `Only the engineer who owns ${supportCase.reference} can draft an article from it.`,
    );
  if (supportCase.resolvedAt === null || supportCase.status !== 'resolved')
    throw new DeskError(
      'CASE_NOT_RESOLVED',
      `${supportCase.reference} is ${supportCase.status}: draft an article once it is resolved.`,
    );
  const events = await ctx.store.events.forCase(supportCase.id);
  const lastResolved = events.filter((event) => event.kind === 'resolved').at(-1);
  const note = typeof lastResolved?.data.note === 'string' ? lastResolved.data.note.trim() : '';
  const notes = events.flatMap((event) =>
    event.kind === 'internal-note' && typeof event.data.text === 'string' && event.data.text.trim()
      ? [event.data.text.trim()]
      : [],
  );
  const { fileStem, markdown } = composeDraft({
    reference: supportCase.reference,
    title: supportCase.title,
    situation: supportCase.situation,
    product: supportCase.product,
    resolution: note ? [note] : notes,
  });
  if (!ctx.drafts)
    throw new DraftsFolderError(
      'Drafting articles is not set up on this casebot (no drafts store).',
    );
  const file = await ctx.drafts.write(ctx.options.draftsDir, fileStem, markdown);
  // As the setting names the folder (kb/drafts/…), not the absolute path of this machine.
  const shown = path.join(ctx.options.draftsDir, path.basename(file));
  return {
    kind: 'notice',
    tone: 'success',
    text: `Draft article written: ${shown} (internal and marked draft: customers never see it). Review it, then remove "draft: true" to publish it (and set "audience: public" for customers).`,
  };
}
