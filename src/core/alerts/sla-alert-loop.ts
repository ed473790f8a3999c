// The SLA alert loop. Due work lives in the database: each unmet milestone carries `nextCheckAt`
// (indexed), the instant of its next warning or its breach. A tick reads only milestones due now,
// so its cost follows due work, not open cases. Each level is recorded with a conditional update
// before anything is posted, so a restart (or a second replica) never repeats a warning.
import type { Logger } from '../ports/platform.js';
import type { Org, SlaMilestone } from '../model.js';
import type { DeskContext } from '../conversation/desk-context.js';
import { groupByCase, recordCase, type CaseCheck } from './record-levels.js';
import { announceSlaEvent, auditEventOf, type Announcement } from './announce.js';
import { TickCache } from './tick-cache.js';
import { abandonStaleDeflections } from '../deflection/outcomes.js';
import { withWork } from '../delivery/work-scope.js';
import { announcementKey, recordAnnouncements } from './announcement-work.js';
import { digestKey, holdWarnings, sendDigest } from './reminder-digest.js';
import { recordDueDigests } from './due-digests.js';
import {
  announceRecordedFollowUp,
  recordFollowUp,
  type WaitFollowUp,
} from './customer-wait-followups.js';
import {
  announceRecordedCallbackReminder,
  recordCallbackReminder,
  type CallbackReminder,
} from './callback-reminders.js';

export interface SlaLoopOptions {
  /** Warning thresholds (fractions of the target), ascending; defaults to the policy's. */
  thresholds?: number[];
  /** Milestones read per query; a tick keeps reading until a batch comes back short. */
  batchSize?: number;
  /** Age at which a pending question becomes 'abandoned'; defaults to the Desk options'. */
  deflectionAbandonAfterMs?: number;
}

export interface TickReport {
  checked: number;
  warnings: number;
  breaches: number;
  /** Targets past the ladder's overrun: the escalation contact told. */
  escalations: number;
  /** Pending questions swept to 'abandoned' by this tick. */
  abandoned: number;
  /** Digests of held warnings sent (one per engineer and window). */
  digests: number;
  /** Customers reminded of a case waiting on them, and cases closed for want of a reply. */
  reminders: number;
  autoClosed: number;
  /** Owners reminded of a confirmed call (policy callbacks.reminderMinutes before it). */
  callbackReminders: number;
}

export class SlaAlertLoop {
  private running: Promise<TickReport> | null = null;
  /** Announcements recorded and not yet posted (each also written down as replayable work). */
  private announcing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Questions asked before this were already swept (null: sweep from the beginning). */
  private sweptBefore: Date | null = null;

  constructor(
    private readonly ctx: DeskContext,
    private readonly options: SlaLoopOptions = {},
  ) {}

  private get thresholds(): number[] {
    return this.options.thresholds ?? this.ctx.policy.warningThresholds;
  }

  /** Leases are physical time, not the (possibly shifted) business clock. */
  private physicalNow(): Date {
    return new Date();
  }

  private get logger(): Logger {
    return this.ctx.logger;
  }

  /**
   * One pass over due milestones, resolved once its announcements went out too (the shell and
   * tests read them next). Calls made while a pass records share it (no overlap).
   */
  async tick(): Promise<TickReport> {
    const report = await this.record();
    await this.announcing;
    return report;
  }

