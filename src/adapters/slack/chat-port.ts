// ChatPort for Slack: the core's outbound calls become chat.postMessage, chat.update,
// chat.postEphemeral and conversations.open. A post that still fails after its retries is kept in
// the outbox and answered with a provisional id, which later updates follow to the real message;
// a reply in its thread waits behind it in the outbox. A provisional id nothing will deliver (the
// post was refused, or was kept by a run that did not write it down) is an error, never a guess.
import type { Place } from '../../core/model.js';
import { currentMessageKey } from '../../core/delivery/work-scope.js';
import { DEFAULT_LANGUAGE, t } from '../../core/i18n/index.js';
import type { ChatPort, Logger, RemovalOutcome, SentLookup } from '../../core/ports/platform.js';
import type { PostedMessage, View } from '../../core/views.js';
import type { SlackMessage } from './blocks.js';
import { isProvisional, PROVISIONAL, type Outbox, type OutboxMethod } from './outbox.js';
import { findKeyedMessage, keyMetadataFor, keyOf } from './keyed-message.js';
import {
  INVITATION_ARG,
  InvitationFiles,
  takeInvitation,
  type Invitation,
} from './invitation-file.js';
import { renderView } from './render-view.js';
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

/** The reader a kept post was rendered for: a direct message's (`casebot.direct` names them). */
function readerOf(args: Record<string, unknown>): string | undefined {
  return typeof args.user === 'string' ? args.user : undefined;
}

