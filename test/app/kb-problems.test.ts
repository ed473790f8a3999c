// Knowledge-base problems reach staff: the start says so (not just "4 articles"), and a broken
// edit of a live article is posted in the team channel with its file and line while customers
// keep getting the article's last good version.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { buildApp, stopApp } from '../../src/app/create-app.js';
import { createShellPort } from '../../src/app/shell-wiring.js';
import type { FolderKnowledgeBase } from '../../src/core/kb/knowledge-base.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import {
  createWorkspace,
  MONDAY_9_UTC,
  runScript,
  type Workspace,
} from '../shell/shell-harness.js';

const BROKEN = '---\ntitle: Severity levels\naudience: everyone\n---\n\n# Severity levels\n';

describe('knowledge-base problems in the running bot', () => {
  let workspace: Workspace;
  beforeEach(() => {
    workspace = createWorkspace();
  });
  afterEach(() => workspace.cleanup());

  it('are listed at start with file and line', async () => {
    writeFileSync(join(workspace.kbDir, 'support/broken.md'), BROKEN);
    const { text } = await runScript(workspace, []);
    expect(text).toMatch(/casebot shell — 4 articles from /);
    expect(text).toContain('⚠ the knowledge base has 1 problem');
    expect(text).toMatch(/support\/broken\.md:3: invalid-field: [^\n]*audience/);
  });

  it('posts a broken edit to the team channel and keeps answering with the last good version', async () => {
    const config = loadConfig({
      KB_DIR: workspace.kbDir,
      DATABASE_URL: workspace.dbUrl,
      CASEBOT_ADAPTER: 'shell',
      CASEBOT_CLOCK_START: MONDAY_9_UTC,
      KB_WATCH: 'off',
    });
    const logger = createMemoryLogger();
    const ports: { shell?: ChatPort } = {};
    const parts = await buildApp({ config, logger, ports, mode: 'shell' });
    const printed: string[] = [];
    ports.shell = createShellPort((text) => printed.push(text), parts.clock);
    try {
      const question = 'how do I choose a severity';
      const before = parts.kb.search(question).results.map((hit) => hit.id);
      expect(before).toContain('support/severity-levels');

      writeFileSync(join(workspace.kbDir, 'support/severity-levels.md'), BROKEN);
      // What the watcher calls after a change on disk.
      await (parts.kb as FolderKnowledgeBase).refresh(['support/severity-levels.md']);

      expect(parts.kb.search(question).results.map((hit) => hit.id)).toEqual(before);
      const notice = printed.join('\n');
      expect(notice).toMatch(
        /^\[#team-platform\] \S+ Knowledge base: a change on disk broke a file/,
      );
      expect(notice).toMatch(
        /support\/severity-levels\.md:3: invalid-field: [^\n]*customers still get its last good version/,
      );
      expect(logger.entries).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          fields: expect.objectContaining({ file: 'support/severity-levels.md', line: 3 }),
        }),
      );
    } finally {
      await stopApp(parts);
    }
  });
});
