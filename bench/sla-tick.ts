// npx tsx bench/sla-tick.ts [--quick] — what one tick of the SLA alert loop costs as due work and open cases
// grow. Issue 4: "the cost of a tick grows with the number of due milestones, not of open cases
// (an indexed query on due time), so 100,000 open cases are fine."
//
// The real loop (src/core/alerts) runs over the real store (Prisma) with a recording ChatPort. One
// case is opened through openCase; the other open cases are copies of its rows made by one
// INSERT … SELECT (fast, and every column keeps the exact encoding Prisma wrote). Before each
// timed tick, D milestones are made due at the 50 % warning, so every due milestone costs what a
// real warning costs: the conditional update, the audit event, the team post and the alert
// re-render (with a suggested assignee, since these cases are unclaimed). Cases, milestones and
// audit events go in batched queries and directory reads are memoised per tick, so the figure per
// due milestone is about one conditional update plus the posts.
// `--quick` (or main({ quick: true })) stops at 100 due milestones: a few seconds, not minutes.
// SQLite always; PostgreSQL too when TEST_POSTGRES_URL is set (a fresh schema, dropped after).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SlaAlertLoop } from '../src/core/alerts/sla-alert-loop.js';
import { openCase } from '../src/core/cases/index.js';
import { DEFAULT_DESK_OPTIONS, type DeskContext } from '../src/core/conversation/desk-context.js';
import { loadPolicy } from '../src/core/sla/index.js';
import { openStore, type Store } from '../src/store/index.js';
import {
  ALWAYS,
  dropSchema,
  randomSchemaName,
  seedCustomer,
  seedEngineer,
  seedOrg,
  seedTeam,
  silentLogger,
  testClock,
  withSchema,
} from '../test/helpers/db.js';
import { openBulkCases, type BulkCases } from '../test/helpers/bulk-cases.js';
import { countingPort, noKnowledgeBase, type CountingPort } from '../test/helpers/counting-port.js';

export interface TickRow {
  provider: 'sqlite' | 'postgresql';
  openCases: number;
  dueMilestones: number;
  tickMs: number;
  runs: number;
  /** Warnings the loop posted per tick (should equal dueMilestones). */
  warnings: number;
}

export interface SlaTickFigures {
  rows: TickRow[];
  plans: Record<string, string>;
}