export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;
  private readonly dmChannels = new Map<string, string>();
  private readonly files: InvitationFiles;

  constructor(
    private readonly api: SlackApi,
    private readonly outbox: Outbox,
    private readonly logger: Logger,
  ) {
    this.files = new InvitationFiles(api, logger);
  }

  post(place: Place, view: View): Promise<PostedMessage> {
    return this.postFor(place, view);
  }

  /** A post, rendered for its reader when it has one (a DM's). */
  private async postFor(place: Place, view: View, reader?: string): Promise<PostedMessage> {
    const { channel, thread } = await this.resolveThread(place, 'chat.postMessage');
    const args = {
      channel,
      ...(thread ? { thread_ts: thread } : {}),
      ...postContent(view, reader),
      ...keyMetadata(),
    };
    const ts = await this.send('chat.postMessage', args, null);
    // A post kept in the outbox gets its file once delivered (outbox.ts).
    const kept = takeInvitation(args).invitation;
    if (kept && !isProvisional(ts)) await this.files.afterPost({ channel, thread, ts }, kept);
    return { place: { ...place, messageId: ts }, messageId: ts };
  }

  async update(message: PostedMessage, view: View): Promise<void> {
    const rendered = payload(renderView(view));
    let { channelId } = message.place;
    let ts = message.messageId;
    if (ts.startsWith(PROVISIONAL)) {
      const id = ts.slice(PROVISIONAL.length);
      let landed = await this.landedAs(id);
      // Not posted yet: the waiting post carries the newer content, as a post of it would (its
      // invitation too, or none), so a failed upload's fallback puts back this content, not the old.
      if (!landed && (await this.outbox.amend(id, (args) => postContent(view, readerOf(args)))))
        return;
      // The amend waited for a try under way, which may have delivered it.
      landed ??= await this.landedAs(id);
      if (!landed) throw this.heldElsewhere('chat.update', ts);
      channelId = landed.channel;
      ts = landed.ts;
    }
    await this.send(
      'chat.update',
      { channel: channelId, ts, ...rendered },
      `update:${channelId}:${ts}`,
    );
  }

  async whisper(place: Place, userId: string, view: View): Promise<void> {
    const { channel, thread } = await this.resolveThread(place, 'chat.postEphemeral');
    const args = {
      channel,
      user: userId,
      ...(thread ? { thread_ts: thread } : {}),
      ...payload(
        renderView(view, userId, await this.files.toDm((u) => this.openDm(u), userId, view)),
      ),
    };
    await this.send('chat.postEphemeral', args, null);
  }

  async sendDirect(userId: string, view: View): Promise<PostedMessage> {
    try {
      const channel = await this.openDm(userId);
      return await this.postFor({ platform: 'slack', channelId: channel }, view, userId);
    } catch (error) {
      if (error instanceof SlackApiError && error.kind === 'permanent') throw error;
      const entry = await this.outbox.enqueue('casebot.direct', {
        user: userId,
        ...postContent(view, userId),
        ...keyMetadata(),
      });
      return {
        place: { platform: 'slack', channelId: userId },
        messageId: `${PROVISIONAL}${entry.id}`,
      };
    }
  }

  /**
   * Looks for a message posted under the journal key in the channel (or thread) since the send
   * began: Slack returns message metadata with `include_all_metadata`. A thread still waiting for
   * its kept parent has nothing to find yet.
   */
  async findSent(lookup: SentLookup): Promise<PostedMessage | null> {
    const reader = lookup.call === 'sendDirect' ? String(lookup.args[0]) : undefined;
    const place = reader
      ? { platform: 'slack' as const, channelId: await this.openDm(reader) }
      : (lookup.args[0] as Place);
    const { channel, thread } = await this.resolveThread(place, 'chat.postMessage');
    if (isProvisional(thread)) return null;
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

  /** Where a kept post was delivered (by this process or another), null while it waits. */
  private async landedAs(id: string): Promise<{ channel: string; ts: string } | null> {
    return this.outbox.deliveredAs(id) ?? (await this.outbox.landedElsewhere(id));
  }

  /**
   * The thread a place names, when that is a provisional id: the real message once delivered; the
   * provisional id while its post waits (the reply then waits behind it, see send); else an error.
   */
  private async resolveThread(
    place: Place,
    method: OutboxMethod,
  ): Promise<{ channel: string; thread: string | null }> {
    const thread = place.threadId ?? null;
    if (!isProvisional(thread)) return { channel: place.channelId, thread };
    const id = thread.slice(PROVISIONAL.length);
    const landed = await this.landedAs(id);
    if (landed) return { channel: landed.channel, thread: landed.ts };
    if (this.outbox.has(id)) return { channel: place.channelId, thread };
    throw this.heldElsewhere(method, thread);
  }

  /**
   * A kept post this process does not hold and nobody has delivered yet: another replica (or a
   * stopped one, whose posts are taken up after its lease) still has it. Transient: the message
   * journal retries, and by then the post has usually landed.
   */
  private heldElsewhere(method: string, id: string): SlackApiError {
    this.logger.warn('slack message waits for a kept post another process holds', { id });
    return new SlackApiError(method, 'transient', `kept post ${id} not delivered yet`);
  }

  /**
   * For a keyed post: finds it in its channel (or thread) if Slack took it before failing, so an
   * in-call retry does not post it twice (the outbox's resend does the same through findSent).
   */
  private landedLookup(
    method: OutboxMethod,
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

  /** Sends now, or queues on a transient failure; returns the message ts (or a provisional id). */
  private async send(
    method: OutboxMethod,
    args: Record<string, unknown>,
    key: string | null,
  ): Promise<string> {
    // In the thread of a post still waiting: behind it, in the outbox.
    if (isProvisional(args.thread_ts)) {
      const entry = await this.outbox.enqueue(method, args, key);
      return `${PROVISIONAL}${entry.id}`;
    }
    try {
      const sent = takeInvitation(args).args;
      const result = await this.api.call(method, sent, undefined, this.landedLookup(method, sent));
      return String(result.ts ?? result.message_ts ?? '');
    } catch (error) {
      if (error instanceof SlackApiError && error.kind === 'permanent') throw error;
      const entry = await this.outbox.enqueue(method, args, key);
      return `${PROVISIONAL}${entry.id}`;
    }
  }
}
