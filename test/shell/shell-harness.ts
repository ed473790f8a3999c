// Drives the real app (store, KB, Desk, SLA loop, shell adapter) through its input stream, in
// process, on a temp SQLite file and a temp knowledge base; returns what was printed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/env.js';
import { runApp } from '../../src/app/run-app.js';
import { createMemoryLogger } from '../../src/logging/logger.js';

export const ARTICLES: Record<string, string> = {
  'support/severity-levels.md': `---\ntitle: Severity levels and how to choose one\nproduct: beacon\n---\n# Severity levels\n\nUrgent (1) means production is down with no workaround. High (2) means degraded. Normal (3) is the default. Choose the severity from the business impact.\n`,
  'troubleshooting/econnreset.md': `---\ntitle: Connection reset errors (ECONNRESET)\nproduct: beacon\n---\n# Connection reset\n\nAn ECONNRESET during checkout usually means the connection pool closed idle sockets after the v8.11 upgrade. Raise the keep-alive timeout.\n`,
  'troubleshooting/slow-dashboards.md': `---\ntitle: Dashboards are slow to load\nproduct: beacon\n---\n# Slow dashboards\n\nA dashboard is as slow as its slowest panel. Reduce the time range and cache panels.\n`,
  'internal/econnreset-pool-bug.md': `---\ntitle: Internal runbook ECONNRESET pool bug in v8.11\naudience: internal\nproduct: beacon\n---\n# Pool bug\n\nSecret workaround for ECONNRESET in checkout after the v8.11 upgrade: set pool.recycle=false. Never share with customers.\n`,
};

export interface Workspace {
  dir: string;
  kbDir: string;
  dbUrl: string;
  cleanup(): void;
}

export function createWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'casebot-shell-'));
  const kbDir = join(dir, 'kb');
  for (const [path, text] of Object.entries(ARTICLES)) {
    mkdirSync(join(kbDir, path, '..'), { recursive: true });
    writeFileSync(join(kbDir, path), text);
  }
  return {
    dir,
    kbDir,
    dbUrl: `file:${join(dir, 'data', 'casebot.db')}`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Monday 2 March 2026, 09:00 UTC = 10:00 in Paris: inside Acme's business hours. */
export const MONDAY_9_UTC = '2026-03-02T09:00:00Z';

export async function runScript(
  workspace: Workspace,
  lines: string[],
  env: Record<string, string> = {},
) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const logger = createMemoryLogger();
  const config = loadConfig({
    KB_DIR: workspace.kbDir,
    DATABASE_URL: workspace.dbUrl,
    CASEBOT_ADAPTER: 'shell',
    CASEBOT_CLOCK_START: MONDAY_9_UTC,
    KB_WATCH: 'off',
    ...env,
  });
  const done = runApp({ config, logger, input, output, interactive: false });
  input.end(lines.map((line) => `${line}\n`).join(''));
  await done;
  return { text, logger, turns: splitTurns(text) };
}

export interface Turn {
  who: string;
  command: string;
  output: string;
}

/** Splits a transcript at its echoed prompts ("sam> /claim …"): what each command printed. */
export function splitTurns(text: string): Turn[] {
  const turns: Turn[] = [];
  for (const line of text.split('\n')) {
    const prompt = /^(\S+)> (.*)$/.exec(line);
    if (prompt) turns.push({ who: prompt[1] ?? '', command: prompt[2] ?? '', output: '' });
    else if (turns.length > 0) (turns[turns.length - 1] as Turn).output += `${line}\n`;
  }
  return turns;
}

export function turn(turns: Turn[], command: string, who?: string): Turn {
  const found = turns.find((t) => t.command === command && (who === undefined || t.who === who));
  if (!found)
    throw new Error(
      `no turn "${command}"${who ? ` by ${who}` : ''}; commands: ${turns.map((t) => `${t.who}> ${t.command}`).join(' | ')}`,
    );
  return found;
}

export function count(text: string, pattern: RegExp): number {
  return (
    text.match(
      new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
    ) ?? []
  ).length;
}
