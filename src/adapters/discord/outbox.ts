// Delivery that never drops a message. discord.js already waits out 429s and retries 5xx
// (`rest.retries`); what still fails with a retryable error lands here, in order per channel, and
// is retried on a backing-off timer. A post kept here gets a provisional id at once, so the core is
// never blocked. Later calls that name a provisional id follow it: an edit of a post still queued
// rewrites the queued post, a post into its thread waits behind it, and once it is delivered both
// go to the real message. With an OutboxStore, kept messages survive a restart. The map from
// provisional to real ids lives in memory only: once a post is delivered, the jobs still waiting
// behind it are rewritten to its real id (and written down again), and `onDelivered` listeners
// hear of it, so whoever stored the provisional id (the app: a case's alert place) can follow it
// past a restart; where it landed is also written down, so another replica (or the next process)
// handed the provisional id resolves it too.
// A post may have landed on a try whose outcome was lost (the sender killed after Discord made it):
// every post carries an enforced nonce (its journal key's, else its job id's), so a try made again
// while Discord remembers the nonce (a few minutes) is answered with the message already made; a
// later try first reads back the bot's recent messages in its channel and takes an identical one
// made since the post was kept as the post itself.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/ports/platform.js';
import { isProvisional, PROVISIONAL, type Job, type Target } from './outbox-job.js';
import type { OutboxStore } from './outbox-store.js';
import type { DeliveredListener, DeliveredPost } from '../delivered-post.js';

export interface Transport {
  /** Posts in the target's thread (opening it under its starter message if need be) or channel. */
  post(target: Target, body: unknown): Promise<string>;
  edit(channelId: string, messageId: string, body: unknown): Promise<void>;
  /** Starts the thread people reply in under a posted message (the alert's). */
  openThread(channelId: string, messageId: string, name: string): Promise<void>;
  /** The bot's own messages in a channel (or thread) made after `since`, as Discord lists them. */
  ownSince?(channelId: string, since: Date): Promise<SentMessage[]>;
}

/** A message as Discord lists it (only what a kept post is compared on). */
export interface SentMessage {
  id: string;
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
}

export interface OutboxOptions {
  /**
   * How long Discord is trusted to remember an enforced nonce (default 60 s; Discord says "a few
   * minutes"): a post kept longer is looked for in the channel before it is made again.
   */
  nonceTrustMs?: number;
}

/**
 * How far before a kept post's first try its channel is read back: Discord stamps a message with
 * its own clock. Short, because an identical message made before the first try is not the post.
 */
const READ_BACK_SLACK_MS = 2_000;

const MAX_DELAY_MS = 60_000;

/** 4xx other than 429 will fail the same way again (bad request, missing permission): not retried. */
export function isRetryable(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status >= 500 || status === 429;
}

export class Outbox {
  private readonly jobs: Job[] = [];
  /** Provisional id → the real message id, once delivered; and back. */
  private readonly delivered = new Map<string, string>();
  private readonly provisionalIds = new Map<string, string>();
  private readonly listeners: DeliveredListener[] = [];
  private timer: NodeJS.Timeout | null = null;
  private delayMs: number;
  private flushing: Promise<void> | null = null;
  private seq = Date.now() * 1000;
  private readonly nonceTrustMs: number;
  /** Kept posts found already in Discord when about to be made again (so not made twice). */
  foundLanded = 0;

  constructor(
    private readonly transport: Transport,
    private readonly logger: Logger,
    private readonly firstDelayMs: number,
    private readonly store: OutboxStore | null = null,
    options: OutboxOptions = {},
  ) {
    this.delayMs = firstDelayMs;
    this.nonceTrustMs = options.nonceTrustMs ?? 60_000;
  }

  get size(): number {
    return this.jobs.length;
  }

  /** Resumes what a previous process left in the store (before anything new, in their order). */
  async load(): Promise<void> {
    if (!this.store) return;
    const known = new Set(this.jobs.map((job) => job.id));
    const loaded = (await this.store.load()).filter((job) => !known.has(job.id));
    if (loaded.length === 0) return;
    this.jobs.unshift(...loaded);
    this.seq = Math.max(this.seq, ...loaded.map((job) => job.seq));
    this.logger.info('discord outbox resumed kept messages', { pending: loaded.length });
    this.schedule();
  }

  /** The id a message finally has: a delivered provisional id's real one, else the id itself. */
  resolve(id: string): string {
    return this.delivered.get(id) ?? id;
  }

