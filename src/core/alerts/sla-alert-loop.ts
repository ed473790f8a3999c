// The SLA alert loop. Due work lives in the database: each unmet milestone carries `nextCheckAt`
// (indexed), the instant of its next warning or its breach. A tick reads only milestones due now,
// so its cost follows due work, not open cases. Each level is recorded with a conditional update
// before anything is posted, so a restart (or a second replica) never repeats a warning.
import type { Logger } from '../ports.js';
import { elapsedFraction, nextThresholdInstant } from '../sla/index.js';
import type { Org, SlaMilestone } from '../model.js';
import type { DeskContext } from '../conversation/desk-context.js';
import { levelToReport, nextFractionAfter, severityRank, type SlaLevel } from './sla-levels.js';
import { announceSlaEvent } from './announce.js';
import { abandonStaleDeflections } from '../deflection/outcomes.js';

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
  /** Pending questions swept to 'abandoned' by this tick. */
  abandoned: number;
}

interface Decision {
  milestone: SlaMilestone;
  level: SlaLevel | null;
  org: Org;
}

export class SlaAlertLoop {
  private running: Promise<TickReport> | null = null;
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

  private get logger(): Logger {
    return this.ctx.logger;
  }

  /** One pass over due milestones. Calls made while a pass runs share it (no overlap). */
  tick(): Promise<TickReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) =>
        this.logger.error('SLA tick failed', { error: String(error) }),
      );
    }, intervalMs);
    this.timer.unref?.();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<TickReport> {
    const now = this.ctx.clock.now();
    const batchSize = this.options.batchSize ?? 200;
    const report: TickReport = { checked: 0, warnings: 0, breaches: 0, abandoned: 0 };
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.ctx.store.milestones.dueForCheck(now, batchSize)).filter(
        (m) => !seen.has(m.id),
      );
      if (due.length === 0) break;
      due.forEach((m) => seen.add(m.id));
      report.checked += due.length;
      await this.handleBatch(due, now, report);
    }
    report.abandoned = await this.sweepDeflections();
    if (report.checked > 0 || report.abandoned > 0)
      this.logger.debug('SLA tick', { ...report, at: now.toISOString() });
    return report;
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

  private async handleBatch(due: SlaMilestone[], now: Date, report: TickReport): Promise<void> {
    const byCase = new Map<string, SlaMilestone[]>();
    for (const milestone of due)
      byCase.set(milestone.caseId, [...(byCase.get(milestone.caseId) ?? []), milestone]);
    for (const [caseId, milestones] of byCase) {
      try {
        await this.handleCase(caseId, milestones, now, report);
      } catch (error) {
        this.logger.error('SLA check failed for a case', {
          caseId,
          error: error instanceof Error ? error.stack : String(error),
        });
        await this.postpone(milestones, now);
      }
    }
  }

  /** A case whose check failed is retried a minute later, so it never blocks the due queue. */
  private async postpone(milestones: SlaMilestone[], now: Date): Promise<void> {
    const later = new Date(now.getTime() + 60_000);
    const repo = this.ctx.store.milestones;
    for (const m of milestones) {
      try {
        if (m.warnedAt === null) await repo.retarget(m.id, m.dueAt, m.businessHours, later);
        else await repo.markWarned(m.id, m.warnedAt, m.warnedAt, later);
      } catch (error) {
        this.logger.error('could not postpone an SLA check', {
          milestoneId: m.id,
          error: String(error),
        });
      }
    }
  }

  private async handleCase(
    caseId: string,
    milestones: SlaMilestone[],
    now: Date,
    report: TickReport,
  ): Promise<void> {
    const { cases, directory, milestones: repo } = this.ctx.store;
    const supportCase = await cases.byId(caseId);
    if (!supportCase || supportCase.status === 'resolved' || supportCase.status === 'closed') {
      await repo.stopChecks(caseId);
      return;
    }
    const org = await directory.orgById(supportCase.orgId);
    if (!org) return repo.stopChecks(caseId);
    const decisions: Decision[] = milestones.map((milestone) => ({
      milestone,
      org,
      level: this.decide(milestone, org, now),
    }));
    const won: Decision[] = [];
    for (const decision of decisions) if (await this.record(decision, now)) won.push(decision);
    // One message per case per tick: the most serious event among its milestones.
    const worst = won.sort(
      (a, b) => severityRank(b.level as SlaLevel) - severityRank(a.level as SlaLevel),
    )[0];
    if (!worst?.level) return;
    if (worst.level.event === 'breach') report.breaches += 1;
    else report.warnings += 1;
    await announceSlaEvent(this.ctx, supportCase, worst.milestone, worst.level, now);
  }

  private decide(milestone: SlaMilestone, org: Org, now: Date): SlaLevel | null {
    const fraction = elapsedFraction({ ...span(milestone, org), now });
    return levelToReport(milestone, fraction, now, this.thresholds);
  }

  /** Writes the level (or just the next wake-up) with a conditional update; true when this caller should announce. */
  private async record({ milestone, level, org }: Decision, now: Date): Promise<boolean> {
    const repo = this.ctx.store.milestones;
    if (level?.event === 'breach') return repo.markBreached(milestone.id, now);
    const from = level?.threshold ?? milestone.warnedAt ?? 0;
    const fraction = nextFractionAfter(from, this.thresholds);
    let next = nextThresholdInstant({ ...span(milestone, org), fraction });
    // Never schedule in the past: a rounding slip would make the same tick pick it up forever.
    if (next.getTime() <= now.getTime()) next = new Date(now.getTime() + 1000);
    if (level) return repo.markWarned(milestone.id, milestone.warnedAt, level.threshold, next);
    if (milestone.warnedAt === null)
      await repo.retarget(milestone.id, milestone.dueAt, milestone.businessHours, next);
    else await repo.markWarned(milestone.id, milestone.warnedAt, milestone.warnedAt, next);
    return false;
  }
}

function span(milestone: SlaMilestone, org: Org) {
  return {
    startedAt: milestone.startedAt,
    dueAt: milestone.dueAt,
    businessHours: milestone.businessHours,
    calendar: org.calendar,
  };
}
