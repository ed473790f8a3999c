// The terminal alert shows engineers the situation the customer typed (symptoms, errors, what they
// tried), not only the title and the business impact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/adapters/shell/render-text.js';
import type { CaseAlertView } from '../../src/core/views.js';
import { createWorkspace, runScript, turn, type Turn, type Workspace } from './shell-harness.js';

const SITUATION = 'No data from 40 hosts since 09:00; agent logs say E_TLS_HANDSHAKE';
const OPEN = `/open title="Ingest stalled" situation="${SITUATION}" severity=2 seriousness="Dashboards are blind" product=beacon type=bug`;

describe('the shell’s team alert', () => {
  let workspace: Workspace;
  let turns: Turn[];

  beforeAll(async () => {
    workspace = createWorkspace();
    turns = (await runScript(workspace, [OPEN])).turns;
  });
  afterAll(() => workspace.cleanup());

  it('shows the situation the customer typed, between the title and the impact', () => {
    const output = turn(turns, OPEN, 'alice@acme').output;
    const alert = output.slice(output.indexOf('[#team-platform]'));
    // The shell indents a post's lines under its place.
    expect(alert).toMatch(
      /\n {4}Ingest stalled\n {4}situation: No data from 40 hosts since 09:00; agent logs say E_TLS_HANDSHAKE\n {4}impact: Dashboards are blind\n/,
    );
  });
});

const view: CaseAlertView = {
  kind: 'case-alert',
  caseId: 'c1',
  caseReference: 'CASE-1001',
  severity: 2,
  severityLabel: 'High (2)',
  isTopSeverity: false,
  tier: 'gold',
  tierLabel: 'Gold',
  orgName: 'Acme Corp',
  title: 'Ingest stalled',
  situation: null,
  seriousness: 'Dashboards are blind',
  product: 'beacon',
  type: 'bug',
  dueAt: null,
  targetText: 'within 8 business hours',
  state: 'new',
  elapsedFraction: null,
  suggestedAssignee: null,
  assignee: null,
};
const now = new Date('2026-03-02T09:00:00Z');

describe('the situation in a terminal alert', () => {
  it('is left out when it says no more than the title', () => {
    expect(renderText(view, { now })).not.toContain('situation:');
  });

  it('keeps a pasted log readable: lines indented, a long one cut after 12 lines', () => {
    const log = [
      'Ingest stops after the upgrade:',
      ...Array.from({ length: 20 }, (_, i) => `at frame ${i}`),
    ];
    const text = renderText({ ...view, situation: log.join('\n') }, { now });
    expect(text).toContain('  situation: Ingest stops after the upgrade:\n    at frame 0\n');
    expect(text).toContain('    at frame 10\n    … (9 more lines)\n  impact: Dashboards are blind');
    expect(text).not.toContain('at frame 11');
  });
});
