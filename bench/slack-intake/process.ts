// A measured process (casebot's src/main.ts, or the bare Bolt app) started through tsx with the
// probe preloaded; `probe()` asks it for its CPU time, RSS and SQL statement counts over IPC.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProbeReading } from './probe.js';

const PROBE = fileURLToPath(new URL('./probe.ts', import.meta.url));
const READY = '"msg":"casebot started"';

export class MeasuredProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly log: string,
  ) {}

  static async start(options: {
    entry: string;
    cwd: string;
    env: Record<string, string>;
    log: string;
    readyTimeoutMs?: number;
    nodeArgs?: string[];
  }): Promise<MeasuredProcess> {
    const args = [
      '--expose-gc',
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      '--import',
      PROBE,
      options.entry,
    ];
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const out = createWriteStream(options.log);
    child.stdout?.pipe(out, { end: false });
    const measured = new MeasuredProcess(child, options.log);
    await new Promise<void>((resolve, reject) => {
      let pending = '';
      let ready = false;
      const timer = setTimeout(
        () => reject(new Error(`${options.entry} not ready; see ${options.log}`)),
        options.readyTimeoutMs ?? 60_000,
      );
      child.stderr?.on('data', (chunk: Buffer) => {
        out.write(chunk);
        if (ready) return;
        pending += chunk.toString('utf8');
        if (pending.includes(READY)) {
          ready = true;
          pending = '';
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`${options.entry} exited (${code}); see ${options.log}`));
      });
    });
    return measured;
  }

  /** `gc`: collect garbage first (the idle reading: what stays live). */
  probe(gc = false): Promise<ProbeReading> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('probe: no answer within 10 s')), 10_000);
      this.child.once('message', (reading) => {
        clearTimeout(timer);
        resolve(reading as ProbeReading);
      });
      this.child.send(gc ? 'probe-gc' : 'probe');
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
