// The shell transcript in docs/ and the README's excerpt of it claim to be copied from a real run:
// replay docs/shell-story.txt through `npm start`'s entry point and hold them to it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Thread and message ids are random per run (q2b1b-2, me80e-3); the KB folder is where it is. */
const normalise = (text: string): string =>
  text
    .replace(/\b([qmcp])[0-9a-f]{4}-(\d+)\b/g, '$1····-$2')
    .replace(/articles from \S+,/, 'articles from kb,')
    .trimEnd();

const textBlock = (markdown: string, startsWith: string): string => {
  const start = markdown.indexOf(`\`\`\`text\n${startsWith}`);
  expect(start, `a text block starting with "${startsWith}"`).toBeGreaterThanOrEqual(0);
  const body = markdown.slice(start + '```text\n'.length);
  return body.slice(0, body.indexOf('\n```'));
};

describe('the documented shell session', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'casebot-docs-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  let status: number | null = null;
  let actual = '';
  beforeAll(() => {
    const run = spawnSync(TSX, [join(ROOT, 'src/main.ts')], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        KB_DIR: join(ROOT, 'kb'),
        CASEBOT_CLOCK_START: '2026-03-02T09:00:00Z',
        LOG_LEVEL: 'silent',
      },
      input: readFileSync(join(ROOT, 'docs/shell-story.txt'), 'utf8'),
      encoding: 'utf8',
      timeout: 90_000,
    });
    status = run.status;
    actual = normalise(run.stdout.slice(run.stdout.indexOf('casebot shell')));
  }, 120_000);

  it('is what docs/shell-story.txt prints today (docs/shell-transcript.md)', () => {
    expect(status).toBe(0);
    const documented = textBlock(
      readFileSync(join(ROOT, 'docs/shell-transcript.md'), 'utf8'),
      'casebot shell',
    );
    // After a change to what the shell prints: `npm run docs:transcript` re-records it.
    expect(actual).toBe(normalise(documented));
  });

  it('has every line of the README excerpt in it, in order', () => {
    const excerpt = textBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'alice@acme> ');
    const lines = actual.split('\n');
    let from = 0;
    for (const line of normalise(excerpt).split('\n')) {
      if (line === '…') continue;
      const at = lines.indexOf(line, from);
      expect(at, `README line not in the run (after line ${from}): ${line}`).toBeGreaterThanOrEqual(
        0,
      );
      from = at + 1;
    }
  });
});
