// Follow-through on Slack and Discord (issue 12 item 3): the cadence reminder and the overrun
// escalation read as such, ping exactly whom the core named, and an alert shows when the next
// update to the customer is due beside its target.
import { describe, expect, it } from 'vitest';
import { renderView as renderSlack } from '../../src/adapters/slack/render-view.js';
import { renderView as renderDiscord } from '../../src/adapters/discord/render/index.js';
import type { CaseAlertView, MilestoneSummary, SlaEventView } from '../../src/core/views.js';
import { visibleText } from './slack-calls.js';

const dueAt = new Date('2026-03-02T14:01:00Z');
const event = (kind: SlaEventView['event']): SlaEventView => ({
  kind: 'sla-event',
  caseReference: 'CASE-1001',
  caseId: 'c1',
  title: 'Ingest stalled <!channel>',
  severityLabel: 'Urgent (1)',
  isTopSeverity: true,
  event: kind,
  threshold: kind === 'overrun' ? 2 : 1,
  dueAt,
  msLeft: -5 * 60_000,
  mentions: [{ kind: 'user', id: 'ULEE' }],
});

const nextUpdate: MilestoneSummary = {
  kind: 'customer-update',
  name: 'next update',
  state: 'running',
  text: 'next update running',
  dueAt,
  metAt: null,
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
  targetText: 'first response met',
  state: 'claimed',
  milestone: {
    ...nextUpdate,
    kind: 'first-response',
    name: 'first response',
    state: 'met',
    text: 'first response met',
    metAt: dueAt,
  },
  nextUpdate,
  elapsedFraction: null,
  suggestedAssignee: null,
  assignee: { personId: 'p1', displayName: 'Kim Tanaka', platformUserId: 'UKIM' },
};

describe('follow-through on Slack', () => {
  it('says an update is due and an escalation as such, pinging only the named person', () => {
    const due = visibleText(renderSlack(event('update-due')));
    expect(due).toContain('*Update to the customer due*');
    expect(due).toContain('<@ULEE>');
    expect(due).not.toContain('<!channel>');
    expect(visibleText(renderSlack(event('overrun')))).toContain(
      '*Escalated: still unanswered past its target*',
    );
  });

  it('shows the next update beside the target on the alert', () => {
    expect(visibleText(renderSlack(alert))).toMatch(/Next update to the customer due <!date\^/);
  });
});

describe('follow-through on Discord', () => {
  it('says an update is due and an escalation, with only the named person allowed to be pinged', () => {
    const due = renderDiscord(event('update-due'));
    expect(due.content).toContain('CASE-1001: an update to the customer is due');
    expect(due.allowed_mentions).toMatchObject({ parse: [], users: ['ULEE'] });
    expect(renderDiscord(event('overrun')).content).toContain(
      'still unanswered past its target: escalated',
    );
  });

  it('shows the next update beside the target on the alert', () => {
    const text = JSON.stringify(renderDiscord(alert).embeds);
    expect(text).toContain('next update to the customer <t:');
  });
});
