// Discord says each SLA state as such (issue 12 item 1): a target met late reads "met late" on the
// alert (with its due and met instants) and in case lists, never "met" alone or "breached".
import { describe, expect, test } from 'vitest';
import { renderView } from '../../src/adapters/discord/render/index.js';
import type { CaseAlertView, CaseListView, MilestoneSummary } from '../../src/core/views.js';

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
const unix = (date: Date) => date.getTime() / 1000;

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
  assignee: { personId: 'p1', displayName: 'Kim Tanaka', platformUserId: '223456789012345678' },
};

describe('SLA states on Discord', () => {
  test('an alert whose first response was met late says so, with both instants', () => {
    const [embed] = renderView(alert).embeds;
    expect(embed?.description).toBe('⌛ Response target met late');
    expect(embed?.fields?.find((field) => field.name === 'Response due')?.value).toBe(
      `first response met late · was due <t:${unix(dueAt)}:f>, met <t:${unix(metAt)}:f>`,
    );
    expect(JSON.stringify(embed)).not.toMatch(/missed|breached/i);
  });

  test('a case list line with nothing owed says the last target’s state', () => {
    const list: CaseListView = {
      kind: 'case-list',
      audience: 'customer',
      heading: 'Open cases for Acme Corp',
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
    expect(renderView(list).embeds[0]?.description).toContain(
      '**CASE-1001** · Urgent (1) · claimed · Kim Tanaka · first response met late',
    );
  });
});
