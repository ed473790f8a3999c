// One view of every kind, and the views that carry user-written text, filled with hostile text.
// The contract posts these through each adapter and checks what the platform received.
import { CASE_FORM_LIMITS } from '../../src/core/conversation/case-form-limits.js';
import type {
  CaseAlertView,
  RelayView,
  SlaEventView,
  SuggestionsView,
  View,
} from '../../src/core/views.js';

const DUE = new Date('2026-11-23T12:00:00Z');

export function alertView(overrides: Partial<CaseAlertView> = {}): CaseAlertView {
  return {
    kind: 'case-alert',
    caseId: 'case-1',
    caseReference: 'CASE-1001',
    severity: 2,
    severityLabel: 'S2 High',
    isTopSeverity: false,
    tier: 'gold',
    tierLabel: 'Gold',
    orgName: 'Acme',
    title: 'Checkout returns 500',
    situation: 'Every checkout answers 500 since 09:00',
    seriousness: 'Customers cannot pay',
    product: 'payments',
    type: 'bug',
    dueAt: DUE,
    targetText: 'within 4 business hours',
    state: 'new',
    elapsedFraction: 0.1,
    suggestedAssignee: null,
    assignee: null,
    ...overrides,
  };
}

export function relayView(text: string, fromName = 'Cara Customer'): RelayView {
  return { kind: 'relay', caseReference: 'CASE-1001', fromName, fromRole: 'customer', text };
}

export function suggestionsView(question: string): SuggestionsView {
  return {
    kind: 'suggestions',
    deflectionId: 'defl-1',
    question,
    askerUserId: 'asker',
    articles: [
      {
        id: 'a1',
        title: 'Reset a password',
        snippet: 'Open the settings and choose Reset.',
        url: 'https://docs.example.com/reset',
        section: null,
        score: 0.9,
      },
    ],
    noGoodMatch: false,
    canOpenCase: true,
  };
}

export function slaEventView(
  mentions: SlaEventView['mentions'],
  title = 'Checkout returns 500',
): SlaEventView {
  return {
    kind: 'sla-event',
    caseReference: 'CASE-1001',
    caseId: 'case-1',
    title,
    severityLabel: 'S1 Critical',
    isTopSeverity: true,
    event: 'breach',
    threshold: 1,
    dueAt: DUE,
    mentions,
  };
}

/** Every View kind once; `marker` is written into each so a record can be matched to its view. */
export function everyKind(marker: string): View[] {
  return [
    suggestionsView(`How do I reset ${marker}?`),
    {
      kind: 'case-form',
      deflectionId: 'defl-1',
      limits: CASE_FORM_LIMITS,
      severityOptions: [{ value: 2, label: 'S2 High', description: 'Degraded' }],
      productOptions: ['payments'],
      typeOptions: ['bug'],
      prefill: {
        title: marker,
        situation: marker,
        severity: 2,
        seriousness: '',
        product: 'payments',
        type: 'bug',
      },
    },
    { kind: 'case-form-errors', errors: { title: `Title is required (${marker})` } },
    {
      kind: 'case-confirmation',
      caseReference: 'CASE-1001',
      title: marker,
      severityLabel: 'S2 High',
      targetText: 'within 4 business hours',
      dueAt: DUE,
      dueLocalText: 'Monday 13:00 (Europe/Paris)',
    },
    alertView({ title: marker }),
    relayView(marker),
    { kind: 'notice', tone: 'info', text: marker },
    slaEventView([], marker),
    {
      kind: 'case-list',
      audience: 'engineer',
      heading: 'Your queue',
      cases: [
        {
          caseId: 'case-1',
          caseReference: 'CASE-1001',
          title: marker,
          severityLabel: 'S2 High',
          status: 'open',
          orgName: 'Acme',
          assigneeName: null,
          dueAt: DUE,
          msLeft: 3_600_000,
        },
      ],
    },
  ];
}

/**
 * Everything a user could type to ping or inject: broadcasts, raw mention syntax of both
 * platforms, a masked link in Markdown and in Slack syntax, and markup.
 */
export const HOSTILE =
  'HOSTILE @everyone @here <!channel> <!here> <@U123> <@123456789012345678> <@&223456789012345678> ' +
  '[link](http://evil.example) <http://evil.example|click here> *bold* `code` # heading';

/**
 * The views whose user-written fields may carry HOSTILE, named by the field; `mustShow` when every
 * platform shows that field (a Slack answer need not repeat the question, for one).
 */
export function hostileViews(): { field: string; view: View; mustShow: boolean }[] {
  return [
    { field: 'alert title', view: alertView({ title: HOSTILE }), mustShow: true },
    { field: 'alert seriousness', view: alertView({ seriousness: HOSTILE }), mustShow: true },
    { field: 'relay text', view: relayView(HOSTILE), mustShow: true },
    { field: 'relay speaker name', view: relayView('hello', HOSTILE), mustShow: true },
    { field: 'suggestions question', view: suggestionsView(HOSTILE), mustShow: false },
    { field: 'SLA event title', view: slaEventView([], HOSTILE), mustShow: true },
    {
      field: 'confirmation title',
      view: { ...everyKind('x')[3]!, title: HOSTILE } as View,
      mustShow: true,
    },
  ];
}