  /**
   * The timer records on schedule and leaves the posting to the announcement queue: a slow
   * platform (retries, Retry-After) delays messages, never the next level being recorded.
   */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.record().catch((error: unknown) =>
        this.logger.error('SLA tick failed', { error: String(error) }),
      );
    }, intervalMs);
    this.timer.unref?.();
  }

  /** Stops the timer and waits for a pass in progress and the announcements queued. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.announcing;
  }

  private record(): Promise<TickReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Announcements in the order their levels were recorded, one batch after the other. */
  private queueAnnouncements(items: Announcement[], now: Date, cache: TickCache): void {
    this.announcing = this.announcing
      .then(() => this.announceAll(items, now, cache))
      .catch((error: unknown) =>
        this.logger.error('SLA announcements failed', { error: String(error) }),
      );
  }

  private async pass(): Promise<TickReport> {
    const now = this.ctx.clock.now();
    const batchSize = this.options.batchSize ?? 200;
    const report: TickReport = {
      checked: 0,
      warnings: 0,
      breaches: 0,
      escalations: 0,
      digests: 0,
      abandoned: 0,
      reminders: 0,
      autoClosed: 0,
      callbackReminders: 0,
    };
    const seen = new Set<string>();
    // Directory reads shared by every due milestone of this pass (see TickCache).
    const cache = new TickCache(this.ctx.store, now);
    for (;;) {
      const due = (await this.ctx.store.milestones.dueForCheck(now, batchSize)).filter(
        (m) => !seen.has(m.id),
      );
      if (due.length === 0) break;
      due.forEach((m) => seen.add(m.id));
      report.checked += due.length;
      await this.handleBatch(due, now, report, cache);
    }
    await this.followUps(now, batchSize, report, cache);
    report.callbackReminders = await this.callbackReminders(now, batchSize, cache);
    report.digests = await this.digests(now, batchSize, cache);
    report.abandoned = await this.sweepDeflections();
    if (report.checked > 0 || report.abandoned > 0 || report.reminders + report.autoClosed > 0)
      this.logger.debug('SLA tick', { ...report, at: now.toISOString() });
    return report;
  }

  /**
   * Cases waiting on the customer whose reminder or automatic close is due (indexed on
   * followUpAt, so a tick's cost follows due work): each step recorded in its own transaction with
   * its announcement written down, then posted after the milestones' announcements.
   */
  private async followUps(
    now: Date,
    batchSize: number,
    report: TickReport,
    cache: TickCache,
  ): Promise<void> {
    const seen = new Set<string>();
    const items: WaitFollowUp[] = [];
    for (;;) {
      const due = (await this.ctx.store.cases.dueFollowUps(now, batchSize)).filter(
        (c) => !seen.has(c.id),
      );
      if (due.length === 0) break;
      for (const supportCase of due) {
        seen.add(supportCase.id);
        try {
          const org = await cache.org(supportCase.orgId);
          const item = await this.ctx.store.transaction((tx) =>
            recordFollowUp(this.ctx, tx, supportCase, org, now, this.physicalNow()),
          );
          if (!item) continue;
          items.push(item);
          if (item.stage === 'remind') report.reminders += 1;
          else report.autoClosed += 1;
        } catch (error) {
          this.logger.error('could not record a follow-up of a case waiting on the customer', {
            case: supportCase.reference,
            error: String(error),
          });
        }
      }
    }
    if (items.length === 0) return;
    this.announcing = this.announcing
      .then(async () => {
        for (const item of items) {
          try {
            await announceRecordedFollowUp(this.ctx, cache, item, () => this.physicalNow());
          } catch (error) {
            this.logger.error('could not announce a follow-up', {
              case: item.supportCase.reference,
              error: String(error),
            });
          }
        }
      })
      .catch((error: unknown) =>
        this.logger.error('follow-up announcements failed', { error: String(error) }),
      );
  }

  /**
   * Confirmed calls whose owner reminder is due (indexed on remindAt): each recorded by one
   * conditional update with its announcement written down, in its own transaction, then sent
   * after the other announcements.
   */
  private async callbackReminders(now: Date, batchSize: number, cache: TickCache): Promise<number> {
    const seen = new Set<string>();
    const items: CallbackReminder[] = [];
    for (;;) {
      const due = (await this.ctx.store.callbacks.dueReminders(now, batchSize)).filter(
        (c) => !seen.has(c.id),
      );
      if (due.length === 0) break;
      for (const callback of due) {
        seen.add(callback.id);
        try {
          const item = await this.ctx.store.transaction((tx) =>
            recordCallbackReminder(tx, callback, now, this.physicalNow()),
          );
          if (item) items.push(item);
        } catch (error) {
          this.logger.error('could not record a call reminder', {
            callback: callback.id,
            error: String(error),
          });
        }
      }
    }
    if (items.length === 0) return 0;
    this.announcing = this.announcing
      .then(async () => {
        for (const item of items) {
          try {
            await announceRecordedCallbackReminder(this.ctx, cache, item, () => this.physicalNow());
          } catch (error) {
            this.logger.error('could not send a call reminder', { error: String(error) });
          }
        }
      })
      .catch((error: unknown) =>
        this.logger.error('call reminders failed', { error: String(error) }),
      );
    return items.length;
  }

  /**
   * Digests whose window ended (indexed on the held warnings' due instant): per engineer and
   * window, the entries marked sent and the digest written down as work in one transaction (one
   * replica wins), then sent after the other announcements.
   */
  private async digests(now: Date, batchSize: number, cache: TickCache): Promise<number> {
    const works = await recordDueDigests(this.ctx, now, batchSize, () => this.physicalNow());
    if (works.length === 0) return 0;
    this.announcing = this.announcing
      .then(async () => {
        for (const work of works) {
          const key = digestKey(work);
          try {
            await withWork(key, () => sendDigest(this.ctx, cache, work));
            await this.ctx.store.deliveries.done(key, this.physicalNow());
          } catch (error) {
            this.logger.error('could not send an SLA digest', { error: String(error) });
          }
        }
      })
      .catch((error: unknown) => this.logger.error('SLA digests failed', { error: String(error) }));
    return works.length;
  }

  /** Questions nobody came back to: one indexed, conditional update per tick. */
  private async sweepDeflections(): Promise<number> {
    const afterMs =
      this.options.deflectionAbandonAfterMs ?? this.ctx.options.deflectionAbandonAfterMs;
    try {
      const { abandoned, cutoff } = await abandonStaleDeflections(
        this.ctx.store.deflections,
        this.ctx.clock,
        afterMs,
        this.sweptBefore,
      );
      this.sweptBefore = cutoff;
      return abandoned;
    } catch (error) {
      // A failed sweep must not stop SLA warnings; the next tick tries again.
      this.logger.error('could not sweep abandoned questions', { error: String(error) });
      return 0;
    }
  }

  /**
   * One batch: the cases in one query, their orgs from the tick's cache, then every level recorded
   * (conditional updates) and its audit event in ONE transaction (one commit, not one per
   * milestone), and only then the posts. A case with nothing new to say costs its update only.
   */
  private async handleBatch(
    due: SlaMilestone[],
    now: Date,
    report: TickReport,
    cache: TickCache,
  ): Promise<void> {
    const byCase = groupByCase(due);
    const found = await this.ctx.store.cases.byIds([...byCase.keys()]);
    const cases = new Map(found.map((c) => [c.id, c]));
    // Read before the transaction: inside it only `tx` may be used (SQLite would wait on itself).
    const orgs = new Map<string, Org | null>();
    for (const c of found) orgs.set(c.orgId, await cache.org(c.orgId));
    const checks: CaseCheck[] = [...byCase].map(([caseId, milestones]) => {
      const supportCase = cases.get(caseId) ?? null;
      return { caseId, supportCase, org: orgs.get(supportCase?.orgId ?? '') ?? null, milestones };
    });
    const announcements = await this.recordAll(checks, now, cache);
    for (const item of announcements)
      if (item.level.event === 'breach') report.breaches += 1;
      else if (item.level.event === 'overrun') report.escalations += 1;
      else report.warnings += 1;
    if (announcements.length > 0) this.queueAnnouncements(announcements, now, cache);
  }

  /**
   * All at once in a transaction; if that fails (nothing was written), case by case, each case in
   * a transaction of its own: a level is never recorded without its announcement written down as
   * work, or a crash before it is posted would lose it for good.
   */
  private async recordAll(
    checks: CaseCheck[],
    now: Date,
    cache: TickCache,
  ): Promise<Announcement[]> {
    try {
      return await this.recordTogether(checks, now, cache);
    } catch (error) {
      this.logger.warn('SLA batch failed as one transaction: recording case by case', {
        error: String(error),
      });
    }
    const items: Announcement[] = [];
    for (const check of checks) {
      try {
        items.push(...(await this.recordTogether([check], now, cache)));
      } catch (error) {
        this.logger.error('SLA check failed for a case', {
          caseId: check.caseId,
          error: error instanceof Error ? error.stack : String(error),
        });
        await this.postpone(check.milestones, now);
      }
    }
    return items;
  }

  /** The levels the cases reached, their audit events and their announcements, in one transaction. */
  private recordTogether(
    checks: CaseCheck[],
    now: Date,
    cache: TickCache,
  ): Promise<Announcement[]> {
    return this.ctx.store.transaction(async (tx) => {
      const items: Announcement[] = [];
      for (const check of checks) {
        const found = await recordCase(
          tx.milestones,
          check,
          this.thresholds,
          now,
          cache,
          this.ctx.policy,
        );
        items.push(...found);
      }
      await tx.events.appendMany(items.map((item) => auditEventOf(item, now)));
      await recordAnnouncements(tx.deliveries, items, this.physicalNow());
      await holdWarnings(tx.digests, this.ctx.policy, items, now);
      return items;
    });
  }

  /**
   * Levels are already recorded, each with its announcement written down as work: a failure here
   * is logged, and the work is redone (without repeating what went out) by the delivery worker.
   */
  private async announceAll(items: Announcement[], now: Date, cache: TickCache): Promise<void> {
    const { milestones } = this.ctx.store;
    const byCase = await milestones
      .forCases(items.map((item) => item.supportCase.id))
      .then(groupByCase)
      .catch(() => null);
    for (const item of items) {
      const key = announcementKey(item);
      try {
        const caseMilestones = byCase?.get(item.supportCase.id);
        await withWork(key, () => announceSlaEvent(this.ctx, cache, item, caseMilestones));
        await this.ctx.store.deliveries.done(key, this.physicalNow());
      } catch (error) {
        this.logger.error('could not announce an SLA event', {
          case: item.supportCase.reference,
          error: error instanceof Error ? error.stack : String(error),
        });
      }
    }
  }

  /** A case whose check failed is retried a minute later, so it never blocks the due queue. */
  private async postpone(milestones: SlaMilestone[], now: Date): Promise<void> {
    const later = new Date(now.getTime() + 60_000);
    const repo = this.ctx.store.milestones;
    for (const m of milestones) {
      try {
        if (m.warnedAt === null) await repo.reschedule(m.id, m.dueAt, later);
        else await repo.markWarned(m.id, m.warnedAt, m.warnedAt, later, m.dueAt);
      } catch (error) {
        this.logger.error('could not postpone an SLA check', {
          milestoneId: m.id,
          error: String(error),
        });
      }
    }
  }
}
