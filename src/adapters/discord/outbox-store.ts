// Writes the Discord outbox down through the core's OutboxRepository (the Prisma one in the app),
// so that a message still waiting when the process stops is sent by the next one. A repository
// that fails is logged and never stops delivery: the message is still kept in memory.
import type { LandedPost, OutboxRepository } from '../../core/ports/storage.js';
import type { Logger } from '../../core/ports/platform.js';
import type { Job } from './outbox-job.js';

/**
 * Refused messages stay in the table for an operator and are never retried. Year 9999: Prisma
 * (and SQL DATETIME columns) refuse later dates.
 */
const NEVER = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

export class OutboxStore {
  /** Job id → repository row id. */
  private readonly rows = new Map<string, string>();

  constructor(
    private readonly repository: OutboxRepository,
    private readonly logger: Logger,
  ) {}

  /** Every job a previous run left, refused ones aside, oldest first. */
  async load(): Promise<Job[]> {
    const items = await this.repository.due('discord', new Date(NEVER.getTime() - 1), 10_000);
    const jobs: Job[] = [];
    for (const item of items) {
      const job = item.payload as Job;
      if (!job || typeof job.id !== 'string' || (job.kind !== 'post' && job.kind !== 'edit')) {
        this.logger.error('discord outbox row is not a message; left for an operator', {
          rowId: item.id,
        });
        continue;
      }
      this.rows.set(job.id, item.id);
      jobs.push(job);
    }
    return jobs.sort((a, b) => a.seq - b.seq);
  }

  async save(job: Job, nextAttemptAt: Date): Promise<void> {
    await this.guard('write down', job, async () => {
      const row = await this.repository.enqueue({
        platform: 'discord',
        payload: job,
        nextAttemptAt,
      });
      this.rows.set(job.id, row.id);
    });
  }

  /** The repository has no payload update: a changed job (a newer edit) replaces its row. */
  async replace(job: Job, nextAttemptAt: Date): Promise<void> {
    await this.remove(job);
    await this.save(job, nextAttemptAt);
  }

  async remove(job: Job): Promise<void> {
    const row = this.rows.get(job.id);
    if (!row) return;
    this.rows.delete(job.id);
    await this.guard('remove', job, () => this.repository.remove(row));
  }

  /** Where a kept post landed, for every replica (one may hold its provisional id). */
  async landed(provisionalId: string, landed: LandedPost): Promise<void> {
    try {
      await this.repository.recordLanded(provisionalId, landed, new Date());
    } catch (error) {
      this.logger.error('discord outbox could not write down where a kept post landed', {
        provisionalId,
        error: String(error),
      });
    }
  }

  /** Where another process delivered a kept post, if it did (null also when the store fails). */
  async landedAs(provisionalId: string): Promise<LandedPost | null> {
    try {
      return await this.repository.landedAs(provisionalId);
    } catch (error) {
      this.logger.warn('discord outbox could not ask where a kept post landed', {
        provisionalId,
        error: String(error),
      });
      return null;
    }
  }

  async failed(job: Job, error: string, nextAttemptAt: Date): Promise<void> {
    const row = this.rows.get(job.id);
    if (row)
      await this.guard('record a failure of', job, () =>
        this.repository.recordFailure(row, error, nextAttemptAt),
      );
  }

  async refused(job: Job, error: string): Promise<void> {
    const row = this.rows.get(job.id);
    this.rows.delete(job.id);
    if (row)
      await this.guard('record the refusal of', job, () =>
        this.repository.recordFailure(row, error, NEVER),
      );
  }

  private async guard(what: string, job: Job, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(`discord outbox could not ${what} a kept message (it stays in memory)`, {
        jobId: job.id,
        error: String(error),
      });
    }
  }
}
