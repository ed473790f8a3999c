// Re-records docs/shell-transcript.md and docs/sla-transcript.md from real runs of their stories
// (docs/shell-story.txt, docs/sla-story.txt; fixed clock, fresh database), after a change that
// alters what the shell prints. The README's excerpt is checked
// against the same run by test/app/docs-transcript.test.ts; update it by hand from the new file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const STORIES = [
  { story: 'docs/shell-story.txt', transcript: 'docs/shell-transcript.md' },
  { story: 'docs/sla-story.txt', transcript: 'docs/sla-transcript.md' },
];
for (const { story, transcript: target } of STORIES) {
  const cwd = mkdtempSync(join(tmpdir(), 'casebot-transcript-'));
  try {
    const run = spawnSync(process.execPath, [join(root, 'dist/main.js')], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        KB_DIR: join(root, 'kb'),
        CASEBOT_CLOCK_START: '2026-03-02T09:00:00Z',
        LOG_LEVEL: 'silent',
      },
      input: readFileSync(join(root, story), 'utf8'),
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`the shell exited with ${run.status}: ${run.stderr}`);
    const transcript = run.stdout
      .slice(run.stdout.indexOf('casebot shell'))
      .replace(/articles from \S+,/, 'articles from kb,')
      .trimEnd();
    const file = join(root, target);
    const doc = readFileSync(file, 'utf8');
    const start = doc.indexOf('```text\ncasebot shell') + '```text\n'.length;
    const end = doc.indexOf('\n```', start);
    writeFileSync(file, doc.slice(0, start) + transcript + doc.slice(end));
    console.log(`${target}: ${transcript.split('\n').length} lines recorded`);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
