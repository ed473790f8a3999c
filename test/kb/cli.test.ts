import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_KB, BROKEN_KB, REPO, tempCopy } from './helpers.js';

const TSX = path.join(REPO, 'node_modules/tsx/dist/cli.mjs');
const MAIN = path.join(REPO, 'src/cli/main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function casebot(
  args: string[],
  options: { input?: string; cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, MAIN, ...args], {
      cwd: options.cwd ?? workDir,
      env: { ...process.env, KB_DIR: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

let workDir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  // Runs happen in a scratch folder so the cache they write never lands in the repository.
  ({ dir: workDir, cleanup } = await tempCopy(null));
});
afterAll(() => cleanup());

describe('casebot kb search', () => {
  it('answers one query with --json: exactly one JSON object, nothing else', async () => {
    const run = await casebot([
      'kb',
      'search',
      '--kb',
      BASIC_KB,
      '--json',
      'how',
      'do',
      'I',
      'raise',
      'a',
      'ticket',
    ]);
    expect(run.code).toBe(0);
    const output = lines(run.stdout);
    expect(output).toHaveLength(1);
    const answer = JSON.parse(output[0]!) as {
      query: string;
      results: Array<Record<string, unknown>>;
    };
    expect(answer.query).toBe('how do I raise a ticket');
    expect(Object.keys(answer)).toEqual(['query', 'results']);
    expect(Object.keys(answer.results[0]!)).toEqual([
      'path',
      'id',
      'title',
      'score',
      'confidence',
      'section',
      'snippet',
      'url',
    ]);
    expect(answer.results[0]).toMatchObject({
      path: 'guides/open-a-case',
      id: 'guides/open-a-case',
      url: 'kb://guides/open-a-case',
    });
    expect(typeof answer.results[0]!.score).toBe('number');
  });

  it('reads one query a line from standard input, answering each in order', async () => {
    const input = 'ECONNRESET\nrecipe for chocolate cake\nsévérité\n';
    const run = await casebot(['kb', 'search', '--kb', BASIC_KB, '--json', '--limit', '2'], {
      input,
    });
    expect(run.code).toBe(0);
    const answers = lines(run.stdout).map(
      (line) => JSON.parse(line) as { query: string; results: Array<{ id: string }> },
    );
    expect(answers.map((a) => a.query)).toEqual([
      'ECONNRESET',
      'recipe for chocolate cake',
      'sévérité',
    ]);
    expect(answers[0]!.results[0]!.id).toBe('errors/econnreset');
    expect(answers[0]!.results.length).toBeLessThanOrEqual(2);
    expect(answers[1]!.results).toEqual([]);
    expect(answers[2]!.results[0]!.id).toBe('fr/niveaux-de-severite');
  });

  it('prints readable results without --json, and takes the KB from KB_DIR', async () => {
    const run = await casebot(['kb', 'search', 'idle', 'timeout'], { env: { KB_DIR: BASIC_KB } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1. Connections fail with ECONNRESET');
    expect(run.stdout).toContain('kb://errors/econnreset#fix-the-idle-timeout');
  });

  it('explains each hit with --explain: matched terms by field, as text and in the JSON', async () => {
    const text = await casebot(['kb', 'search', '--kb', BASIC_KB, '--explain', 'idle', 'timeout']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/why: \d+% of the question matched/);
    expect(text.stdout).toMatch(/idle: \+[\d.]+ {2}\[.*text [\d.]+/);
    const json = await casebot([
      'kb',
      'search',
      '--kb',
      BASIC_KB,
      '--explain',
      '--json',
      'idle timeout',
    ]);
    const answer = JSON.parse(lines(json.stdout)[0]!) as {
      results: Array<{
        explain?: { terms: Array<{ term: string; fields: Record<string, number> }> };
      }>;
    };
    const terms = answer.results[0]?.explain?.terms ?? [];
    expect(terms.map((t) => t.term)).toEqual(expect.arrayContaining(['idle', 'timeout']));
    const plain = await casebot(['kb', 'search', '--kb', BASIC_KB, '--json', 'idle timeout']);
    expect(lines(plain.stdout)[0]).not.toContain('"explain"');
  });

  it('hides internal articles unless --staff', async () => {
    const customer = await casebot([
      'kb',
      'search',
      '--kb',
      BASIC_KB,
      '--json',
      'escalation runbook',
    ]);
    expect(customer.stdout).not.toContain('internal/escalation-runbook');
    const staff = await casebot([
      'kb',
      'search',
      '--kb',
      BASIC_KB,
      '--json',
      '--staff',
      'escalation runbook',
    ]);
    expect(staff.stdout).toContain('internal/escalation-runbook');
  });

  it('persists the index in .casebot-cache of the working directory', async () => {
    await casebot(['kb', 'search', '--kb', BASIC_KB, 'severity']);
    expect(await readdir(path.join(workDir, '.casebot-cache'))).toHaveLength(1);
    const stats = await casebot(['kb', 'stats', '--kb', BASIC_KB]);
    expect(stats.stdout).toContain('(loaded from cache)');
  });

  it('explains a missing KB folder with exit code 2', async () => {
    const run = await casebot(['kb', 'search', '--kb', 'no-such-folder', 'hello']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no knowledge-base folder at no-such-folder');
  });

  it('rejects unknown options with exit code 2', async () => {
    const run = await casebot(['kb', 'search', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --frobnicate');
  });
});

describe('casebot kb check and stats', () => {
  it('lists every problem with file and line and exits non-zero', async () => {
    const run = await casebot(['kb', 'check', '--kb', BROKEN_KB, '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/broken-yaml\.md:4: yaml: /);
    expect(run.stdout).toMatch(/no-title\.md:1: missing-title: /);
    expect(run.stdout).toMatch(/dup-b\.md:3: duplicate-id: /);
    expect(run.stdout).toMatch(/bad-audience\.md:3: invalid-field: /);
    expect(run.stdout).toMatch(/not-utf8\.md:1: unreadable: /);
    expect(run.stdout).toMatch(/good-one\.md:9: dangling-link: .*nowhere\/missing\.md/);
    expect(run.stdout).toContain('8 problem(s) in 7 file(s); 4 article(s) indexed');
  });

  it('exits 0 on a clean KB', async () => {
    const run = await casebot(['kb', 'check', '--kb', BASIC_KB]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('kb ok: 11 article(s), no problems');
  });

  it('describes the KB', async () => {
    const run = await casebot(['kb', 'stats', '--kb', BASIC_KB, '--no-cache']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/articles: +11/);
    expect(run.stdout).toMatch(/languages: +en 9, fr 2/);
    expect(run.stdout).toMatch(/index size: +[\d.]+ KiB/);
    expect(run.stdout).toMatch(/build time: +\d+ ms/);
  });
});
