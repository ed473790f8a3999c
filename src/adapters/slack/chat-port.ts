// ChatPort for Slack: the core's outbound calls become chat.postMessage, chat.update,
// chat.postEphemeral and conversations.open. A call that still fails after its in-call retries
// throws (SlackApiError, transient or permanent): the app's durable port keeps it in the message
// journal and the delivery worker sends it later (core/delivery/durable-chat-port.ts).
import type { Place } from '../../core/model.js';
import { currentMessageKey, isRedo } from '../../core/delivery/work-scope.js';
import { DEFAULT_LANGUAGE, t } from '../../core/i18n/index.js';
import type {
  ChatPort,
  CommandAnswer,
  Logger,
  RemovalOutcome,
  SentLookup,
} from '../../core/ports/platform.js';
import type { PostedMessage, View } from '../../core/views.js';
import type { SlackMessage } from './blocks.js';
import { findKeyedMessage, keyMetadataFor, keyOf } from './keyed-message.js';
import {
  INVITATION_ARG,
  InvitationFiles,
  takeInvitation,
  type Invitation,
} from './invitation-file.js';
import { renderView } from './render-view.js';
import { postToResponseUrl } from './response-url.js';
import { SlackApiError, type SlackApi } from './slack-api.js';

/** Tags a new message with the key of the send in progress (none outside the durable port). */
function keyMetadata(): Record<string, unknown> {
  const key = currentMessageKey();
  return key ? keyMetadataFor(key) : {};
}

function payload(message: SlackMessage): Record<string, unknown> {
  // Attachments always sent (possibly empty) so an update can drop an old colour bar.
  return {
    text: message.text,
    blocks: message.blocks,
    attachments: message.attachments ?? [],
    unfurl_links: false,
    unfurl_media: false,
  };
}

/**
 * What a post of the view carries to send its file (a call's .ics invitation): the file, and the
 * message as it reads with the invitation inline, for an upload that fails. Null without a file.
 */
function invitationFor(view: View, audienceUserId?: string): Invitation | null {
  const file = view.kind === 'notice' ? view.attachment : undefined;
  return file ? { file, inline: payload(renderView(view, audienceUserId)) } : null;
}

/**
 * A post's content: the message (saying the file follows, when the view has one) and the
 * invitation riding with it, as a post's argument, removed before Slack sees it.
 */
function postContent(view: View, audienceUserId?: string): Record<string, unknown> {
  const invitation = invitationFor(view, audienceUserId);
  if (!invitation) return payload(renderView(view, audienceUserId));
  return {
    ...payload(renderView(view, audienceUserId, 'file')),
    [INVITATION_ARG]: invitation,
  };
}

type SlackMethod = 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral';

