// The setup file in the running app: validated at start, synced (no demo seed then), and its
// people playable in the shell by handle.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, runScript, turn, type Workspace } from '../shell/shell-harness.js';

const SETUP = `policy: elastic
teams:
  - slug: core
    name: Core team
    products: [beacon]
    channels: { slack: C0CORE }
    onCall: { slack: S0CORE }
orgs:
  - slug: initech
    name: Initech
    tier: platinum
    deployment: cloud
    timeZone: Europe/Berlin
    country: DE
people:
  - handle: lea
    name: Lea Vogel
    roles: [engineer]
    team: core
    timeZone: Europe/Berlin
    slack: U0LEA
  - handle: peter
    name: Peter Gibbons
    roles: [customer]
    org: initech
    slack: U0PETER
`;

describe('the setup file', () => {
  let workspace: Workspace;
  beforeEach(() => {
    workspace = createWorkspace();
  });
  afterEach(() => workspace.cleanup());

  it('is synced at start instead of the demo, and its people can be played in the shell', async () => {
    const file = join(workspace.dir, 'casebot.yml');
    writeFileSync(file, SETUP);
    const { text, turns } = await runScript(
      workspace,
      [
        '/as customer peter',
        'Checkout fails with ECONNRESET',
        '/open severity=1 seriousness="All orders blocked"',
        '/as engineer lea',
        '/claim CASE-1001',
      ],
      { CASEBOT_CONFIG: file },
    );
    expect(text).not.toContain('(demo seeded)');
    expect(turn(turns, '/as customer peter').output).toContain('you are now Peter Gibbons');
    const opened = turn(turns, '/open severity=1 seriousness="All orders blocked"').output;
    // Platinum, severity 1: 1 hour, 24/7; the team has no shell channel, so the shell uses team-<slug>.
    expect(opened).toMatch(
      /\[#team-core\] 🚨 SEVERITY 1 🚨 \[NEW\] CASE-1001 · Urgent \(1\) · Platinum · Initech/,
    );
    expect(opened).toContain(
      'We will respond within 1 hour, 24/7 — by Monday 11:00 (Europe/Berlin).',
    );
    expect(turn(turns, '/claim CASE-1001', 'lea').output).toContain('✔ You own CASE-1001 now.');
  });

  it('stops the start with the file, the line and the fix when it is invalid', async () => {
    const file = join(workspace.dir, 'casebot.yml');
    writeFileSync(file, SETUP.replace('tier: platinum', 'tier: diamond'));
    await expect(runScript(workspace, [], { CASEBOT_CONFIG: file })).rejects.toThrow(
      /casebot\.yml, line 11.*diamond/s,
    );
  });

  it('is an error when CASEBOT_CONFIG names a file that does not exist', async () => {
    await expect(
      runScript(workspace, [], { CASEBOT_CONFIG: join(workspace.dir, 'nope.yml') }),
    ).rejects.toThrow(/file not found/);
  });
});