const NOW = new Date('2026-03-02T10:00:00Z');
const MINUTE = 60_000;
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);
const OPEN_SIZES = [1_000, 100_000];
const DUE_SIZES = [0, 10, 100, 1_000];
const QUICK_DUE_SIZES = [0, 10, 100];
// A tick over 1,000 due milestones is a thousand real warnings (a conditional update and two
// messages each), so it is timed fewer times than the small ones.
const RUNS: Record<number, number> = { 0: 9, 10: 5, 100: 3, 1_000: 3 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Target {
  provider: 'sqlite' | 'postgresql';
  url: string;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-bench-'));
  return {
    provider: 'sqlite',
    url: `file:${join(dir, 'casebot.db')}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(base: string): Target {
  const schema = randomSchemaName();
  return {
    provider: 'postgresql',
    url: withSchema(base, schema),
    cleanup: () => dropSchema(schema),
  };
}

/** One real case (openCase), with an alert message, as the template every copy is made from. */
async function seedTemplate(store: Store, sql: BulkCases): Promise<string> {
  const org = await seedOrg(store, { tier: 'platinum', slug: 'bench-org' });
  const team = await seedTeam(store, {
    slug: 'bench-team',
    products: ['search'],
    channels: [{ platform: 'shell', channelId: 'team-search' }],
  });
  for (let index = 0; index < 5; index++)
    await seedEngineer(store, team, { handle: `eng-${index}`, shift: ALWAYS });
  const requester = await seedCustomer(store, org, { handle: 'bench-customer' });
  const opened = await openCase(
    { store, policy: loadPolicy('elastic'), clock: testClock(NOW) },
    {
      requesterId: requester.id,
      title: 'Slow queries',
      situation: 'p99 went from 40 ms to 2 s',
      severity: 3,
      seriousness: 'Quarter close next week',
      product: 'search',
      type: 'bug',
    },
  );
  await sql.setAlertPlace(opened.case.id, 'shell', 'team-search', 'alert-template');
  return opened.case.id;
}

async function timeTicks(ctx: DeskContext, sql: BulkCases, openCases: number, due: number) {
  const samples: number[] = [];
  let warnings = 0;
  const runs = RUNS[due] ?? 3;
  const port = ctx.ports.shell as CountingPort;
  for (let run = 0; run < runs; run++) {
    // Started 40 minutes ago, due in 20: 67 % elapsed, so each due milestone warrants a warning.
    await sql.makeDue(due, {
      startedAt: at(-40 * MINUTE),
      dueAt: at(20 * MINUTE),
      nextCheckAt: at(-MINUTE),
    });
    port.reset();
    const loop = new SlaAlertLoop(ctx);
    const started = performance.now();
    const report = await loop.tick();
    const ms = performance.now() - started;
    if (report.warnings !== due || port.posts !== due)
      throw new Error(
        `expected ${due} warnings, the loop reported ${report.warnings} (${port.posts} posts)`,
      );
    samples.push(ms);
    warnings = report.warnings;
  }
  return { tickMs: median(samples), runs, warnings, openCases, dueMilestones: due };
}

async function benchProvider(target: Target, log: (line: string) => void, dueSizes: number[]) {
  const store = await openStore({ url: target.url, logger: silentLogger });
  const sql = await openBulkCases(target.url);
  const rows: TickRow[] = [];
  let plan = '';
  try {
    const templateId = await seedTemplate(store, sql);
    const ctx: DeskContext = {
      store,
      kb: noKnowledgeBase,
      policy: loadPolicy('elastic'),
      ports: { shell: countingPort('shell') },
      clock: testClock(NOW),
      logger: silentLogger,
      options: { ...DEFAULT_DESK_OPTIONS },
    };
    let open = 1;
    for (const size of OPEN_SIZES) {
      const seeded = performance.now();
      await sql.copyCase(templateId, open, size - open);
      open = size;
      log(
        `  ${target.provider}: ${size.toLocaleString('en')} open cases seeded in ${Math.round(performance.now() - seeded)} ms`,
      );
      // Warm-up (query compilation, JIT): one untimed tick before the first figures.
      if (size === OPEN_SIZES[0]) await timeTicks(ctx, sql, open, 10);
      for (const due of dueSizes) {
        const row = { provider: target.provider, ...(await timeTicks(ctx, sql, open, due)) };
        rows.push(row);
        log(`  ${target.provider}: ${fmtRow(row)}`);
      }
    }
    // Ten minutes on, the last 1,000 warned milestones are due again (their 75 % check).
    plan = await sql.explainDueQuery(at(10 * MINUTE), 200);
  } finally {
    await sql.close();
    await store.close();
    await target.cleanup();
  }
  return { rows, plan };
}

function fmtRow(row: TickRow): string {
  return `open ${row.openCases.toLocaleString('en').padStart(7)} | due ${String(row.dueMilestones).padStart(5)} | tick ${row.tickMs.toFixed(1).padStart(8)} ms (median of ${row.runs}) | ${(row.dueMilestones ? row.tickMs / row.dueMilestones : 0).toFixed(2)} ms per due`;
}

export function formatTable(figures: SlaTickFigures): string {
  const header =
    '| database | open cases | due milestones | tick ms (median) | ms per due | runs |';
  const lines = [header, '|---|---:|---:|---:|---:|---:|'];
  for (const r of figures.rows)
    lines.push(
      `| ${r.provider} | ${r.openCases.toLocaleString('en')} | ${r.dueMilestones.toLocaleString('en')} | ${r.tickMs.toFixed(1)} | ${r.dueMilestones ? (r.tickMs / r.dueMilestones).toFixed(2) : '–'} | ${r.runs} |`,
    );
  for (const [provider, plan] of Object.entries(figures.plans))
    lines.push('', `Due query plan on ${provider} (100,000 open cases):`, plan);
  return lines.join('\n');
}

export async function main(
  options: { postgresUrl?: string; log?: (line: string) => void; quick?: boolean } = {},
): Promise<SlaTickFigures> {
  const log = options.log ?? ((line: string) => console.log(line));
  const postgresUrl = options.postgresUrl ?? process.env.TEST_POSTGRES_URL ?? '';
  const figures: SlaTickFigures = { rows: [], plans: {} };
  const targets = [sqliteTarget()];
  if (postgresUrl) targets.push(postgresTarget(postgresUrl));
  else log('  PostgreSQL skipped: set TEST_POSTGRES_URL to measure it too.');
  for (const target of targets) {
    const dueSizes = options.quick ? QUICK_DUE_SIZES : DUE_SIZES;
    const { rows, plan } = await benchProvider(target, log, dueSizes);
    figures.rows.push(...rows);
    figures.plans[target.provider] = plan;
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const figures = await main({ quick: process.argv.includes('--quick') });
  console.log(
    `\n${formatTable(figures)}\n\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
