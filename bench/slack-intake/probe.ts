// Loaded into each measured process (`node --import tsx --import probe.ts …`): counts the SQL
// statements its database drivers run (every better-sqlite3 statement run, Prisma's adapter's and
// the store's own, BEGIN and COMMIT included; every pg statement goes through Client.prototype.query) and
// answers the bench over the IPC channel with its CPU time, RSS and those counts.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';

export interface ProbeReading {
  /** process.cpuUsage(): user + system, microseconds. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  /** Memory outside the JS heap that V8 knows of (buffers; Wasm memories are in RSS only). */
  external: number;
  /** The JS heap's size as reserved from the system (live objects, garbage and free pages). */
  heapTotal: number;
  statements: number;
  /** Transactions begun (BEGIN statements). */
  transactions: number;
  /** Event-loop delay since the previous reading (ms): an ack waits at least this long. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** From a POST's 'request' event to its response's 'finish', inside the app (ms). */
  serverAckP99Ms: number;
  serverAckMaxMs: number;
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
  type Run = (this: { source: string }, ...values: unknown[]) => unknown;
  type Statement = Record<'run' | 'get' | 'all' | 'iterate', Run>;
  let Database: { prototype: { prepare: (sql: string) => unknown } };
  try {
    Database = require('better-sqlite3') as typeof Database;
  } catch {
    return;
  }
  // Executions are counted, not prepares: the store keeps its hot statements prepared. The
  // Statement class is not exported, so its prototype is patched at the first prepare.
  const patched = new WeakSet<object>();
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: unknown, sql: string) {
    const statement = prepare.call(this, sql) as object;
    const prototype = Object.getPrototypeOf(statement) as Statement;
    if (!patched.has(prototype)) {
      patched.add(prototype);
      for (const method of ['run', 'get', 'all', 'iterate'] as const) {
        const original = prototype[method];
        prototype[method] = function (...values: unknown[]) {
          count(this.source);
          return original.apply(this, values);
        };
      }
    }
    return statement;
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

// The ack as the app itself sees it: from the moment Node hands it the request (headers parsed)
// to the moment the response is flushed. The load generator's figure adds the network and the
// generator's own loop; on 2 shared cores the difference says who was late.
const serverAck = createHistogram();
const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
  if (event === 'request') {
    const [req, res] = args as [IncomingMessage, ServerResponse];
    if (req.method === 'POST') {
      const at = performance.now();
      res.once('finish', () =>
        serverAck.record(Math.max(1, Math.round((performance.now() - at) * 1e3))),
      );
    }
  }
  return (emit as (event: string | symbol, ...args: unknown[]) => boolean).call(
    this,
    event,
    ...args,
  );
} as typeof Server.prototype.emit;

if (process.send) {
  process.on('message', (message: unknown) => {
    if (message !== 'probe' && message !== 'probe-gc') return;
    const cpu = process.cpuUsage();
    // 'probe-gc' (the idle reading), with --expose-gc (process.ts passes it): the heap figure is
    // what is live, not garbage waiting for a collection.
    if (message === 'probe-gc') (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const reading: ProbeReading = {
      cpuMicros: cpu.user + cpu.system,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      heapTotal: memory.heapTotal,
      ...counts,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
      serverAckP99Ms: serverAck.count ? serverAck.percentile(99) / 1e3 : 0,
      serverAckMaxMs: serverAck.count ? serverAck.max / 1e3 : 0,
    };
    loopDelay.reset();
    serverAck.reset();
    process.send?.(reading);
  });
  // The channel must not keep the process alive once the app has stopped.
  process.channel?.unref();
}
