// The knowledge loop in the terminal shell (real app, real SQLite, real KB): `/solved 2` teaches
// the second suggestion, `/solved 9` is refused, and `/draft` writes a draft for the owner of a
// resolved case only.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { createWorkspace, runScript, turn, type Workspace } from './shell-harness.js';

let workspace: Workspace;
beforeEach(() => {
  workspace = createWorkspace();
});
afterEach(() => {
  workspace.cleanup();
});

describe('the knowledge loop in the shell', () => {
  it('/solved N teaches that suggestion; a number not shown is refused', async () => {
    const { turns } = await runScript(workspace, [
      '/as customer alice@acme',
      'checkout ECONNRESET and the dashboards are slow since the upgrade',
      '/solved 9',
      '/solved 2',
    ]);
    expect(turn(turns, '/solved 9').output).toContain('There is no suggestion 9');
    expect(turn(turns, '/solved 2').output).toContain('Marked as solved');
    const store = await openStore({ url: workspace.dbUrl, logger: createMemoryLogger() });
    try {
      const learned = await store.learned.list();
      expect(learned).toHaveLength(1);
      expect(learned[0]).toMatchObject({
        source: 'solved',
        question: 'checkout ECONNRESET and the dashboards are slow since the upgrade',
      });
      const shown = turn(turns, 'checkout ECONNRESET and the dashboards are slow since the upgrade')
        .output.split('\n')
        .filter((line) => /^\s+2\. /.test(line))[0];
      expect(shown).toContain(learned[0]?.articleId);
    } finally {
      await store.close();
    }
  });

  it('/draft: the owner of a resolved case only', async () => {
    const drafts = join(workspace.dir, 'drafts');
    const { turns } = await runScript(
      workspace,
      [
        '/as customer alice@acme',
        '/open title="Panels freeze on the overview board" situation="Every panel spins forever" severity=3 seriousness="Annoying" product=beacon type=question',
        '/as engineer sam',
        '/claim CASE-1001',
        '/draft CASE-1001',
        '/resolve CASE-1001',
        '/as engineer kim',
        '/draft CASE-1001',
        '/as engineer sam',
        '/draft CASE-1001',
      ],
      { KB_DRAFTS_DIR: drafts },
    );
    expect(turn(turns, '/draft CASE-1001', 'sam').output).toContain('once it is resolved');
    expect(turn(turns, '/draft CASE-1001', 'kim').output).toContain('Only the engineer who owns');
    const written = turns.filter((t) => t.command === '/draft CASE-1001' && t.who === 'sam').at(-1);
    expect(written?.output).toContain('Draft article written');
    expect(existsSync(drafts) && readdirSync(drafts)).toEqual([
      'panels-freeze-on-the-overview-board.md',
    ]);
  });
});

describe('/learned in the shell (staff)', () => {
  it('lists what was learned, removes by number, refuses customers and unknown numbers', async () => {
    const { turns } = await runScript(workspace, [
      '/as customer alice@acme',
      'checkout ECONNRESET and the dashboards are slow since the upgrade',
      '/solved',
      '/learned',
      '/as engineer sam',
      '/learned',
      '/learned remove 42',
      '/learned remove 1',
      '/learned troubleshooting/econnreset',
    ]);
    expect(turn(turns, '/learned', 'alice@acme').output).toContain('for support staff');
    expect(turn(turns, '/learned', 'sam').output).toMatch(
      /#1 \S+ ×1 \(solved\): "checkout ECONNRESET and the dashboards are slow since the upgrade"/,
    );
    expect(turn(turns, '/learned remove 42').output).toContain('There is no learned phrasing #42');
    expect(turn(turns, '/learned remove 1').output).toContain('Removed #1');
    expect(turn(turns, '/learned troubleshooting/econnreset').output).toContain(
      'Nothing learned for troubleshooting/econnreset',
    );
  });
});
