// Loaded into each measured process (`node --import tsx --import probe.ts …`): counts the SQL
// statements its database drivers run (better-sqlite3 prepares every statement Prisma's adapter
// sends, BEGIN and COMMIT included; every pg statement goes through Client.prototype.query) and
// answers the bench over the IPC channel with its CPU time, RSS and those counts.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProbeReading {
  /** process.cpuUsage(): user + system, microseconds. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  statements: number;
  /** Transactions begun (BEGIN statements). */
  transactions: number;
  /** Event-loop delay since the previous reading (ms): an ack waits at least this long. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const counts = { statements: 0, transactions: 0 };
// PROBE_SQL_LOG=1: every statement also goes to stderr (to see what a question costs).
const logSql = process.env.PROBE_SQL_LOG === '1';
function count(sql: unknown): void {
  counts.statements += 1;
  if (isBegin(sql)) counts.transactions += 1;
  if (logSql) process.stderr.write(`SQL ${String(sql).slice(0, 160).replace(/\s+/g, ' ')}\n`);
}
const isBegin = (sql: unknown): boolean => typeof sql === 'string' && /^\s*BEGIN\b/i.test(sql);

// Resolved from the measured app's folder (its node_modules), the same module instances it loads.
const require = createRequire(join(process.cwd(), 'package.json'));

function patchSqlite(): void {
  let Database: { prototype: { prepare: (sql: string) => unknown } };
  try {
    Database = require('better-sqlite3') as typeof Database;
  } catch {
    return;
  }
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: unknown, sql: string) {
    count(sql);
    return prepare.call(this, sql);
  };
}

function patchPg(): void {
  type Query = (...args: unknown[]) => unknown;
  let pg: { Client: { prototype: { query: Query } } };
  try {
    pg = require('pg') as typeof pg;
  } catch {
    return;
  }
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    count(text);
    return query.apply(this, args);
  };
}

patchSqlite();
patchPg();

// An ack is written by the same event loop as everything else: its delay is the ack's floor.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

if (process.send) {
  process.on('message', (message: unknown) => {
    if (message !== 'probe') return;
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const reading: ProbeReading = {
      cpuMicros: cpu.user + cpu.system,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      ...counts,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
    };
    loopDelay.reset();
    process.send?.(reading);
  });
  // The channel must not keep the process alive once the app has stopped.
  process.channel?.unref();
}
