// `casebot … | head -3`: a reader that stops early is normal in a pipeline. The command must stop
// quietly (no EPIPE stack trace on the terminal) with the exit status of what it found.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN_KB, REPO } from '../kb/helpers.js';

const TSX = path.join(REPO, 'node_modules/tsx/dist/cli.mjs');
const MAIN = path.join(REPO, 'src/cli/main.ts');

/** Runs the CLI with its standard output closed by the reader before anything is written. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, MAIN, ...args], {
      cwd: REPO,
      env: { ...process.env, KB_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closing our end now, before the child has even loaded: its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('casebot in a pipeline whose reader stops early', () => {
  it('kb check stops quietly and still exits 1 for the problems it found', async () => {
    const run = await runWithClosedStdout(['kb', 'check', '--kb', BROKEN_KB, '--no-cache']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('kb search stops quietly with exit 0', async () => {
    const run = await runWithClosedStdout([
      'kb',
      'search',
      '--kb',
      BROKEN_KB,
      '--no-cache',
      'good',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
