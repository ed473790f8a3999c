// The web pages as the app runs them (the shell, with CASEBOT_HTTP_PORT): the server starts before
// the KB opens so article links in chat point at its pages; `/dashboard` prints a signed link to
// staff only, which the server accepts, and refuses tampered; without CASEBOT_HTTP_PORT nothing is
// served and `/dashboard` says so. `casebot dashboard-link` signs links the server accepts.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApp } from '../../src/app/run-app.js';
import { loadConfig } from '../../src/config/env.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { createWorkspace, MONDAY_9_UTC, type Workspace } from '../shell/shell-harness.js';

const REPO = new URL('../../', import.meta.url).pathname;
const TSX = join(REPO, 'node_modules/tsx/dist/cli.mjs');

let ws: Workspace;
beforeEach(() => {
  ws = createWorkspace();
});
afterEach(() => ws.cleanup());

async function until<T>(probe: () => T | undefined | null, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function startShell(env: Record<string, string>) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const logger = createMemoryLogger();
  const config = loadConfig({
    KB_DIR: ws.kbDir,
    DATABASE_URL: ws.dbUrl,
    CASEBOT_ADAPTER: 'shell',
    CASEBOT_CLOCK_START: MONDAY_9_UTC,
    KB_WATCH: 'off',
    ...env,
  });
  const done = runApp({ config, logger, input, output, interactive: false });
  return { input, done, logger, text: () => text };
}

describe('web pages in the running app', () => {
  it('serves KB pages that chat links to, and a /dashboard link for staff only', async () => {
    const shell = startShell({ CASEBOT_HTTP_PORT: '0' });
    const listening = await until(
      () => shell.logger.entries.find((entry) => entry.message === 'web pages listening'),
      'the web server',
    );
    const base = String(listening.fields.url);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    shell.input.write('Dashboards are slow to load\n');
    shell.input.write('How do I choose a severity?\n');
    shell.input.write('/dashboard\n');
    shell.input.write('/as engineer kim\n');
    shell.input.write('/dashboard\n');
    const link = await until(
      () => /valid until [^)]+\): (\S+)/.exec(shell.text())?.[1],
      'the dashboard link',
    );
    const text = shell.text();
    // The customer's questions: the article links are this server's pages, tagged with the
    // question they answer (a signed `from`), so opening one counts in the funnel.
    const tagged = (path: string) =>
      new RegExp(`<(${base}/kb/${path}\\?from=([^.>]+)\\.([^>#]+)[^>]*)>`).exec(text);
    const dashboards = tagged('troubleshooting/slow-dashboards');
    const severity = tagged('[^?>]*severit[^?>]*');
    expect(dashboards, text).not.toBeNull();
    expect(severity, text).not.toBeNull();
    // A tag moved onto another question (the MAC of the first) opens the page but counts nothing.
    const forged = `${base}/kb/troubleshooting/slow-dashboards?from=${severity![2]}.${dashboards![3]}`;
    expect((await fetch(forged)).status).toBe(200);
    expect((await fetch(dashboards![1]!)).status).toBe(200);
    expect(text).toContain('✖ the dashboard is for staff (engineers and admins)');
    expect(link.startsWith(`${base}/dashboard?t=v1.`)).toBe(true);

    const dashboard = await fetch(link);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('Support dashboard');
    expect((await fetch(`${link.slice(0, -3)}xyz`)).status).toBe(403);
    expect((await fetch(`${base}/dashboard`)).status).toBe(403);
    const article = await fetch(`${base}/kb/troubleshooting/slow-dashboards`);
    expect(article.status).toBe(200);
    expect(await article.text()).toContain('<h1 id="slow-dashboards">');
    expect((await fetch(`${base}/kb/internal/econnreset-pool-bug`)).status).toBe(404);
    const token = new URL(link).searchParams.get('t') ?? '';
    const internal = await fetch(`${base}/kb/internal/econnreset-pool-bug?t=${token}`);
    expect(internal.status).toBe(200);
    // The generated key is kept next to the database, readable by its owner only.
    const keyFile = join(ws.dir, 'data', 'web-secret');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    shell.input.end();
    await shell.done;
    await expect(fetch(`${base}/kb`)).rejects.toThrow();
    expect(shell.logger.entries.filter((entry) => entry.level === 'error')).toEqual([]);
    const store = await openStore({ url: ws.dbUrl, logger: createMemoryLogger() });
    try {
      expect((await store.deflections.byId(dashboards![2]!))?.openedAt).toBeInstanceOf(Date);
      expect((await store.deflections.byId(severity![2]!))?.openedAt).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('serves nothing without CASEBOT_HTTP_PORT: kb:// links, and /dashboard says why', async () => {
    const shell = startShell({});
    shell.input.end('Dashboards are slow to load\n/as engineer kim\n/dashboard\n');
    await shell.done;
    expect(shell.text()).toContain('<kb://troubleshooting/slow-dashboards>');
    expect(shell.text()).toContain('✖ the dashboard is not served');
    expect(shell.logger.entries.some((entry) => entry.message === 'web pages listening')).toBe(
      false,
    );
    expect(existsSync(join(ws.dir, 'data', 'web-secret'))).toBe(false);
  });
});

describe('casebot dashboard-link', () => {
  function cli(args: string[], env: Record<string, string>) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [TSX, join(REPO, 'src/cli/main.ts'), ...args], {
        cwd: ws.dir,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: ws.dbUrl, ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('prints a link the running server accepts; refuses with nowhere to point it', async () => {
    const shell = startShell({ CASEBOT_HTTP_PORT: '0' });
    const listening = await until(
      () => shell.logger.entries.find((entry) => entry.message === 'web pages listening'),
      'the web server',
    );
    const base = String(listening.fields.url);
    const made = await cli(['dashboard-link', '--for', 'kim', '--org', 'acme', '--hours', '1'], {
      CASEBOT_PUBLIC_URL: base,
    });
    expect(made.code, made.stderr).toBe(0);
    const link = made.stdout.trim();
    expect(link).toMatch(/\/dashboard\?t=v1\.[^&]+&org=acme$/);
    expect(made.stderr).toMatch(/^valid until /);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('"org":"acme"');

    const nowhere = await cli(['dashboard-link'], {});
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('casebot serves no web pages with this configuration');
    const badHours = await cli(['dashboard-link', '--hours', '0'], { CASEBOT_HTTP_PORT: '8080' });
    expect(badHours.code).toBe(2);
    expect(badHours.stderr).toContain('--hours "0" must be a number of hours above 0');
    shell.input.end();
    await shell.done;
  }, 60_000);
});
