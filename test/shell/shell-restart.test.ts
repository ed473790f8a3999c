// Due work lives in the database: a restart neither loses nor repeats a warning, and after
// downtime each case gets one message (its highest threshold crossed), not a burst.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, createWorkspace, runScript, type Workspace } from './shell-harness.js';

const at = (minutes: number) =>
  new Date(Date.parse('2026-03-02T09:00:00Z') + minutes * 60_000).toISOString();

describe('the SLA loop across restarts', () => {
  let workspace: Workspace;
  beforeEach(() => {
    workspace = createWorkspace();
  });
  afterEach(() => workspace.cleanup());

  it('does not repeat a warning after a restart, and still sends the next one', async () => {
    const first = await runScript(workspace, [
      '/as customer bob@globex',
      'Our dashboards are slow',
      '/open severity=2 seriousness="Board meeting at noon" title="Slow dashboards"',
      '/clock +2h5m',
    ]);
    expect(count(first.text, /SLA WARNING: CASE-1001[^\n]*50%/)).toBe(1);
    // Same instant after the restart: nothing new is due.
    const second = await runScript(workspace, ['/as engineer sam', '/queue'], {
      CASEBOT_CLOCK_START: at(125),
    });
    expect(second.text).not.toMatch(/SLA WARNING|SLA BREACHED/);
    // Later: the 75 % warning comes, once.
    const third = await runScript(workspace, ['/clock +1h'], { CASEBOT_CLOCK_START: at(125) });
    expect(count(third.text, /\] ⚠ SLA WARNING: CASE-1001[^\n]*75%/)).toBe(1);
    expect(third.text).not.toMatch(/50%/);
  });

  it('catches up after downtime with one message per case, not one per missed threshold', async () => {
    await runScript(workspace, [
      'Checkout fails with ECONNRESET',
      '/open severity=1 seriousness="Checkout down"',
      '/as customer bob@globex',
      'Our dashboards are slow',
      '/open severity=2 seriousness="Board meeting" title="Slow dashboards"',
    ]);
    // 3 h 30 later: 87.5 % of both 4-hour targets (Acme's counts business hours: 10:00–13:30 Paris).
    const after = await runScript(workspace, [], { CASEBOT_CLOCK_START: at(210) });
    const team = after.text
      .split('\n')
      .filter((line) => /^\[#team-platform › \S+\] ⚠ SLA WARNING/.test(line));
    expect(team).toHaveLength(2);
    expect(team.filter((line) => line.includes('CASE-1001'))).toEqual([
      expect.stringContaining('75%'),
    ]);
    expect(team.filter((line) => line.includes('CASE-1002'))).toEqual([
      expect.stringContaining('75%'),
    ]);
    expect(after.text).not.toMatch(/50%/);
  });
});
