import { CASE_FORM_LIMITS } from '../../src/core/conversation/case-form-limits.js';
import { describe, expect, test } from 'vitest';
import {
  readCaseModal,
  renderCaseModal,
  renderView,
} from '../../src/adapters/discord/render/index.js';
import type { CaseAlertView, CaseFormView, View } from '../../src/core/views.js';

const due = new Date('2026-11-23T10:00:00Z');
const alert: CaseAlertView = {
  kind: 'case-alert',
  caseId: 'c1',
  caseReference: 'CASE-7',
  severity: 1,
  severityLabel: 'Urgent (1)',
  isTopSeverity: true,
  tier: 'platinum',
  tierLabel: 'Platinum',
  orgName: 'Acme @everyone',
  title: 'Cluster red',
  situation: 'All shards unassigned',
  seriousness: 'Sale tomorrow',
  product: 'Elasticsearch',
  type: 'bug',
  dueAt: due,
  targetText: 'within 1 hour',
  state: 'new',
  elapsedFraction: 0.1,
  suggestedAssignee: { personId: 'p1', displayName: 'Sam', platformUserId: '223456789012345678' },
  assignee: null,
};

describe('alert', () => {
  test('severity 1 is red with a siren headline, a live countdown and a Claim button', () => {
    const message = renderView(alert);
    expect(message.content).toContain('🚨');
    expect(message.embeds[0]!.color).toBe(0xd0021b);
    expect(JSON.stringify(message.embeds)).toContain(`<t:${due.getTime() / 1000}:R>`);
    expect(message.components[0]!.components.map((c) => ('label' in c ? c.label : ''))).toEqual([
      'Claim',
      'Waiting on customer',
      'Why this time?',
    ]);
    expect(message.allowed_mentions).toEqual({
      parse: [],
      users: [],
      roles: [],
      replied_user: false,
    });
    expect(JSON.stringify(message.embeds)).not.toContain('@everyone');
  });

  test('colour follows severity and state; claimed shows Unclaim and Resolve; resolved has no buttons', () => {
    expect(renderView({ ...alert, severity: 3, isTopSeverity: false }).embeds[0]!.color).toBe(
      0x4a90e2,
    );
    expect(renderView({ ...alert, severity: 3, isTopSeverity: false }).content).toBeUndefined();
    expect(renderView({ ...alert, state: 'breached' }).embeds[0]!.color).toBe(0x7a0010);
    const claimed = renderView({ ...alert, state: 'claimed', assignee: alert.suggestedAssignee });
    expect(claimed.components[0]!.components.map((c) => ('label' in c ? c.label : ''))).toEqual([
      'Unclaim',
      'Resolve',
      'Waiting on customer',
      'Why this time?',
    ]);
    // Waiting already: no second *Waiting on customer*.
    const paused = renderView({ ...alert, state: 'paused', assignee: alert.suggestedAssignee });
    expect(paused.components[0]!.components.map((c) => ('label' in c ? c.label : ''))).toEqual([
      'Unclaim',
      'Resolve',
      'Why this time?',
    ]);
    expect(renderView({ ...alert, state: 'resolved' }).components).toEqual([]);
  });
});

