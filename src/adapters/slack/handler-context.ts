// What every Bolt listener needs: the Desk (the one the adapter was started with), the ChatPort,
// the API, and one error path that logs a reference id and tells the user the same id.
import { newErrorReference } from '../../core/errors.js';
import { chooseLanguage, DEFAULT_LANGUAGE, languageOfView, t } from '../../core/i18n/index.js';
import type { Actor, Desk } from '../../core/conversation/desk.js';
import { reportFailure } from '../../core/delivery/failure-report.js';
import { FAILURE_NOTICE, keyedApart } from '../../core/delivery/work-scope.js';
import type { Place } from '../../core/model.js';
import type { ChatPort, Logger } from '../../core/ports/platform.js';
import type { NoticeView } from '../../core/views.js';
import type { SlackApi } from './slack-api.js';
import type { SlackConfig } from './slack-config.js';
import type { UserNames } from './user-names.js';

export interface HandlerContext {
  desk(): Desk;
  /** Every message goes through this port (the app's durable one when it gives one). */
  chat: ChatPort;
  /** The bot's DM channel with a user (opened once, then remembered). */
  openDm(userId: string): Promise<string>;
  api: SlackApi;
  names: UserNames;
  config: SlackConfig;
  logger: Logger;
  /** The bot's own user id, known after start (auth.test) or from config. */
  botUserId(): string | null;
  /** `/support dashboard`: a signed dashboard link for staff, a refusal otherwise (the app's). */
  dashboardLink?: (actor: Actor) => Promise<NoticeView>;
}

export function slackPlace(
  channelId: string,
  threadId?: string | null,
  messageId?: string | null,
): Place {
  return { platform: 'slack', channelId, threadId: threadId ?? null, messageId: messageId ?? null };
}

/**
 * The Actor for a Slack user. `displayName` is the payload's own name when it has a real one
 * (a message's user_profile); otherwise users.info supplies it. The same users.info answer gives
 * the user's Slack locale (cached per user for an hour; never throws), which the core uses when
 * the person chose no language of their own.
 */
export async function slackActor(
  ctx: Pick<HandlerContext, 'names'>,
  userId: string,
  displayName: string | undefined | null,
  workspaceId: string | undefined | null,
  channelId: string | null = null,
): Promise<Actor> {
  const { name, locale } = await ctx.names.profileOf(userId, displayName);
  return {
    platform: 'slack',
    userId,
    displayName: name,
    workspaceId: workspaceId ?? null,
    channelId,
    ...(locale ? { locale } : {}),
  };
}

/**
 * The language of a notice the adapter writes itself (help, usage, refusals): the core's choice
 * for this person (their /lang setting, their Slack locale, their org's), read through
 * desk.language with an empty request, which sets nothing; their Slack locale alone if that fails.
 */
export async function readerLanguage(
  ctx: Pick<HandlerContext, 'desk' | 'logger'>,
  actor: Actor,
): Promise<string> {
  try {
    return languageOfView(await ctx.desk().language(actor, ''));
  } catch (error) {
    ctx.logger.warn('slack: the reader’s language could not be read; using their Slack locale', {
      error: String(error),
    });
    return chooseLanguage(actor.locale);
  }
}

/**
 * Runs a listener's slow part. A failure is logged with a reference id, and the user (when known)
 * gets an ephemeral error carrying the same id, so support can find the log line.
 */
export async function guarded(
  ctx: HandlerContext,
  what: string,
  where: { place: Place; userId: string } | null,
  task: () => Promise<void>,
): Promise<void> {
  try {
    await task();
  } catch (error) {
    // Handled here, but not processed: a redelivery of this event may try again (dedupe.ts).
    reportFailure(error);
    const errorReference = newErrorReference();
    ctx.logger.error(`slack ${what} failed`, {
      errorReference,
      error: error instanceof Error ? error.stack : String(error),
    });
    if (!where) return;
    // The core may be what failed: the language is the user's Slack locale, as already known.
    const language = chooseLanguage(ctx.names.knownLocale(where.userId));
    const notice = {
      kind: 'notice',
      tone: 'error',
      text: t(language, 'slack.failed'),
      errorReference,
      ...(language === DEFAULT_LANGUAGE ? {} : { language }),
    } as const;
    // Keyed apart from the work's own whispers: a redo's answer to the same person in the same
    // place must not meet this notice's journal row (sent) and be skipped.
    await keyedApart(FAILURE_NOTICE, () =>
      ctx.chat.whisper(where.place, where.userId, notice),
    ).catch((whisperError: unknown) => {
      ctx.logger.error('slack error notice could not be shown', {
        errorReference,
        error: String(whisperError),
      });
    });
  }
}
