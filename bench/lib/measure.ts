// Timing and memory helpers for the benchmarks.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, in bytes. */
export function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  /** Same percentiles in CPU time (user + system): what a query costs when the cores are shared. */
  cpu: { p50: number; p95: number; p99: number };
  queries: number;
}

function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  samples.sort((a, b) => a - b);
  const at = (p: number): number =>
    samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** Runs every query `rounds` times (after one warm-up round) and reports per-query percentiles. */
export function latency(queries: string[], run: (query: string) => unknown, rounds = 3): Latency {
  for (const query of queries) run(query);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      run(query);
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { ...percentiles(wall), cpu: percentiles(cpu), queries: wall.length };
}
