// SLA_POLICY wins over the setup file's `policy:`; the orgs are checked against the policy that
// will really be used, by `casebot setup check` and at start, not at the first /open.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, runScript, type Workspace } from '../shell/shell-harness.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

const CUSTOM_POLICY = `name: team
title: Our own tiers
severities:
  - { value: 1, id: p1, label: P1, description: Down }
  - { value: 2, id: p2, label: P2, description: Degraded }
tiers:
  - { id: basic, label: Basic, severities: [1, 2], firstResponse: { 1: 1 hour 24/7, 2: 1 business day } }
`;

const SETUP = `policy: elastic
teams:
  - slug: core
    name: Core team
    products: [beacon]
orgs:
  - slug: initech
    name: Initech
    tier: gold
    timeZone: Europe/Berlin
people:
  - handle: lea
    name: Lea Vogel
    roles: [engineer]
    team: core
    timeZone: Europe/Berlin
    shell: lea
`;

describe('orgs checked against the policy in use', () => {
  let workspace: Workspace;
  let policyFile: string;
  let setupFile: string;
  beforeEach(() => {
    workspace = createWorkspace();
    policyFile = join(workspace.dir, 'custom.yml');
    setupFile = join(workspace.dir, 'casebot.yml');
    writeFileSync(policyFile, CUSTOM_POLICY);
    writeFileSync(setupFile, SETUP);
  });
  afterEach(() => workspace.cleanup());

  it('setup check uses SLA_POLICY over the file’s policy and names the org’s line', async () => {
    const checked = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'setup', 'check', '--config', setupFile],
      { cwd: ROOT, env: { ...process.env, SLA_POLICY: policyFile, CASEBOT_CONFIG: '' } },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in checked ? checked.code : 0).toBe(1);
    expect(checked.stderr).toMatch(/line 9, orgs\[0\]\.tier: unknown tier "gold" in policy team/);
    expect(checked.stderr).toMatch(/SLA_POLICY/);
  });

  it('the start refuses a setup file whose orgs SLA_POLICY does not know', async () => {
    await expect(
      runScript(workspace, [], { CASEBOT_CONFIG: setupFile, SLA_POLICY: policyFile }),
    ).rejects.toThrow(/line 9.*unknown tier "gold" in policy team/s);
  });

  it('the start refuses orgs already in the database that the policy does not know', async () => {
    // The demo world (Gold and Enterprise orgs) seeded under the default policy, then a restart
    // with a policy that has neither tier.
    await runScript(workspace, []);
    const restart = runScript(workspace, ['Checkout fails'], { SLA_POLICY: policyFile });
    await expect(restart).rejects.toThrow(
      /org acme \(tier gold\).*org globex \(tier enterprise\).*use one of basic/s,
    );
  });

  it('an empty database under a policy without the demo tiers gets no demo it cannot serve', async () => {
    await expect(runScript(workspace, [], { SLA_POLICY: policyFile })).rejects.toThrow(
      /demo.*tier gold.*use one of basic/s,
    );
  });
});
