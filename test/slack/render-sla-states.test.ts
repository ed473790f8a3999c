// Slack says each SLA state as such (issue 12 item 1): a target met late reads "met late" on the
// alert (with its due and met instants) and in case lists, never "met" alone or "breached".
import { describe, expect, it } from 'vitest';
import { renderView } from '../../src/adapters/slack/render-view.js';
import type { CaseAlertView, CaseListView, MilestoneSummary } from '../../src/core/views.js';
import { visibleText } from './slack-calls.js';

const dueAt = new Date('2026-03-02T13:00:00Z');
const metAt = new Date('2026-03-02T13:30:00Z');
const metLate: MilestoneSummary = {
  kind: 'first-response',
  name: 'first response',
  state: 'met-late',
  text: 'first response met late',
  dueAt,
  metAt,
};

const alert: CaseAlertView = {
  kind: 'case-alert',
  caseId: 'c1',
  caseReference: 'CASE-1001',
  severity: 1,
  severityLabel: 'Urgent (1)',
  isTopSeverity: true,
  tier: 'gold',
  tierLabel: 'Gold',
  orgName: 'Acme Corp',
  title: 'Checkout down',
  situation: null,
  seriousness: 'No sales',
  product: 'beacon',
  type: 'bug',
  dueAt: null,
  msLeft: null,
  targetText: 'first response met late',
  state: 'met-late',
  milestone: metLate,
  elapsedFraction: null,
  suggestedAssignee: null,
  assignee: { personId: 'p1', displayName: 'Kim Tanaka', platformUserId: 'UKIM' },
};

describe('SLA states on Slack', () => {
  it('an alert whose first response was met late says so, with both instants', () => {
    const text = visibleText(renderView(alert));
    expect(text).toContain(':hourglass: Response target met late · owner *Kim Tanaka*');
    expect(text).toContain('Target: first response met late (due <!date^');
    expect(text).toContain('|2026-03-02 13:00 UTC>, met <!date^');
    expect(text).toContain('|2026-03-02 13:30 UTC>)');
    expect(text).not.toMatch(/breached/i);
  });

  it('a resolved alert keeps saying the first response was met late', () => {
    const text = visibleText(renderView({ ...alert, state: 'resolved', assignee: null }));
    expect(text).toContain(':white_check_mark: Resolved');
    expect(text).toContain('Target: first response met late (due');
  });

  it('a case list line with nothing owed says the last target’s state', () => {
    const list: CaseListView = {
      kind: 'case-list',
      audience: 'engineer',
      heading: 'Queue of Platform',
      cases: [
        {
          caseId: 'c1',
          caseReference: 'CASE-1001',
          title: 'Checkout down',
          severityLabel: 'Urgent (1)',
          status: 'claimed',
          orgName: 'Acme Corp',
          assigneeName: 'Kim Tanaka',
          dueAt: null,
          msLeft: null,
          milestone: metLate,
        },
      ],
    };
    expect(visibleText(renderView(list))).toContain(
      'Acme Corp · claimed · assigned to Kim Tanaka · first response met late',
    );
  });
});
