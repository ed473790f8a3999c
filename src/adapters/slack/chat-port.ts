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
 * A view with a file to send (a call's .ics invitation): the message says the file follows, and
 * the invitation (with the message as it reads inline, for a failed upload) rides with the post.
 */
function withInvitation(
  view: View,
  audienceUserId?: string,
): { message: Record<string, unknown>; invitation: Record<string, Invitation> } {
  const file = view.kind === 'notice' ? view.attachment : undefined;
  if (!file) return { message: payload(renderView(view, audienceUserId)), invitation: {} };
  const inline = payload(renderView(view, audienceUserId));
  return {
    message: payload(renderView(view, audienceUserId, 'file')),
    invitation: { [INVITATION_ARG]: { file, inline } },
  };
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

  async post(place: Place, view: View): Promise<PostedMessage> {
    const { channel, thread } = await this.resolveThread(place, 'chat.postMessage');
    const { message, invitation } = withInvitation(view);
    const args = {
      channel,
      ...(thread ? { thread_ts: thread } : {}),
      ...message,
      ...keyMetadata(),
      ...invitation,
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
      const landed = this.outbox.deliveredAs(id) ?? (await this.outbox.landedElsewhere(id));
      if (!landed) {
        // Not posted yet: the waiting post simply carries the newer content.
        if (await this.outbox.amend(id, rendered)) return;
        throw this.heldElsewhere('chat.update', ts);
      }
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
    const { message, invitation } = withInvitation(view, userId);
    try {
      const channel = await this.openDm(userId);
      return await this.post({ platform: 'slack', channelId: channel }, view);
    } catch (error) {
      if (error instanceof SlackApiError && error.kind === 'permanent') throw error;
      const entry = await this.outbox.enqueue('casebot.direct', {
        user: userId,
        ...message,
        ...keyMetadata(),
        ...invitation,
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
    const place =
      lookup.call === 'sendDirect'
        ? { platform: 'slack' as const, channelId: await this.openDm(String(lookup.args[0])) }
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
    const kept = takeInvitation(withInvitation(lookup.args[1] as View).invitation).invitation;
    if (kept) await this.files.afterPost({ channel, thread, ts }, kept, lookup.since);
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
    const landed = this.outbox.deliveredAs(id) ?? (await this.outbox.landedElsewhere(id));
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
