// The demo (its guide, its alice@acme persona, its movable clock) belongs to the demo database.
// With the operator's own setup file the shell shows their people, and /clock is refused: cases
// written at a moved time would show wrong countdowns after a restart ("59m left" once breached).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, runScript, turn, type Workspace } from './shell-harness.js';

const SETUP = `teams:
  - slug: core
    name: Core team
    products: [beacon]
orgs:
  - slug: initech
    name: Initech
    tier: platinum
    timeZone: Europe/Berlin
people:
  - handle: peter
    name: Peter Gibbons
    roles: [customer]
    org: initech
    shell: peter
  - handle: lea
    name: Lea Vogel
    roles: [engineer]
    team: core
    timeZone: Europe/Berlin
    shell: lea
`;

describe('the demo belongs to the demo database', () => {
  let workspace: Workspace;
  let setupFile: string;
  beforeEach(() => {
    workspace = createWorkspace();
    setupFile = join(workspace.dir, 'casebot.yml');
    writeFileSync(setupFile, SETUP);
  });
  afterEach(() => workspace.cleanup());

  it('with a setup file, shows its people instead of the demo guide and alice@acme', async () => {
    const { text, turns } = await runScript(workspace, ['/whoami'], {
      CASEBOT_CONFIG: setupFile,
    });
    expect(text).not.toContain('Demo world');
    expect(text).not.toContain('alice@acme');
    expect(text).toMatch(/\/as customer peter/);
    expect(text).toMatch(/\/as engineer lea/);
    expect(turn(turns, '/whoami').who).toBe('peter');
  });

  it('with a setup file, refuses /clock and keeps real time in the database', async () => {
    const { turns } = await runScript(
      workspace,
      [
        'Checkout fails with ECONNRESET',
        '/open severity=1 seriousness="All orders blocked"',
        '/clock +2h',
        '/clock',
      ],
      { CASEBOT_CONFIG: setupFile },
    );
    expect(turn(turns, '/clock +2h').output).toMatch(/✖ [^\n]*demo/);
    expect(turn(turns, '/clock').output).toContain('clock: 2026-03-02 09:00 UTC');
    expect(turn(turns, '/clock +2h').output).not.toMatch(/SLA (WARNING|BREACHED)/);
  });

  it('on the demo database, /clock still moves time', async () => {
    const { turns } = await runScript(workspace, ['/clock +2h']);
    expect(turn(turns, '/clock +2h').output).toContain('clock: 2026-03-02 11:00 UTC');
  });
});