  /**
   * The provisional id a delivered message was known by, if any: the core may have stored it (an
   * alert's place), so events from that message's thread are reported under it.
   */
  provisionalOf(realId: string): string | null {
    return this.provisionalIds.get(realId) ?? null;
  }

  /** Hears of every kept post once delivered (its real id replaces its provisional one). */
  onDelivered(listener: DeliveredListener): void {
    this.listeners.push(listener);
  }

  async post(target: Target, body: unknown, threadName: string | null = null): Promise<string> {
    await this.learn(target.threadId);
    const id = randomUUID();
    const sent = withNonce(body, id);
    const firstTry = Date.now();
    const resolved = {
      channelId: target.channelId,
      threadId: this.resolveNullable(target.threadId),
    };
    const lane = resolved.threadId ?? resolved.channelId;
    // A thread under a post that nothing will deliver (refused, or known only to a lost run): the
    // caller hears it now instead of a provisional id for a message that would be dropped later.
    if (this.isOrphan(lane)) throw new Error(`unknown provisional message ${lane}`);
    if (!isProvisional(lane) && !this.hasPending(lane)) {
      try {
        const messageId = await this.transport.post(resolved, sent);
        await this.afterPost(resolved, messageId, threadName);
        return messageId;
      } catch (error) {
        if (!isRetryable(error)) throw error;
        this.logger.warn('discord post failed, kept in the outbox', { lane, error: String(error) });
      }
    }
    const job: Job = {
      kind: 'post',
      id,
      seq: ++this.seq,
      target: resolved,
      body: sent,
      threadName,
      // The try above may have landed all the same (its answer lost).
      since: firstTry,
    };
    await this.push(job);
    return `${PROVISIONAL}${job.id}`;
  }

  async edit(channelId: string, messageId: string, body: unknown): Promise<void> {
    await this.learn(messageId);
    await this.learn(channelId);
    const realId = this.resolve(messageId);
    const queuedPost = this.jobs.find(
      (job) => job.kind === 'post' && `${PROVISIONAL}${job.id}` === realId,
    );
    if (queuedPost) return this.amend(queuedPost, body);
    if (isProvisional(realId)) throw new Error(`unknown provisional message ${realId}`);
    const queuedEdit = this.jobs.find((job) => job.kind === 'edit' && job.messageId === realId);
    if (queuedEdit) return this.amend(queuedEdit, body);
    const channel = this.resolve(channelId);
    if (!isProvisional(channel) && !this.hasPending(channel)) {
      try {
        return await this.transport.edit(channel, realId, body);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        this.logger.warn('discord edit failed, kept in the outbox', {
          channelId: channel,
          messageId: realId,
          error: String(error),
        });
      }
    }
    await this.push({
      kind: 'edit',
      id: randomUUID(),
      seq: ++this.seq,
      channelId: channel,
      messageId: realId,
      body,
    });
  }

