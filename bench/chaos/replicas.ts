// casebot replica processes: the real app (src/main.ts through tsx, or a built dist/main.js), in
// Slack HTTP mode or on Discord's gateway (`lifeEnv`). Each start is a new incarnation with its own
// bot token, so every call the fake platform records says which process (and which life of it)
// made it. A replica killed with
// SIGKILL, or one that exits on its own, is started again after `restartDelayMs`, as an
// orchestrator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export type ReplicaState = 'down' | 'starting' | 'ready' | 'stopped';

export interface ReplicaOptions {
  /** e.g. "pg-r1". */
  name: string;
  port: number;
  /** The checkout whose app runs (its kb/ and node_modules/ are used too). */
  appDir: string;
  entry: 'tsx' | 'dist';
  env: Record<string, string>;
  logDir: string;
  restartDelayMs: number;
  /** Milliseconds since the scenario started (for the report). */
  elapsed: () => number;
  /**
   * The variables that make one life of the app: its bot token and port (default: Slack's
   * SLACK_BOT_TOKEN and SLACK_PORT, with xoxb- tokens).
   */
  platform?: LifePlatform;
}

export interface LifePlatform {
  token: (replica: string, incarnation: number) => string;
  env: (token: string, port: number) => Record<string, string>;
}

const SLACK_LIVES: LifePlatform = {
  token: (replica, incarnation) => `xoxb-chaos-${replica}-${incarnation}`,
  env: (token, port) => ({ SLACK_BOT_TOKEN: token, SLACK_PORT: String(port) }),
};

export interface Life {
  replica: string;
  incarnation: number;
  token: string;
  pid: number;
  startedAt: number;
  readyAt: number | null;
  /** When it died (killed or exited), elapsed ms. */
  endedAt: number | null;
  end: 'killed' | 'exited' | 'stopped' | null;
  exitCode: number | null;
  killReason: string | null;
  log: string;
}

const READY_MESSAGE = '"msg":"casebot started"';

export class Replica {
  readonly lives: Life[] = [];
  state: ReplicaState = 'down';
  private child: ChildProcess | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private lastStderr: string[] = [];

  constructor(readonly options: ReplicaOptions) {}

  get name(): string {
    return this.options.name;
  }

  get current(): Life | null {
    return this.lives.at(-1) ?? null;
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  private get platform(): LifePlatform {
    return this.options.platform ?? SLACK_LIVES;
  }

  tokenFor(incarnation: number): string {
    return this.platform.token(this.name, incarnation);
  }

  /** Starts a new incarnation; resolves once the app logged "casebot started". */
  start(): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const incarnation = this.lives.length + 1;
    const token = this.tokenFor(incarnation);
    const log = join(this.options.logDir, `${this.name}-${incarnation}.log`);
    const out: WriteStream = createWriteStream(log);
    const args =
      this.options.entry === 'tsx'
        ? ['--import', 'tsx', join(this.options.appDir, 'src/main.ts')]
        : [join(this.options.appDir, 'dist/main.js')];
    const child = spawn(process.execPath, args, {
      cwd: this.options.appDir,
      env: {
        ...this.options.env,
        ...this.platform.env(token, this.options.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.state = 'starting';
    const life: Life = {
      replica: this.name,
      incarnation,
      token,
      pid: child.pid ?? -1,
      startedAt: this.options.elapsed(),
      readyAt: null,
      endedAt: null,
      end: null,
      exitCode: null,
      killReason: null,
      log,
    };
    this.lives.push(life);
    this.lastStderr = [];
    child.stdout?.pipe(out, { end: false });
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      out.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        this.lastStderr.push(line);
        if (this.lastStderr.length > 20) this.lastStderr.shift();
        if (life.readyAt === null && line.includes(READY_MESSAGE) && this.child === child) {
          life.readyAt = this.options.elapsed();
          this.state = 'ready';
          for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
        }
      }
    });
    child.on('exit', (code) => {
      out.end();
      if (this.child !== child) return;
      this.child = null;
      life.endedAt ??= this.options.elapsed();
      life.end ??= this.state === 'stopped' ? 'stopped' : 'exited';
      life.exitCode = code;
      const wasStopping = this.state === 'stopped';
      if (!wasStopping) this.state = 'down';
      if (life.readyAt === null) {
        const tail = this.lastStderr.slice(-5).join('\n');
        for (const waiter of this.readyWaiters.splice(0))
          waiter.reject(new Error(`${this.name} exited (${code}) before it was ready:\n${tail}`));
      }
      // An exit nobody asked for is restarted like a kill: a supervisor would.
      if (!wasStopping && life.end === 'exited') this.scheduleRestart();
    });
    return this.whenReady();
  }

  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** SIGKILL now; a new incarnation starts after the restart delay. */
  kill(reason: string): Life | null {
    const child = this.child;
    const life = this.current;
    if (!child || !life || life.end) return null;
    life.end = 'killed';
    life.endedAt = this.options.elapsed();
    life.killReason = reason;
    this.state = 'down';
    child.kill('SIGKILL');
    this.scheduleRestart();
    return life;
  }

  private scheduleRestart(): void {
    if (this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state === 'stopped') return;
      // A restart that fails is retried by the exit handler; nobody awaits this one.
      this.start().catch(() => undefined);
    }, this.options.restartDelayMs);
  }

  /** SIGTERM (the app stops cleanly), SIGKILL after `graceMs`; no restart afterwards. */
  async stop(graceMs = 10_000): Promise<void> {
    this.state = 'stopped';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const life = this.current;
    if (life && !life.end) life.end = 'stopped';
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** For an emergency exit of the harness: no waiting. */
  killNow(): void {
    this.state = 'stopped';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.child?.kill('SIGKILL');
  }
}
