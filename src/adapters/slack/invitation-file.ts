// A confirmed call's .ics invitation as a real file in Slack: uploaded with the Web API's
// files.uploadV2 (files.getUploadURLExternal, the bytes POSTed to the URL it returns, then
// files.completeUploadExternal shares it in the channel or thread) right after the message that
// announces it. The upload is a second call after the post, so a post taken up again after a lost
// answer first looks for the file among the thread's messages (never shared twice); an upload that
// fails puts the invitation inline in the message instead (the reader still gets it).
import { isRedo } from '../../core/delivery/work-scope.js';
import type { Logger } from '../../core/ports/platform.js';
import type { Attachment, View } from '../../core/views.js';
import type { InvitationMode } from './render-callback.js';
import { searchHistory } from './history-search.js';
import { SlackApiError, type SlackApi } from './slack-api.js';

/**
 * How far back a redo looks for the file its first run shared: a redo comes after the dead
 * process's lease, or after a restart; the name is the call's and its time's, so an older file
 * of that name is the same invitation.
 */
const REDO_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** The argument of a post that asks for its invitation to follow it (removed before Slack sees it). */
export const INVITATION_ARG = 'casebot_invitation';

/** What a post carries for its invitation: plain JSON, like the rest of its arguments. */
export interface Invitation {
  file: Attachment;
  /** The message with the invitation inline (a snippet): what it becomes when the upload fails. */
  inline: Record<string, unknown>;
}

/** Where the post landed: the file goes in the same thread (or at the channel's top level). */
export interface PostedAt {
  channel: string;
  thread: string | null;
  ts: string;
}

/** A post's arguments without the invitation, and the invitation (null when it has none). */
export function takeInvitation(args: Record<string, unknown>): {
  args: Record<string, unknown>;
  invitation: Invitation | null;
} {
  if (!(INVITATION_ARG in args)) return { args, invitation: null };
  const { [INVITATION_ARG]: invitation, ...rest } = args;
  return { args: rest, invitation: (invitation as Invitation | undefined) ?? null };
}

interface HistoryMessage {
  files?: { name?: string }[];
}

export class InvitationFiles {
  constructor(
    private readonly api: SlackApi,
    private readonly logger: Logger,
  ) {}

  /**
   * Shares the invitation beside the message just posted. `sharedSince`: the post may have been
   * made by an earlier try (found landed), whose upload may have happened too: a file of that name
   * shared in the same place since then is taken as this one.
   */
  async afterPost(at: PostedAt, invitation: Invitation, sharedSince?: Date): Promise<void> {
    if (sharedSince && (await this.alreadyShared(at, invitation.file.filename, sharedSince)))
      return;
    if (await this.upload(at.channel, at.thread, invitation.file)) return;
    try {
      await this.api.call('chat.update', { channel: at.channel, ts: at.ts, ...invitation.inline });
    } catch (error) {
      this.logger.error('slack invitation neither uploaded nor put inline', {
        channel: at.channel,
        ts: at.ts,
        error: String(error),
      });
    }
  }

  /**
   * For an answer only its reader sees (an ephemeral message, a command's response), which can
   * carry no file, and where a file shared in the channel would not be private: the invitation
   * goes to the reader's DM with the bot. How the answer then shows it: `file-in-dm`, or `inline`
   * when that failed. Redone after a crash, the file its first run shared in the DM is looked for
   * there first (the ephemeral itself cannot be looked up, and is shown again).
   */
  async toDm(
    openDm: (userId: string) => Promise<string>,
    userId: string,
    view: View,
  ): Promise<InvitationMode> {
    const file = view.kind === 'notice' ? view.attachment : undefined;
    if (!file) return 'inline';
    try {
      const dm = await openDm(userId);
      const since = new Date(Date.now() - REDO_LOOKBACK_MS);
      if (
        isRedo() &&
        (await this.alreadyShared({ channel: dm, thread: null }, file.filename, since))
      )
        return 'file-in-dm';
      return (await this.upload(dm, null, file)) ? 'file-in-dm' : 'inline';
    } catch (error) {
      this.logger.warn('slack could not open a DM for an invitation; it goes inline', {
        userId,
        error: String(error),
      });
      return 'inline';
    }
  }

  /** Uploads the file in the channel (or thread); false, logged, when Slack did not take it. */
  async upload(channel: string, thread: string | null, file: Attachment): Promise<boolean> {
    try {
      await this.api.upload({
        channel_id: channel,
        ...(thread ? { thread_ts: thread } : {}),
        filename: file.filename,
        title: file.filename,
        file: Buffer.from(file.content, 'utf8'),
      });
      return true;
    } catch (error) {
      this.logger.warn('slack invitation upload failed; the invitation goes inline', {
        channel,
        filename: file.filename,
        error: error instanceof SlackApiError ? error.message : String(error),
      });
      return false;
    }
  }

  /**
   * Whether a file of that name was shared there since `since`, through every page of history
   * (bounded: searchHistory). Unknown (Slack failed, too much history) counts as not: the file is
   * shared, a duplicate rather than a loss. The name is the call's and its time's (invitation.ts),
   * so an earlier invitation of the same case does not pass for this one.
   */
  private async alreadyShared(
    at: Pick<PostedAt, 'channel' | 'thread'>,
    filename: string,
    since: Date,
  ): Promise<boolean> {
    try {
      const found = await searchHistory(
        this.api,
        { channel: at.channel, thread: at.thread, since },
        (message) => (sharesFile(message, filename) ? true : null),
        1,
      );
      return found === true;
    } catch (error) {
      this.logger.warn('could not tell whether an invitation was shared; sharing it', {
        channel: at.channel,
        error: String(error),
      });
      return false;
    }
  }
}

function sharesFile(message: Record<string, unknown>, filename: string): boolean {
  const files = (message as HistoryMessage).files;
  return Array.isArray(files) && files.some((file) => file.name === filename);
}
