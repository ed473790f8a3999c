// Delivery that never drops a message. discord.js already waits out 429s and retries 5xx
// (`rest.retries`); what still fails with a retryable error lands here, in order per channel, and
// is retried on a backing-off timer. A post kept here gets a provisional id at once, so the core is
// never blocked. Later calls that name a provisional id follow it: an edit of a post still queued
// rewrites the queued post, a post into its thread waits behind it, and once it is delivered both
// go to the real message. With an OutboxStore, kept messages survive a restart. The map from
// provisional to real ids lives in memory only: once a post is delivered, the jobs still waiting
// behind it are rewritten to its real id (and written down again), and `onDelivered` listeners
// hear of it, so whoever stored the provisional id (the app: a case's alert place) can follow it
// past a restart.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/ports.js';
import { isProvisional, PROVISIONAL, type Job, type Target } from './outbox-job.js';
import type { OutboxStore } from './outbox-store.js';
import type { DeliveredListener, DeliveredPost } from '../delivered-post.js';

export interface Transport {
  /** Posts in the target's thread (opening it under its starter message if need be) or channel. */
  post(target: Target, body: unknown): Promise<string>;
  edit(channelId: string, messageId: string, body: unknown): Promise<void>;
  /** Starts the thread people reply in under a posted message (the alert's). */
  openThread(channelId: string, messageId: string, name: string): Promise<void>;
}

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

  constructor(
    private readonly transport: Transport,
    private readonly logger: Logger,
    private readonly firstDelayMs: number,
    private readonly store: OutboxStore | null = null,
  ) {
    this.delayMs = firstDelayMs;
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
        const id = await this.transport.post(resolved, body);
        await this.afterPost(resolved, id, threadName);
        return id;
      } catch (error) {
        if (!isRetryable(error)) throw error;
        this.logger.warn('discord post failed, kept in the outbox', { lane, error: String(error) });
      }
    }
    const job: Job = {
      kind: 'post',
      id: randomUUID(),
      seq: ++this.seq,
      target: resolved,
      body,
      threadName,
    };
    await this.push(job);
    return `${PROVISIONAL}${job.id}`;
  }

  async edit(channelId: string, messageId: string, body: unknown): Promise<void> {
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
    job.body = body;
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
    const id = await this.transport.post(target, sent);
    const provisionalId = `${PROVISIONAL}${job.id}`;
    this.delivered.set(provisionalId, id);
    this.provisionalIds.set(id, provisionalId);
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