export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;
  private readonly dmChannels = new Map<string, string>();
  private readonly files: InvitationFiles;

  constructor(
    private readonly api: SlackApi,
    logger: Logger,
  ) {
    this.files = new InvitationFiles(api, logger);
  }

  post(place: Place, view: View): Promise<PostedMessage> {
    return this.postFor(place, view);
  }

  /** A post, rendered for its reader when it has one (a DM's). */
  private async postFor(place: Place, view: View, reader?: string): Promise<PostedMessage> {
    const channel = place.channelId;
    const thread = place.threadId ?? null;
    const { args, invitation } = takeInvitation({
      channel,
      ...(thread ? { thread_ts: thread } : {}),
      ...postContent(view, reader),
      ...keyMetadata(),
    });
    const ts = await this.send('chat.postMessage', args);
    if (invitation) await this.files.afterPost({ channel, thread, ts }, invitation);
    return { place: { ...place, messageId: ts }, messageId: ts };
  }

  async update(message: PostedMessage, view: View): Promise<void> {
    const channel = message.place.channelId;
    const ts = message.messageId;
    await this.send('chat.update', { channel, ts, ...payload(renderView(view)) });
  }

  async whisper(place: Place, userId: string, view: View): Promise<void> {
    const thread = place.threadId ?? null;
    const args = {
      channel: place.channelId,
      user: userId,
      ...(thread ? { thread_ts: thread } : {}),
      ...payload(
        renderView(view, userId, await this.files.toDm((u) => this.openDm(u), userId, view)),
      ),
    };
    await this.send('chat.postEphemeral', args);
  }

  /** Ephemeral, through the command's response_url: it works where the bot is not a member. */
  async answerCommand(command: CommandAnswer, view: View): Promise<void> {
    const reader = command.userId;
    const invitation = await this.files.toDm((u) => this.openDm(u), reader, view);
    await postToResponseUrl(command.replyUrl, {
      response_type: 'ephemeral',
      ...payload(renderView(view, reader, invitation)),
    });
  }

  async sendDirect(userId: string, view: View): Promise<PostedMessage> {
    const channel = await this.openDm(userId);
    return this.postFor({ platform: 'slack', channelId: channel }, view, userId);
  }

  /**
   * Looks for a message posted under the journal key in the channel (or thread) since the send
   * began: Slack returns message metadata with `include_all_metadata`.
   */
  async findSent(lookup: SentLookup): Promise<PostedMessage | null> {
    const reader = lookup.call === 'sendDirect' ? String(lookup.args[0]) : undefined;
    const place = reader
      ? { platform: 'slack' as const, channelId: await this.openDm(reader) }
      : (lookup.args[0] as Place);
    const channel = place.channelId;
    const thread = place.threadId ?? null;
    const ts = await findKeyedMessage(this.api, {
      channel,
      thread,
      key: lookup.key,
      since: lookup.since,
    });
    if (!ts) return null;
    // The post landed before its sender died; its invitation may not have followed it.
    const invitation = invitationFor(lookup.args[1] as View, reader);
    if (invitation) await this.files.afterPost({ channel, thread, ts }, invitation, lookup.since);
    return { place: { ...place, messageId: ts }, messageId: ts };
  }

  /**
   * Slack lets an app's bot token delete the bot's own messages only (`cant_delete_message` for a
   * member's): the refusal tells the moderator who can delete it instead.
   */
  async removeMessage(
    message: Place & { messageId: string },
    language: string = DEFAULT_LANGUAGE,
  ): Promise<RemovalOutcome> {
    try {
      await this.api.call('chat.delete', { channel: message.channelId, ts: message.messageId }, 1);
      return { removed: true };
    } catch (error) {
      if (!(error instanceof SlackApiError) || error.kind !== 'permanent') throw error;
      // Redone after a crash: the first run deleted it, and the moderator is told so again.
      if (isRedo() && platformError(error) === 'message_not_found') return { removed: true };
      return { removed: false, reason: t(language, 'slack.removeRefused') };
    }
  }

  async openPrivateSpace(request: {
    customerUserId: string;
    near: Place;
    title: string;
  }): Promise<Place> {
    // A DM with the bot is private to the customer and the bot; engineers reach it through relay.
    const channel = await this.openDm(request.customerUserId);
    return { platform: 'slack', channelId: channel, threadId: null };
  }

  async openDm(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const opened = await this.api.call('conversations.open', { users: userId });
    const channel = (opened.channel as { id: string }).id;
    this.dmChannels.set(userId, channel);
    return channel;
  }

  /**
   * For a keyed post: finds it in its channel (or thread) if Slack took it before failing, so an
   * in-call retry does not post it twice (the journal's resend does the same through findSent).
   */
  private landedLookup(
    method: SlackMethod,
    args: Record<string, unknown>,
  ): (() => Promise<Record<string, unknown> | null>) | undefined {
    const key = keyOf(args);
    if (method !== 'chat.postMessage' || !key || typeof args.channel !== 'string') return undefined;
    const channel = args.channel;
    const thread = typeof args.thread_ts === 'string' ? args.thread_ts : null;
    const since = new Date();
    return async () => {
      const ts = await findKeyedMessage(this.api, { channel, thread, key, since }, 1);
      return ts ? { ok: true, channel, ts } : null;
    };
  }

  /** Sends now; a failure after the in-call retries is the caller's (the durable port's). */
  private async send(method: SlackMethod, args: Record<string, unknown>): Promise<string> {
    const result = await this.api.call(method, args, undefined, this.landedLookup(method, args));
    return String(result.ts ?? result.message_ts ?? '');
  }
}

/** Slack's error code behind a failed call ('message_not_found'), if it answered with one. */
function platformError(error: SlackApiError): string | null {
  const failure = error.failure as { data?: { error?: unknown } } | null;
  return typeof failure?.data?.error === 'string' ? failure.data.error : null;
}