  /** Tries everything queued now (shutdown, tests). Resolves when the queue is empty or stuck. */
  async flush(): Promise<void> {
    this.flushing ??= this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Stops retrying, after a pass already sending has finished (see the Slack outbox's stop). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flushing?.catch(() => undefined);
    if (this.jobs.length === 0) return;
    if (this.store)
      this.logger.warn(
        'discord outbox stopped with undelivered messages, kept for the next start',
        {
          pending: this.jobs.length,
        },
      );
    else
      this.logger.error('discord outbox stopped with undelivered messages', {
        pending: this.jobs.length,
      });
  }

  /**
   * A provisional id neither queued nor delivered here may have been delivered by another process
   * (a replica, or this one's previous life): where it landed is asked of the store, once.
   */
  private async learn(id: string | null | undefined): Promise<void> {
    if (!id || !isProvisional(id) || this.delivered.has(id) || !this.isOrphan(id)) return;
    const landed = await this.store?.landedAs(id);
    if (landed) this.delivered.set(id, landed.messageId);
  }

  private resolveNullable(id: string | null | undefined): string | null {
    return id ? this.resolve(id) : null;
  }

  /** The channel or thread a job goes to: jobs of one lane are delivered in order. */
  private laneOf(job: Job): string {
    return job.kind === 'post'
      ? this.resolve(job.target.threadId ?? job.target.channelId)
      : this.resolve(job.channelId);
  }

  private hasPending(lane: string): boolean {
    return this.jobs.some((job) => this.laneOf(job) === lane);
  }

  private async afterPost(target: Target, id: string, threadName: string | null): Promise<void> {
    if (!threadName || target.threadId) return;
    await this.transport.openThread(target.channelId, id, threadName).catch((error: unknown) =>
      this.logger.warn('discord could not open the thread of a posted message', {
        messageId: id,
        error: String(error),
      }),
    );
  }

  private async amend(job: Job, body: unknown): Promise<void> {
    // A post keeps its nonce: its first try may have landed, and Discord knows it by that nonce.
    job.body = job.kind === 'post' ? keepNonce(job.body, body) : body;
    await this.store?.replace(job, new Date(Date.now() + this.delayMs));
  }

  private async push(job: Job): Promise<void> {
    this.jobs.push(job);
    await this.store?.save(job, new Date(Date.now() + this.delayMs));
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
    this.timer.unref?.();
  }

  /** A provisional id that nothing queued will ever deliver (refused, or from a lost run). */
  private isOrphan(id: string): boolean {
    return (
      isProvisional(id) &&
      !this.jobs.some((job) => job.kind === 'post' && `${PROVISIONAL}${job.id}` === id)
    );
  }

  private async run(): Promise<void> {
    const blocked = new Set<string>();
    for (const job of [...this.jobs]) {
      // A loaded job may follow a post another process delivered.
      if (job.kind === 'post') await this.learn(job.target.threadId);
      else for (const id of [job.channelId, job.messageId]) await this.learn(id);
      const lane = this.laneOf(job);
      const waitsFor = [lane, ...(job.kind === 'edit' ? [this.resolve(job.messageId)] : [])];
      if (waitsFor.some((id) => this.isOrphan(id))) {
        await this.drop(
          job,
          `it follows ${waitsFor.find((id) => this.isOrphan(id))}, which will never be delivered`,
        );
        continue;
      }
      // Behind an earlier failure in its lane, or behind a post not delivered yet.
      if (blocked.has(lane) || waitsFor.some(isProvisional)) {
        blocked.add(lane);
        continue;
      }
      try {
        await this.deliver(job);
        this.jobs.splice(this.jobs.indexOf(job), 1);
        await this.store?.remove(job);
      } catch (error) {
        if (!isRetryable(error)) {
          await this.drop(job, String(error));
          continue;
        }
        blocked.add(lane);
        await this.store?.failed(job, String(error), new Date(Date.now() + this.delayMs * 2));
      }
    }
    this.delayMs = blocked.size ? Math.min(this.delayMs * 2, MAX_DELAY_MS) : this.firstDelayMs;
    if (this.jobs.length) this.schedule();
  }

  private async drop(job: Job, reason: string): Promise<void> {
    this.jobs.splice(this.jobs.indexOf(job), 1);
    this.logger.error('discord outbox gave up on a message', {
      jobId: job.id,
      kind: job.kind,
      reason,
    });
    await this.store?.refused(job, reason);
  }

  private async deliver(job: Job): Promise<void> {
    if (job.kind === 'edit') {
      await this.transport.edit(this.resolve(job.channelId), this.resolve(job.messageId), job.body);
      return;
    }
    const target = {
      channelId: job.target.channelId,
      threadId: this.resolveNullable(job.target.threadId),
    };
    const sent = job.body;
    const id = (await this.landedBefore(job, target)) ?? (await this.transport.post(target, sent));
    const provisionalId = `${PROVISIONAL}${job.id}`;
    this.delivered.set(provisionalId, id);
    this.provisionalIds.set(id, provisionalId);
    // First, for every replica: one may post under the provisional id the core stored.
    await this.store?.landed(provisionalId, {
      channelId: target.threadId ?? target.channelId,
      messageId: id,
    });
    await this.followDelivered(provisionalId, id);
    // An edit that arrived while the post was in flight rewrote the job, not what Discord got.
    if (job.body !== sent) await this.edit(target.threadId ?? target.channelId, id, job.body);
    this.logger.info('discord outbox delivered a kept message', {
      lane: this.laneOf(job),
      messageId: id,
    });
    await this.afterPost(target, id, job.threadName);
    await this.announce({
      provisionalId,
      addressedChannelId: target.channelId,
      ...target,
      messageId: id,
    });
  }

  /**
   * The message a kept post already made, when it was kept longer than Discord remembers nonces:
   * the bot's message in its channel since it was kept, identical to it, that no other kept post
   * here took. A retryable failure to read fails this try (retried later); a refusal (no Read
   * Message History, a thread not opened yet) means it is made again.
   */
  private async landedBefore(
    job: Extract<Job, { kind: 'post' }>,
    target: Target,
  ): Promise<string | null> {
    const since = job.since ?? Date.now();
    if (!this.transport.ownSince || Date.now() - since < this.nonceTrustMs) return null;
    let own: SentMessage[];
    try {
      own = await this.transport.ownSince(
        target.threadId ?? target.channelId,
        new Date(since - READ_BACK_SLACK_MS),
      );
    } catch (error) {
      if (isRetryable(error)) throw error;
      this.logger.warn('could not read back whether a kept post landed; posting it', {
        jobId: job.id,
        error: String(error),
      });
      return null;
    }
    const taken = new Set(this.delivered.values());
    const found = own.find((message) => !taken.has(message.id) && sameMessage(message, job.body));
    if (!found) return null;
    this.foundLanded += 1;
    this.logger.info('kept post had landed before; not made again', {
      jobId: job.id,
      messageId: found.id,
    });
    return found.id;
  }

  /**
   * Jobs still waiting behind a delivered post name it by its real id from now on, in memory and
   * in the store: the next process has no map from provisional to real ids.
   */
  private async followDelivered(provisionalId: string, realId: string): Promise<void> {
    const swap = (id: string) => (id === provisionalId ? realId : id);
    for (const job of this.jobs) {
      const before = JSON.stringify(job);
      if (job.kind === 'post')
        job.target.threadId = job.target.threadId && swap(job.target.threadId);
      else {
        job.channelId = swap(job.channelId);
        job.messageId = swap(job.messageId);
      }
      if (JSON.stringify(job) !== before)
        await this.store?.replace(job, new Date(Date.now() + this.delayMs));
    }
  }

  private async announce(post: DeliveredPost): Promise<void> {
    let followed = this.listeners.length > 0;
    for (const listener of this.listeners) {
      try {
        // Nothing stored under the provisional id yet (the core saves an alert's place after its
        // post returns, and a retry can deliver first): keep mapping the thread to it.
        if (!(await listener(post))) followed = false;
      } catch (error) {
        followed = false;
        this.logger.error('discord outbox could not report a delivered message', {
          provisionalId: post.provisionalId,
          messageId: post.messageId,
          error: String(error),
        });
      }
    }
    // Whoever stored the provisional id names the real one now: messages in its thread are
    // reported under the real id (provisionalOf), as they will be after a restart.
    if (followed) this.provisionalIds.delete(post.messageId);
  }
}

/** Discord's longest nonce. */
const NONCE_LENGTH = 25;

/** A post without an enforced nonce (none in force) gets one from its job id, before its first try. */
function withNonce(body: unknown, jobId: string): unknown {
  if (typeof body !== 'object' || body === null || 'nonce' in body) return body;
  return { ...body, nonce: jobId.replace(/-/g, '').slice(0, NONCE_LENGTH), enforce_nonce: true };
}

/** `body` with the nonce `before` was sent with, if any. */
function keepNonce(before: unknown, body: unknown): unknown {
  const { nonce, enforce_nonce } = (before ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
  if (nonce === undefined || typeof body !== 'object' || body === null) return body;
  return { ...body, nonce, enforce_nonce };
}

/** Whether a listed message shows what `body` says: its text, embeds and components. */
function sameMessage(message: SentMessage, body: unknown): boolean {
  const sent = (body ?? {}) as { content?: unknown; embeds?: unknown; components?: unknown };
  return (
    String(sent.content ?? '') === String(message.content ?? '') &&
    shows(message.embeds ?? [], sent.embeds ?? []) &&
    shows(message.components ?? [], sent.components ?? [])
  );
}

/** `listed` carries everything `sent` did (Discord adds fields of its own: type, ids, defaults). */
function shows(listed: unknown, sent: unknown): boolean {
  if (Array.isArray(sent))
    return (
      Array.isArray(listed) &&
      listed.length === sent.length &&
      sent.every((item, i) => shows(listed[i], item))
    );
  if (typeof sent === 'object' && sent !== null) {
    if (typeof listed !== 'object' || listed === null) return false;
    return Object.entries(sent).every(([key, value]) =>
      shows((listed as Record<string, unknown>)[key], value),
    );
  }
  return sent === undefined || listed === sent;
}
