// The shell in a real terminal (a pseudo-terminal from util-linux `script`), as a person types at
// it: a readline prompt per persona, line editing, answers under the prompt, Ctrl+C to leave.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../shell/shell-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasScript) {
  console.warn('\n*** shell TTY test SKIPPED: util-linux `script` is not installed ***\n');
}

// Terminal control sequences readline writes (cursor moves, line clears) between the words.
const CONTROL = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
const plain = (text: string): string => text.replace(CONTROL, '').replace(/\r/g, '');

class Terminal {
  private output = '';
  readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
  }

  text(): string {
    return plain(this.output);
  }

  /** Waits until the screen shows `pattern` after `from` characters of plain text. */
  async waitFor(pattern: string | RegExp, from = 0, timeoutMs = 30_000): Promise<number> {
    const started = Date.now();
    for (;;) {
      const rest = this.text().slice(from);
      const at = typeof pattern === 'string' ? rest.indexOf(pattern) : rest.search(pattern);
      if (at >= 0) return from + at;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `terminal never showed ${String(pattern)}; it shows:\n${this.text().slice(-2000)}`,
        );
      }
      await new Promise((tick) => setTimeout(tick, 50));
    }
  }

  type(keys: string): void {
    this.child.stdin.write(keys);
  }
}

describe.skipIf(!hasScript)('the shell in a terminal', () => {
  const workspace = createWorkspace();
  const cwd = mkdtempSync(join(tmpdir(), 'casebot-tty-'));
  afterAll(() => {
    workspace.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('prompts as the persona, edits the line, answers under the prompt and leaves on Ctrl+C', async () => {
    const child = spawn('script', ['-qfec', `${TSX} ${join(ROOT, 'src/main.ts')}`, '/dev/null'], {
      cwd,
      // Its own process group, so a failed run can stop script, tsx and node together.
      detached: true,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TERM: 'xterm',
        KB_DIR: workspace.kbDir,
        CASEBOT_CLOCK_START: '2026-03-02T09:00:00Z',
        LOG_LEVEL: 'silent',
      },
    });
    const terminal = new Terminal(child);
    try {
      let at = await terminal.waitFor('alice@acme> ');
      // A typo erased with backspace before Enter: only the corrected line is asked.
      terminal.type('Checkout fails with EXXX\x7f\x7f\x7fCONNRESET\r');
      at = await terminal.waitFor('These articles may answer it', at);
      // readline redrew the line after each backspace; the line it submitted is the corrected one.
      expect(terminal.text()).toContain('alice@acme> Checkout fails with ECONNRESET\n[#support');
      expect(terminal.text().slice(at)).toContain('Connection reset errors (ECONNRESET)');
      await terminal.waitFor('alice@acme> ', at);
      terminal.type('/as engineer sam\r');
      at = await terminal.waitFor('you are now Sam Rivera', at);
      at = await terminal.waitFor('sam> ', at);
      terminal.type('/queue\r');
      await terminal.waitFor('Queue of Platform team', at);
      terminal.type('\x03');
      expect(await terminal.exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    }
  }, 60_000);
});
