// ChatPort for Discord, on REST only: it works before the gateway is connected (the core may post
// as soon as it is built) and keeps working through gateway reconnects. discord.js waits out 429s
// and retries 5xx (`rest.retries`); what still fails with a retryable error is thrown marked
// transient, and the app's durable port keeps it in the message journal for the delivery worker
// (core/delivery/durable-chat-port.ts). A post made again after its process died lands once: it
// carries its journal key as an enforced nonce, and once Discord has forgotten the nonce the
// journal asks findSent, which reads the channel back.
import { createHash } from 'node:crypto';
import { ChannelType, MessageFlags, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import { currentMessageKey, isRedo } from '../../core/delivery/work-scope.js';
import type { Place } from '../../core/model.js';
import type {
  ChatPort,
  Logger,
  PrivateSpaceRequest,
  SentLookup,
} from '../../core/ports/platform.js';
import type { PostedMessage, View } from '../../core/views.js';
import { DEFAULT_LANGUAGE, languageOfView, t } from '../../core/i18n/index.js';
import type { InteractionTokens } from './interaction-tokens.js';
import {
  findOwnAfter,
  forJournal,
  isRetryable,
  sameMessage,
  type SentMessage,
} from './read-back.js';
import { renderView, type DiscordMessage } from './render/index.js';
import { restFiles, withoutFiles, type MessageFile } from './render/message.js';
import { truncate } from './text.js';

/** Discord's longest nonce. */
const NONCE_LENGTH = 25;

/** A journal key's digest, for the marks Discord carries back (a nonce, a thread's name). */
const digestOf = (key: string, encoding: 'hex' | 'base64url') =>
  createHash('sha256').update(key).digest(encoding);

/**
 * A private thread's name: its title and a short mark of the journal key it was made under, so a
 * thread made by a send whose process died is found again as this request's and no other's (many
 * case threads share a title and a parent: "Case: support").
 */
function privateThreadName(title: string, key: string | null): string {
  if (!key) return truncate(title, 100);
  const mark = digestOf(key, 'hex').slice(0, THREAD_MARK_LENGTH);
  return `${truncate(title, 100 - THREAD_MARK_LENGTH - 3)} · ${mark}`;
}

const THREAD_MARK_LENGTH = 6;

/**
 * The journal key of the send in progress as a Discord nonce, enforced: Discord then returns the
 * message already created with it (for a few minutes) instead of a second one, so a send made
 * again after its process died mid-send lands once.
 */
function keyNonce(): { nonce: string; enforce_nonce: true } | Record<string, never> {
  const key = currentMessageKey();
  if (!key) return {};
  return { nonce: digestOf(key, 'base64url').slice(0, NONCE_LENGTH), enforce_nonce: true };
}
const DISCORD_EPOCH = 1_420_070_400_000n;
/** When Discord made the message `id` (ms since the epoch), from its snowflake. */
function madeAt(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
/** The first snowflake Discord could mint at `at`: messages `after` it were made since. */
function snowflakeAt(at: Date): string {
  const ms = BigInt(Math.max(at.getTime(), Number(DISCORD_EPOCH)));
  return ((ms - DISCORD_EPOCH) << 22n).toString();
}

/** Discord's code for "a thread has already been created for this message". */
const THREAD_ALREADY_CREATED = 160004;

/**
 * How far before a send began its channel is read back: Discord stamps a message with its own
 * clock. Short, because an identical message made before the send is not the post.
 */
const READ_BACK_SLACK_MS = 2_000;

/** A thread as Discord lists the guild's active ones. */
interface ActiveThread {
  id: string;
  type: number;
  parent_id?: string | null;
  owner_id?: string;
  name?: string;
  member_count?: number;
  last_message_id?: string | null;
}

/** Where a post goes: a channel, or a thread of it. */
interface Target {
  channelId: string;
  threadId: string | null;
}

/**
 * A post as sent: the rendered message with its files, its nonce, and the name of the thread to
 * start under its target if that has none yet (in the reader's language). The files and the name
 * are taken out before Discord sees it.
 */
type OutgoingPost = DiscordMessage & {
  nonce?: string;
  enforce_nonce?: true;
  message_reference?: { message_id: string; fail_if_not_exists: boolean };
  replyThread?: string;
};

/** The name of a thread casebot starts to answer under a public message, in the reader's language. */
const replyThreadName = (view: View) => t(languageOfView(view), 'discord.replyThread');

/** A case alert posted in a channel gets the thread the engineers talk in, named after the case. */
const alertThreadName = (place: Place, view: View): string | null =>
  view.kind === 'case-alert' && !place.threadId ? `${view.caseReference} · ${view.title}` : null;

export interface DiscordChatPort extends ChatPort {
  /** Posts a reply to a message (auto-suggest); used by the adapter, not the core. */
  reply(place: Place, replyToMessageId: string, view: View): Promise<PostedMessage>;
  addToThread(threadId: string, userId: string): Promise<void>;
  /** Removes a private thread nobody was added to (a case form given up): delete, else archive. */
  removeEmptyThread(threadId: string): Promise<'deleted' | 'archived' | 'kept'>;
  /**
   * The bot's private threads in the guild, made before `before`, that nobody joined and nothing
   * was posted in: what a case form given up leaves (a flag's or a case's thread has its
   * customer and its messages).
   */
  emptyPrivateThreads(guildId: string, before: Date): Promise<Place[]>;
}

export function createDiscordChatPort(options: {
  rest: REST;
  applicationId: string;
  tokens: InteractionTokens;
  logger: Logger;
  /** The text channel to hold a private thread opened near this channel (forums cannot). */
  privateParentFor: (channelId: string) => string;
  /** The guild of a channel this process knows (a private thread is looked for among its threads). */
  guildOf?: (channelId: string) => string | null;
  /**
   * How long Discord is trusted to remember an enforced nonce (default 60 s; Discord says "a few
   * minutes"): a send begun longer ago is looked for in its channel before it is made again.
   */
  nonceTrustMs?: number;
}): DiscordChatPort {
  const { rest, logger } = options;
  const nonceTrustMs = options.nonceTrustMs ?? 60_000;

  /**
   * The bot's own message in a channel (or thread) made after `since` that shows `body` (or one
   * of `orBodies`).
   */
  async function ownSince(channelId: string, since: Date, body: unknown, orBodies: unknown[] = []) {
    const list = async (after: string, limit: number) =>
      (await rest.get(Routes.channelMessages(channelId), {
        query: new URLSearchParams({ after, limit: String(limit) }),
      })) as SentMessage[];
    const me = await botUserId();
    return findOwnAfter(list, { afterId: snowflakeAt(since), botId: me, body, orBodies });
  }
  const dmChannels = new Map<string, string>();
  let botId: string | null = null;

  /** The bot's own user id, asked once (a kept post is looked for among the bot's messages). */
  async function botUserId(): Promise<string> {
    botId ??= ((await rest.get(Routes.user())) as { id: string }).id;
    return botId;
  }

  /** Threads the bot started under a top-level message to reply in (not people's conversations). */
  const openedForReplies = new Set<string>();
  const targetOf = (place: Place): Target => ({
    channelId: place.channelId,
    threadId: place.threadId ?? null,
  });

  async function dmChannel(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const channel = (await rest.post(Routes.userChannels(), {
      body: { recipient_id: userId },
    })) as { id: string };
    dmChannels.set(userId, channel.id);
    return channel.id;
  }

  async function openThreadFrom(channelId: string, messageId: string, name: string): Promise<void> {
    await rest.post(Routes.threads(channelId, messageId), {
      body: { name: truncate(name, 100), auto_archive_duration: 10080 },
    });
  }

  /** A message, with its files as multipart attachments (@discordjs/rest puts the JSON in payload_json). */
  async function postTo(channelId: string, body: unknown, files: MessageFile[]): Promise<string> {
    const request = files.length > 0 ? { body, files: restFiles(files) } : { body };
    const asked = Date.now();
    const made = (await rest.post(Routes.channelMessages(channelId), request)) as SentMessage;
    if (madeAt(made.id) < asked && !sameMessage(made, body))
      await showNewer(channelId, made.id, body);
    return made.id;
  }

  /**
   * Discord answers an enforced nonce it remembers with the message an earlier send made under it,
   * as that send made it. A send made again with other content (the journal folded an update of
   * the waiting post into it) edits that message to show it: else the update is lost. A refused
   * edit leaves the message as it is (it exists; posting again would double it).
   */
  async function showNewer(channelId: string, messageId: string, body: unknown): Promise<void> {
    // What only a create takes (an edit refuses them).
    const { nonce: _n, enforce_nonce: _e, message_reference: _r, ...edit } = body as OutgoingPost;
    try {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body: edit });
    } catch (error) {
      if (isRetryable(error)) throw error;
      logger.warn('discord kept the earlier content of a post made again', {
        messageId,
        error: String(error),
      });
    }
  }

  /**
   * A post with its files attached. A retryable failure is the journal's: it keeps the call, and
   * the nonce makes a later try land once (never a second upload while Discord remembers it). A refusal of the files (too large, no Attach Files permission) makes no
   * message, so the post is sent again with the files' text inline: the invitation still arrives.
   */
  async function postMessage(target: Target, post: OutgoingPost): Promise<string> {
    const { replyThread, ...message } = post;
    const { json, files, inline } = withoutFiles(message);
    const threadName = replyThread ?? t(DEFAULT_LANGUAGE, 'discord.replyThread');
    if (files.length === 0) return postInThread(target, json, [], threadName);
    try {
      return await postInThread(target, json, files, threadName);
    } catch (error) {
      if (isRetryable(error)) throw error;
      logger.warn('discord refused the files of a post; sending their text instead', {
        channelId: target.threadId ?? target.channelId,
        files: files.map((file) => file.name),
        error: String(error),
      });
      return postInThread(target, inline, [], threadName);
    }
  }

  /** A thread addressed by its parent message that has no thread yet gets one, then the post. */
  async function postInThread(
    target: Target,
    body: unknown,
    files: MessageFile[],
    threadName: string,
  ): Promise<string> {
    try {
      return await postTo(target.threadId ?? target.channelId, body, files);
    } catch (error) {
      if (
        !target.threadId ||
        (error as { code?: unknown }).code !== RESTJSONErrorCodes.UnknownChannel
      )
        throw error;
      await openThreadFrom(target.channelId, target.threadId, threadName);
      openedForReplies.add(target.threadId);
      return postTo(target.threadId, body, files);
    }
  }

  /** Opens the thread under a message to reply in; one that already exists is used as it is. */
  async function startThreadUnder(
    channelId: string,
    messageId: string,
    name: string,
  ): Promise<void> {
    try {
      await openThreadFrom(channelId, messageId, name);
      openedForReplies.add(messageId);
    } catch (error) {
      if ((error as { code?: unknown }).code !== THREAD_ALREADY_CREATED) throw error;
    }
  }

  /** A private thread nobody but the bot (and staff with Manage Threads) sees until people are added. */
  async function createPrivateThread(nearChannelId: string, title: string) {
    const parentId = options.privateParentFor(nearChannelId);
    const thread = (await rest.post(Routes.threads(parentId), {
      body: {
        name: privateThreadName(title, currentMessageKey()),
        type: ChannelType.PrivateThread,
        invitable: false,
        auto_archive_duration: 10080,
      },
    })) as { id: string };
    logger.info('discord private case thread opened', { parentId, threadId: thread.id });
    return { platform: 'discord' as const, channelId: parentId, threadId: thread.id };
  }

  /** Discord answers 204 for a member already in the thread: adding again is harmless. */
  async function addToThread(threadId: string, userId: string): Promise<void> {
    await rest.put(Routes.threadMembers(threadId, userId));
  }

  async function openPrivateSpace(request: PrivateSpaceRequest) {
    const place = await createPrivateThread(request.near.channelId, request.title);
    if (!request.customerJoinsLater) await addToThread(place.threadId, request.customerUserId);
    return place;
  }

  /**
   * The private thread an openPrivateSpace begun at `since` made before its process died, before
   * the journal had its id: Discord has no nonce for a thread, so it is the bot's own private
   * thread under that parent whose name carries the row's key (privateThreadName: two cases of one
   * title must never be taken for each other), made since then (the earliest: the first try's),
   * among the guild's active threads (a thread made minutes ago is not archived). The customer is
   * added when the request asked for it (the first try may have died before).
   */
  async function findPrivateSpace(request: PrivateSpaceRequest, since: Date, key: string) {
    const parentId = options.privateParentFor(request.near.channelId);
    const guildId = options.guildOf?.(parentId) ?? null;
    if (!guildId) throw new Error(`the guild of channel ${parentId} is not known`);
    let listed: { threads: ActiveThread[] };
    try {
      listed = (await rest.get(Routes.guildActiveThreads(guildId))) as typeof listed;
    } catch (error) {
      throw forJournal(error);
    }
    const me = await botUserId();
    const name = privateThreadName(request.title, key);
    const after = BigInt(snowflakeAt(new Date(since.getTime() - READ_BACK_SLACK_MS)));
    const found = listed.threads
      .filter((t) => t.parent_id === parentId && t.owner_id === me && t.name === name)
      .filter((t) => t.type === ChannelType.PrivateThread && BigInt(t.id) >= after)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))[0];
    if (!found) return null;
    logger.info('discord private thread made before its sender stopped; not made again', {
      parentId,
      threadId: found.id,
    });
    if (!request.customerJoinsLater)
      await addToThread(found.id, request.customerUserId).catch((error: unknown) => {
        throw forJournal(error);
      });
    return { platform: 'discord' as const, channelId: parentId, threadId: found.id };
  }

  /**
   * Deletes (else archives) a form's thread unless someone besides the bot is in it: a form
   * submitted again after its case was opened is answered with that case, whose thread this is.
   */
  async function removeEmptyThread(threadId: string): Promise<'deleted' | 'archived' | 'kept'> {
    const members = await memberCount(threadId);
    if (members !== null && members > 1) {
      logger.info('discord case form thread has members; kept', { threadId, members });
      return 'kept';
    }
    try {
      await rest.delete(Routes.channel(threadId));
      return 'deleted';
    } catch (error) {
      logger.warn('discord empty case thread not deleted, archiving it', {
        threadId,
        error: String(error),
      });
    }
    try {
      await rest.patch(Routes.channel(threadId), { body: { archived: true, locked: true } });
      return 'archived';
    } catch (error) {
      logger.warn('discord empty case thread left as is', { threadId, error: String(error) });
      return 'kept';
    }
  }

  async function emptyPrivateThreads(guildId: string, before: Date): Promise<Place[]> {
    const listed = (await rest.get(Routes.guildActiveThreads(guildId))) as {
      threads: ActiveThread[];
    };
    const me = await botUserId();
    const madeBefore = BigInt(snowflakeAt(before));
    return listed.threads
      .filter((t) => t.type === ChannelType.PrivateThread && t.owner_id === me)
      .filter((t) => BigInt(t.id) < madeBefore && (t.member_count ?? 0) <= 1 && !t.last_message_id)
      .map((t) => ({ platform: 'discord' as const, channelId: t.parent_id ?? '', threadId: t.id }));
  }

  /** Discord's count of a thread's members (it stops at 50), null when it cannot be read. */
  async function memberCount(threadId: string): Promise<number | null> {
    try {
      const thread = (await rest.get(Routes.channel(threadId))) as { member_count?: number };
      return thread.member_count ?? null;
    } catch (error) {
      logger.warn('discord could not read a case form thread', { threadId, error: String(error) });
      return null;
    }
  }

  /** Sends a post; a retryable failure is thrown marked transient (the journal keeps it). */
  async function send(target: Target, body: OutgoingPost, threadName: string | null = null) {
    let messageId: string;
    try {
      messageId = await postMessage(target, body);
    } catch (error) {
      throw forJournal(error);
    }
    await afterPost(target, messageId, threadName);
    return messageId;
  }

  /** The alert's thread, opened under it once posted (a failure only costs the thread's name). */
  async function afterPost(target: Target, id: string, threadName: string | null): Promise<void> {
    if (!threadName || target.threadId) return;
    await openThreadFrom(target.channelId, id, threadName).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === THREAD_ALREADY_CREATED) return;
      logger.warn('discord could not open the thread of a posted message', {
        messageId: id,
        error: String(error),
      });
    });
  }

  async function sendDirect(userId: string, view: View): Promise<PostedMessage> {
    let channelId: string;
    try {
      channelId = await dmChannel(userId);
    } catch (error) {
      throw forJournal(error);
    }
    const messageId = await send(
      { channelId, threadId: null },
      { ...renderView(view, { userId }), ...keyNonce() },
    );
    return { place: { platform: 'discord', channelId }, messageId };
  }

  /**
   * A send begun at `since` whose process died: while Discord remembers its nonce, sending it
   * again is safe (null: not found); later, the bot's messages since then are read back, and one
   * identical to it is the post.
   */
  async function findSent(lookup: SentLookup): Promise<PostedMessage | null> {
    if (Date.now() - lookup.since.getTime() < nonceTrustMs) return null;
    // The view is the call's last argument (after the place, the reader or the message answered).
    const view = lookup.args[lookup.args.length - 1] as View;
    const { place, render, channelId } =
      lookup.call === 'sendDirect'
        ? await (async () => {
            const userId = String(lookup.args[0]);
            const dm = await dmChannel(userId);
            const place: Place = { platform: 'discord', channelId: dm };
            return { place, render: (v: View) => renderView(v, { userId }), channelId: dm };
          })()
        : (() => {
            const target = lookup.args[0] as Place & { messageId?: string };
            const place: Place =
              lookup.call === 'postUnder' ? { ...target, threadId: target.messageId } : target;
            const channelId = place.threadId ?? place.channelId;
            return { place, render: (v: View) => renderView(v), channelId };
          })();
    // A post an update was folded into after a try may show what it showed then: the journal
    // edits the message found to the newer content.
    const shown = (v: View) => withoutFiles(render(v)).json;
    let found: SentMessage | null;
    try {
      const since = new Date(lookup.since.getTime() - READ_BACK_SLACK_MS);
      found = await ownSince(channelId, since, shown(view), (lookup.earlier ?? []).map(shown));
    } catch (error) {
      // Not readable for good (no Read Message History, no thread yet): it is sent again.
      if (isRetryable(error)) throw forJournal(error);
      logger.warn('could not read back whether a post landed; posting it', {
        key: lookup.key,
        error: String(error),
      });
      return null;
    }
    if (!found) return null;
    if (lookup.call === 'post')
      await afterPost(targetOf(place), found.id, alertThreadName(place, view));
    return { place, messageId: found.id };
  }

  return {
    platform: 'discord',
    async post(place, view) {
      // The alert's thread is where engineers talk: it is opened under the alert once posted (its
      // id is the alert's, as a Slack thread's ts is its parent's, so the core addresses it as the
      // message's thread), also when the alert waited in the message journal.
      const body: OutgoingPost = {
        ...renderView(view),
        ...keyNonce(),
        ...(place.threadId ? { replyThread: replyThreadName(view) } : {}),
      };
      const messageId = await send(targetOf(place), body, alertThreadName(place, view));
      return { place, messageId };
    },
    async postUnder(message, view) {
      // The thread first: posting to a message id that is no channel yet would be refused (404).
      try {
        await startThreadUnder(message.channelId, message.messageId, replyThreadName(view));
      } catch (error) {
        throw forJournal(error);
      }
      return this.post({ ...message, threadId: message.messageId }, view);
    },
    async reply(place, replyToMessageId, view) {
      const body: OutgoingPost = {
        ...renderView(view),
        message_reference: { message_id: replyToMessageId, fail_if_not_exists: false },
        ...keyNonce(),
        ...(place.threadId ? { replyThread: replyThreadName(view) } : {}),
      };
      const messageId = await send(targetOf(place), body);
      return { place, messageId };
    },
    async update(message, view) {
      // A thread's starter message (the alert, whose id is its thread's) lives in the parent channel.
      const { place } = message;
      const channelId =
        place.threadId && place.threadId !== message.messageId ? place.threadId : place.channelId;
      // An edit cannot tell whether the message carries its file (or fell back to the text): the
      // files' text goes inline, so the invitation is never lost (views with files are not edited
      // today).
      const body = withoutFiles(renderView(view)).inline;
      try {
        await rest.patch(Routes.channelMessage(channelId, message.messageId), { body });
      } catch (error) {
        throw forJournal(error);
      }
    },
    async whisper(place, userId, view) {
      const channels = [place.channelId, ...(place.threadId ? [place.threadId] : [])];
      const token = options.tokens.find(userId, channels);
      if (token) {
        const { json, files, inline } = withoutFiles(renderView(view, { userId }));
        const followUp = async (body: object, attached: MessageFile[]) =>
          void (await rest.post(Routes.webhook(options.applicationId, token), {
            body: { ...body, flags: MessageFlags.Ephemeral },
            auth: false,
            ...(attached.length > 0 ? { files: restFiles(attached) } : {}),
          }));
        let refused = false;
        try {
          await followUp(json, files);
          return;
        } catch (error) {
          refused = !isRetryable(error);
          logger.warn('discord ephemeral follow-up failed', { error: String(error) });
        }
        // The files refused (a 4xx: nothing was made): the follow-up again with their text
        // inline. After a 5xx or a cut connection the follow-up may exist: not made twice.
        if (files.length > 0 && refused)
          try {
            await followUp(inline, []);
            return;
          } catch (error) {
            logger.warn('discord ephemeral follow-up failed again', { error: String(error) });
          }
        // Not acknowledged yet, or the token just expired: a DM still reaches them.
        logger.warn('discord ephemeral follow-up failed, sending a DM', { userId });
      }
      await sendDirect(userId, view);
    },
    sendDirect,
    findSent,
    openPrivateSpace,
    findPrivateSpace,
    async removeMessage(message, language = DEFAULT_LANGUAGE) {
      // A message in a thread lives in the thread's channel.
      const channelId = message.threadId ?? message.channelId;
      try {
        await rest.delete(Routes.channelMessage(channelId, message.messageId));
        return { removed: true };
      } catch (error) {
        // Work redone after a crash: its first run removed the post already.
        if (isRedo() && (error as { code?: unknown }).code === RESTJSONErrorCodes.UnknownMessage)
          return { removed: true };
        if ((error as { status?: unknown }).status !== 403) throw error;
        return { removed: false, reason: t(language, 'discord.removeRefused') };
      }
    },
    async lockThread(place) {
      // Only a conversation people were having in a thread is closed; a thread the bot opened
      // under a top-level message just to post its note has nothing to close (and a channel is
      // never locked).
      const threadId = place.threadId ?? null;
      if (!threadId || openedForReplies.has(threadId)) return;
      await rest.patch(Routes.channel(threadId), { body: { locked: true } });
      logger.info('discord flagged thread locked', { threadId });
    },
    removeEmptyThread,
    emptyPrivateThreads,
    addToThread,
  };
}