describe('case modal', () => {
  const form: CaseFormView = {
    kind: 'case-form',
    deflectionId: 'd1',
    limits: CASE_FORM_LIMITS,
    severityOptions: [
      { value: 2, label: 'High (2)', description: 'Degraded' },
      { value: 3, label: 'Normal (3)', description: 'Default' },
    ],
    productOptions: Array.from({ length: 30 }, (_, i) => `product-${i}`),
    typeOptions: ['question'],
    prefill: {
      title: 'x'.repeat(150),
      situation: 'It broke',
      severity: 3,
      seriousness: '',
      product: 'product-4',
      type: 'question',
    },
  };

  test('at most five inputs; severity limited to the tier; too many products fall back to text', () => {
    const modal = renderCaseModal(form);
    expect(modal.components).toHaveLength(5);
    const [title, , seriousness, severity, product] = modal.components as unknown as {
      component: Record<string, unknown>;
    }[];
    // A prefill longer than the core's title limit is cut to it (the limit the input enforces).
    expect(String(title!.component['value'])).toHaveLength(CASE_FORM_LIMITS.title);
    expect(title!.component['max_length']).toBe(CASE_FORM_LIMITS.title);
    expect(seriousness!.component['value']).toBeUndefined();
    expect(
      (severity!.component['options'] as { value: string; default: boolean }[]).map((o) => [
        o.value,
        o.default,
      ]),
    ).toEqual([
      ['2', false],
      ['3', true],
    ]);
    expect(product!.component).toMatchObject({ type: 4, value: 'product-4' });
  });

  test('reading it back takes the type from context', () => {
    const values: Record<string, string> = {
      title: 'T',
      situation: 'S',
      seriousness: 'I',
      product: 'product-1',
    };
    const input = readCaseModal(form, {
      text: (id) => values[id] ?? null,
      selected: (id) => (id === 'severity' ? ['2'] : null),
    });
    expect(input).toEqual({
      deflectionId: 'd1',
      title: 'T',
      situation: 'S',
      seriousness: 'I',
      severity: '2',
      product: 'product-1',
      type: 'question',
    });
  });
});

describe('other views', () => {
  test('an SLA breach pings exactly the on-call role and the assignee', () => {
    const view: View = {
      kind: 'sla-event',
      caseReference: 'CASE-7',
      caseId: 'c1',
      title: 'T',
      severityLabel: 'Urgent (1)',
      isTopSeverity: true,
      event: 'breach',
      threshold: 1,
      dueAt: due,
      mentions: [
        { kind: 'role', id: '1' },
        { kind: 'user', id: '2' },
      ],
    };
    const message = renderView(view);
    expect(message.content).toMatch(/^<@&1> <@2> 🔥/);
    expect(message.allowed_mentions).toEqual({
      parse: [],
      users: ['2'],
      roles: ['1'],
      replied_user: false,
    });
  });

  test('a relay names the speaker and cannot ping or smuggle links', () => {
    const message = renderView({
      kind: 'relay',
      caseReference: 'CASE-7',
      fromName: 'Sam*',
      fromRole: 'engineer',
      text: '@here see [this](https://x)',
    });
    expect(message.content).toContain('**Sam\\*** (support, CASE-7)');
    expect(message.content).not.toContain('@here');
    expect(message.content).toContain('\\[this\\]');
  });

  test('suggestions without a recorded deflection (the core failed to record it) offer no buttons', () => {
    const view: View = {
      kind: 'suggestions',
      deflectionId: '',
      question: 'q',
      askerUserId: '1',
      articles: [],
      noGoodMatch: true,
      canOpenCase: false,
    };
    expect(renderView(view).components).toEqual([]);
  });

  test('a notice offering Reopen carries the button for that case', () => {
    const message = renderView({
      kind: 'notice',
      tone: 'info',
      text: 'CASE-7 was resolved.',
      offer: { action: 'reopen', caseId: 'c7', caseReference: 'CASE-7' },
    });
    expect(message.components[0]!.components).toMatchObject([
      { label: 'Reopen CASE-7', custom_id: 'cb:reopen:c7' },
    ]);
  });

  test('an error notice shows its reference id', () => {
    expect(
      renderView({ kind: 'notice', tone: 'error', text: 'Failed', errorReference: 'ERR-1234ABCD' })
        .content,
    ).toContain('`ERR-1234ABCD`');
  });

  test('every view kind renders with allowed_mentions set', () => {
    const views: View[] = [
      alert,
      {
        kind: 'suggestions',
        deflectionId: 'd',
        question: 'q',
        askerUserId: '1',
        articles: [],
        noGoodMatch: true,
        canOpenCase: false,
      },
      { kind: 'case-form-errors', errors: { title: 'Too short' } },
      {
        kind: 'case-confirmation',
        caseReference: 'CASE-7',
        title: 'T',
        severityLabel: 'S1',
        targetText: 'within 1 hour',
        dueAt: due,
        dueLocalText: 'Monday 11:00 (Europe/Paris)',
      },
      { kind: 'case-list', audience: 'engineer', heading: 'Queue', cases: [] },
    ];
    for (const view of views)
      expect(renderView(view, { userId: '1' }).allowed_mentions.parse).toEqual([]);
  });
});
