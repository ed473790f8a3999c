// The week's figures for a support lead's App Home (admins): the report over the last 7 days,
// read on the report's own read-only connection, opened on the first lead's visit and kept.
import type { Directory } from '../core/cases/directory-port.js';
import type { Actor } from '../core/conversation/desk.js';
import type { Logger } from '../core/ports.js';
import { loadReport } from '../reports/load-report.js';
import type { ReportSource } from '../reports/report-data.js';
import { weekSummary, type SummaryRow } from '../reports/week-summary.js';

const DAY_MS = 24 * 3_600_000;

export interface HomeFigures {
  heading: string;
  rows: SummaryRow[];
}

export interface HomeFiguresProvider {
  /** The week's figures for a lead; null for anyone else (engineers see their queue only). */
  figuresFor(actor: Actor): Promise<HomeFigures | null>;
  close(): Promise<void>;
}

export function createHomeFigures(options: {
  directory: () => Pick<Directory, 'personByIdentity'>;
  openSource: () => Promise<ReportSource>;
  recontactMs: number;
  logger: Logger;
  now?: () => Date;
}): HomeFiguresProvider {
  let source: Promise<ReportSource> | null = null;
  const now = options.now ?? (() => new Date());
  return {
    async figuresFor(actor) {
      const person = await options
        .directory()
        .personByIdentity({ platform: actor.platform, userId: actor.userId });
      if (!person?.roles.includes('admin')) return null;
      source ??= options.openSource().catch((error: unknown) => {
        source = null;
        throw error;
      });
      const at = now();
      const { report } = await loadReport(await source, {
        period: { from: new Date(at.getTime() - 7 * DAY_MS), to: at },
        org: null,
        team: null,
        now: at,
        recontactMs: options.recontactMs,
      });
      return { heading: 'The last 7 days', rows: weekSummary(report) };
    },
    async close() {
      const open = source;
      source = null;
      if (open) await (await open.catch(() => null))?.close();
    },
  };
}
