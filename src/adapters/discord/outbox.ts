// Delivery that never drops a message. discord.js already waits out 429s and retries 5xx
// (`rest.retries`); what still fails with a retryable error lands here, in order per channel, and
// is retried on a backing-off timer. A post kept here gets a provisional id at once, so the core is
// never blocked; an update of a message still queued rewrites the queued post instead.
import type { Logger } from '../../core/ports.js';

export interface Transport {
  post(channelId: string, body: unknown): Promise<string>;
  edit(channelId: string, messageId: string, body: unknown): Promise<void>;
}

type Job =
  | { kind: 'post'; channelId: string; body: unknown; provisionalId: string }
  | { kind: 'edit'; channelId: string; messageId: string; body: unknown };

const MAX_DELAY_MS = 60_000;
const PROVISIONAL = 'pending-';

/** 4xx other than 429 will fail the same way again (bad request, missing permission): not retried. */
export function isRetryable(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status >= 500 || status === 429;
}

export class Outbox {
  private readonly jobs: Job[] = [];
  private readonly delivered = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private delayMs: number;
  private flushing: Promise<void> | null = null;
  private counter = 0;

  constructor(
    private readonly transport: Transport,
    private readonly logger: Logger,
    private readonly firstDelayMs: number,
  ) {
    this.delayMs = firstDelayMs;
  }

  get size(): number {
    return this.jobs.length;
  }

  async post(channelId: string, body: unknown): Promise<string> {
    if (!this.hasPending(channelId)) {
      try {
        return await this.transport.post(channelId, body);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        this.logger.warn('discord post failed, kept in the outbox', {
          channelId,
          error: String(error),
        });
      }
    }
    const provisionalId = `${PROVISIONAL}${++this.counter}`;
    this.push({ kind: 'post', channelId, body, provisionalId });
    return provisionalId;
  }

  async edit(channelId: string, messageId: string, body: unknown): Promise<void> {
    const realId = this.delivered.get(messageId) ?? messageId;
    const queuedPost = this.jobs.find((job) => job.kind === 'post' && job.provisionalId === realId);
    if (queuedPost) {
      queuedPost.body = body;
      return;
    }
    if (realId.startsWith(PROVISIONAL)) throw new Error(`unknown provisional message ${realId}`);
    const queuedEdit = this.jobs.find((job) => job.kind === 'edit' && job.messageId === realId);
    if (queuedEdit) {
      queuedEdit.body = body;
      return;
    }
    if (!this.hasPending(channelId)) {
      try {
        return await this.transport.edit(channelId, realId, body);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        this.logger.warn('discord edit failed, kept in the outbox', {
          channelId,
          messageId: realId,
          error: String(error),
        });
      }
    }
    this.push({ kind: 'edit', channelId, messageId: realId, body });
  }

  /** Tries everything queued now (shutdown, tests). Resolves when the queue is empty or stuck. */
  async flush(): Promise<void> {
    this.flushing ??= this.run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.jobs.length)
      this.logger.error('discord outbox stopped with undelivered messages', {
        pending: this.jobs.length,
      });
  }

  private hasPending(channelId: string): boolean {
    return this.jobs.some((job) => job.channelId === channelId);
  }

  private push(job: Job): void {
    this.jobs.push(job);
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

  private async run(): Promise<void> {
    const blocked = new Set<string>();
    for (const job of [...this.jobs]) {
      if (blocked.has(job.channelId)) continue;
      try {
        await this.deliver(job);
        this.jobs.splice(this.jobs.indexOf(job), 1);
      } catch (error) {
        if (!isRetryable(error)) {
          this.jobs.splice(this.jobs.indexOf(job), 1);
          this.logger.error('discord outbox gave up on a message Discord refused', {
            channelId: job.channelId,
            error: String(error),
          });
          continue;
        }
        // Keep this channel's order: nothing after a failed job in the same channel goes first.
        blocked.add(job.channelId);
      }
    }
    this.delayMs = blocked.size ? Math.min(this.delayMs * 2, MAX_DELAY_MS) : this.firstDelayMs;
    if (this.jobs.length) this.schedule();
  }

  private async deliver(job: Job): Promise<void> {
    if (job.kind === 'post') {
      const id = await this.transport.post(job.channelId, job.body);
      this.delivered.set(job.provisionalId, id);
      this.logger.info('discord outbox delivered a kept message', {
        channelId: job.channelId,
        messageId: id,
      });
      return;
    }
    await this.transport.edit(job.channelId, job.messageId, job.body);
  }
}
