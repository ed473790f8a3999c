// Shared helpers for the knowledge-base tests: fixture paths and throwaway copies of them.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BASIC_KB = path.join(REPO, 'test/fixtures/kb-basic');
export const BROKEN_KB = path.join(REPO, 'test/fixtures/kb-broken');

/** A temporary copy of a fixture KB (or an empty folder), removed by the returned cleanup. */
export async function tempCopy(
  source: string | null,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'casebot-kb-'));
  if (source) await cp(source, path.join(dir, 'kb'), { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Retries `check` until it returns true or the time runs out (for watch-mode effects). */
export async function eventually(check: () => boolean, timeoutMs = 8000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
