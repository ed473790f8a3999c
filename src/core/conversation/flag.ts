// Flow 7 (flag): a moderator moves a public thread to private support. The public thread gets a
// neutral note only; the author gets a private space and a case, and the team is alerted.
import { DeskError } from '../errors.js';
import { DEFAULT_LANGUAGE, t } from '../i18n/index.js';
import type { Place } from '../model.js';
import type { ChatPort } from '../ports/platform.js';
import type { NoticeView } from '../views.js';
import { guessProductFor, noOrgNotice, titleFrom, guessType } from './case-form.js';
import { openCase } from '../cases/index.js';
import { currentWork } from '../delivery/work-scope.js';
import { caseDeps } from './case-ops.js';
import type { FlagRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { resolveActor } from './identity.js';
import { noticeIn } from './readers.js';
import { authorActorOf, requireModerator } from './flag-form.js';
import { flagSeverity, removalSentence, removeOriginal } from './flag-choices.js';
import { postAlertSafely } from './post-alert.js';
import { confirmationFor, timeZoneOf } from './submit-case.js';
import { portFor } from './desk-context.js';

/** The note left in the public thread, in English (tests); each post says it in the author's language. */
export const NEUTRAL_NOTE = t(DEFAULT_LANGUAGE, 'conversation.flag.neutralNote');

export async function flag(ctx: DeskContext, request: FlagRequest): Promise<NoticeView> {
  const { actor, message, author } = request;
  const { person: moderator, language } = await requireModerator(ctx, actor);
  const text = request.text ?? (await textOfFirstRun(ctx));
  const port = portFor(ctx, message.platform);
  // The author's org from the message's own context (their workspace, the channel and guild it
  // is in, their roles), not from the moderator's.
  const authorActor = authorActorOf(request);
  const { person: requester, org, language: authorLanguage } = await resolveActor(ctx, authorActor);
  // Checked before anything moves: a refused choice leaves the public post as it was.
  const severity = org ? flagSeverity(ctx, org, request.severity) : null;
  const publicThread = {
    platform: message.platform,
    channelId: message.channelId,
    threadId: message.threadId ?? message.messageId,
  };
  // The public thread is the author's: the note is in their language.
  const note = noticeIn(authorLanguage, t(authorLanguage, 'conversation.flag.neutralNote'));
  // A top-level message gets its thread started before the note goes in (where a platform must).
  if (!message.threadId && port.postUnder) await port.postUnder(message, note);
  else await port.post(publicThread, note);
  // Where the platform can, the public thread is closed so the conversation does not go on there.
  await lockPublicThread(ctx, port, publicThread);
  const title = titleFrom(text);
  const privatePlace = await port.openPrivateSpace({
    customerUserId: author.userId,
    near: message,
    title,
    language: authorLanguage,
  });
  if (!org) {
    await port.post(privatePlace, noOrgNotice(authorActor, authorLanguage));
    const removal = request.removeOriginal
      ? await removeOriginal(ctx, port, message, language)
      : null;
    return noticeIn(
      language,
      t(language, 'conversation.flag.movedNoOrg', {
        author: author.displayName,
        removal: removalSentence(removal, language),
      }),
      'warning',
    );
  }
  const product = await guessProductFor(ctx, text);
  if (severity === null || product === null)
    throw new DeskError('CANNOT_OPEN_CASE', { key: 'conversation.flag.cannotOpenCase' });
  const opened = await openCase(caseDeps(ctx), {
    requesterId: requester.id,
    title,
    situation: text,
    severity,
    // Stored on the case and shown to the team: in the team's language would need the team before
    // routing; the author's reads right on their side and the team sees who moved it either way.
    seriousness: t(authorLanguage, 'conversation.flag.seriousness', {
      moderator: moderator.displayName,
    }),
    product,
    type: guessType(text),
    origin: message,
    customerPlace: privatePlace,
    intakeKey: flagIntakeKey(),
  });
  if (!opened.repeated || !(await wasFlagged(ctx, opened.case.id)))
    await ctx.store.events.append({
      caseId: opened.case.id,
      kind: 'flagged',
      actorId: moderator.id,
      at: ctx.clock.now(),
      // The post as it was, also when it is removed from the public space next.
      data: { from: message, text },
    });
  const removal = request.removeOriginal
    ? await removeOriginal(ctx, port, message, language)
    : null;
  // The same flag again (redone after its process died): its case keeps the alert it has.
  if (!opened.repeated || opened.case.alertPlace === null)
    await postAlertSafely(ctx, opened.case, message.platform, opened.suggestedAssignee?.id ?? null);
  await port.post(
    privatePlace,
    noticeIn(
      authorLanguage,
      t(authorLanguage, 'conversation.flag.movedHere', { moderator: moderator.displayName }),
    ),
  );
  await port.post(
    privatePlace,
    confirmationFor(
      ctx,
      opened.case.reference,
      title,
      severity,
      opened.firstResponse,
      timeZoneOf(requester, org),
      authorLanguage,
      org.tier,
    ),
  );
  return noticeIn(
    language,
    t(language, 'conversation.flag.moved', {
      reference: opened.case.reference,
      author: author.displayName,
      removal: removalSentence(removal, language),
    }),
    'success',
  );
}

/**
 * The flag's case, named by the work that moves the post (a Slack view submission, a Discord
 * interaction): the same flag done again after a crash finds the case its first run opened, and
 * its messages keep their journal keys, instead of a second case whose alert is the first one's.
 */
function flagIntakeKey(): string | null {
  const work = currentWork();
  return work ? `flag:${work}` : null;
}

/**
 * The post's text as the first run of this flag recorded it on the case it opened. A flag cut off
 * before that is refused: nothing of the post is left to open a case with.
 */
async function textOfFirstRun(ctx: DeskContext): Promise<string> {
  const intakeKey = flagIntakeKey();
  const opened = intakeKey ? await ctx.store.cases.byIntakeKey(intakeKey) : null;
  const history = opened ? await ctx.store.events.forCase(opened.id) : [];
  const recorded = history.find((event) => event.kind === 'flagged')?.data.text;
  if (typeof recorded === 'string') return recorded;
  if (opened) return opened.situation;
  throw new DeskError('FLAG_TEXT_GONE', { key: 'conversation.flag.textGone' });
}

async function wasFlagged(ctx: DeskContext, caseId: string): Promise<boolean> {
  const history = await ctx.store.events.forCase(caseId);
  return history.some((event) => event.kind === 'flagged');
}

/** A lock that fails is logged, not thrown: the move to private support has already happened. */
async function lockPublicThread(ctx: DeskContext, port: ChatPort, place: Place): Promise<void> {
  if (!port.lockThread) return;
  try {
    await port.lockThread(place);
  } catch (error) {
    ctx.logger.warn('could not lock the flagged public thread', {
      place,
      error: String(error),
    });
  }
}
