// Block Kit rendering of every View kind: pure functions, no network.
import { CASE_FORM_LIMITS } from '../../src/core/conversation/case-form-limits.js';
import { describe, expect, it } from 'vitest';
import type { CaseAlertView, CaseListView, SlaEventView } from '../../src/core/views.js';
import { escapeText, link, mention } from '../../src/adapters/slack/escape.js';
import { ACTION_IDS, CALLBACK_IDS } from '../../src/adapters/slack/ids.js';
import {
  renderCaseFormModal,
  parseCaseFormSubmission,
  parseFormOrigin,
  renderFormErrors,
} from '../../src/adapters/slack/render-case-form.js';
import { renderHomeView } from '../../src/adapters/slack/render-home.js';
import { decodeSuggestionValue } from '../../src/adapters/slack/render-messages.js';
import { renderView } from '../../src/adapters/slack/render-view.js';
import { buttons, visibleText } from './slack-calls.js';

const due = new Date('2026-11-23T10:30:00Z');
const unix = Math.floor(due.getTime() / 1000);

function alert(patch: Partial<CaseAlertView> = {}): CaseAlertView {
  return {
    kind: 'case-alert',
    caseId: 'c1',
    caseReference: 'CASE-1042',
    severity: 1,
    severityLabel: 'Urgent (1)',
    isTopSeverity: true,
    tier: 'platinum',
    tierLabel: 'Platinum',
    orgName: 'Acme <!here>',
    title: 'Writes fail',
    situation: 'Bulk writes answer 429 since the upgrade',
    seriousness: 'Black Friday',
    product: 'elasticsearch',
    type: 'bug',
    dueAt: due,
    targetText: 'within 1 hour',
    state: 'new',
    elapsedFraction: 0,
    suggestedAssignee: { personId: 'p1', displayName: 'Sam', platformUserId: 'USAM' },
    assignee: null,
    ...patch,
  };
}

describe('escaping', () => {
  it('neutralises broadcasts, mentions, channel links and link markup in user text', () => {
    const out = escapeText('<!channel> @here @everyone <@U1> <#C1|general> <https://x.io|y> a & b');
    expect(out).not.toMatch(/<[!@#h]/);
    expect(out).not.toMatch(/@(here|everyone)\b/);
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('a &amp; b');
  });

  it('links only http(s) URLs and keeps the label from closing the link', () => {
    expect(link('https://help.example.com/a|b>c', 'Title | <b>')).toBe(
      '<https://help.example.com/a%7Cb%3Ec|Title ¦ &lt;b&gt;>',
    );
    expect(link('javascript:alert(1)', 'x')).toBe('x');
  });

  it('renders only well-formed Slack ids as pings', () => {
    expect(mention('user', 'U123ABC')).toBe('<@U123ABC>');
    expect(mention('role', 'S0ONCALL')).toBe('<!subteam^S0ONCALL>');
    expect(mention('user', 'U1> <!channel')).toBeNull();
  });
});

describe('suggestions', () => {
  it('shows linked titles, snippets, and the two buttons carrying deflection and asker', () => {
    const message = renderView({
      kind: 'suggestions',
      deflectionId: 'd-7',
      question: 'red cluster',
      askerUserId: 'UASK',
      noGoodMatch: false,
      canOpenCase: true,
      articles: [
        {
          id: 'a',
          title: 'Red health',
          snippet: 'Check shards',
          url: 'https://kb.example.com/red#shards',
          section: 'Shards',
          score: 3,
        },
      ],
    });
    expect(visibleText(message)).toContain('<https://kb.example.com/red#shards|Red health>');
    expect(visibleText(message)).toContain('Check shards');
    const [solved, open] = buttons(message);
    expect([solved?.action_id, open?.action_id]).toEqual([ACTION_IDS.solved, ACTION_IDS.openCase]);
    expect(decodeSuggestionValue(open?.value)).toEqual({ d: 'd-7', a: 'UASK', q: 'red cluster' });
  });

  it('offers no button when nothing matched and the asker has no organisation, and says so', () => {
    const message = renderView({
      kind: 'suggestions',
      deflectionId: 'd',
      question: 'q',
      askerUserId: 'U',
      noGoodMatch: true,
      canOpenCase: false,
      articles: [],
    });
    // No case without an org, and nothing to mark solved when no article was shown.
    expect(buttons(message)).toEqual([]);
    expect(visibleText(message)).toMatch(/no article/i);
  });
});

describe('case alert', () => {
  it('makes severity 1 unmistakable: siren, red bar, SEVERITY 1 header, live countdown, claim button', () => {
    const message = renderView(alert());
    expect(message.attachments?.[0]?.color).toBe('#E01E5A');
    const text = visibleText(message);
    expect(text).toContain(':rotating_light:');
    expect(text).toContain('SEVERITY 1');
    expect(text).toContain(`<!date^${unix}^{ago}|2026-11-23 10:30 UTC>`);
    expect(text).toContain('Suggested: *Sam*');
    expect(text).toContain('Platinum');
    expect(text).toContain('Acme &lt;!here&gt;');
    expect(buttons(message).map((b) => [b.action_id, b.value])).toEqual([
      [ACTION_IDS.claim, 'c1'],
      [ACTION_IDS.pending, 'c1'],
      [ACTION_IDS.why, 'c1'],
    ]);
  });

  it('shows the owner and Unclaim/Resolve once claimed, calmer colours below severity 1, none when resolved', () => {
    const claimed = renderView(
      alert({
        severity: 3,
        isTopSeverity: false,
        severityLabel: 'Normal (3)',
        state: 'claimed',
        assignee: { personId: 'p', displayName: 'Kim', platformUserId: 'UKIM' },
      }),
    );
    expect(claimed.attachments?.[0]?.color).not.toBe('#E01E5A');
    expect(visibleText(claimed)).toContain('owner *Kim*');
    expect(visibleText(claimed)).not.toContain('<@UKIM>');
    expect(buttons(claimed).map((b) => b.action_id)).toEqual([
      ACTION_IDS.unclaim,
      ACTION_IDS.resolve,
      ACTION_IDS.pending,
      ACTION_IDS.why,
    ]);
    // Waiting already: no second *Waiting on customer*.
    const paused = renderView(
      alert({
        state: 'paused',
        assignee: { personId: 'p', displayName: 'Kim', platformUserId: 'UKIM' },
      }),
    );
    expect(buttons(paused).map((b) => b.action_id)).toEqual([
      ACTION_IDS.unclaim,
      ACTION_IDS.resolve,
      ACTION_IDS.why,
    ]);
    expect(buttons(renderView(alert({ state: 'resolved' })))).toHaveLength(0);
  });
});

describe('case form', () => {
  const form = {
    kind: 'case-form' as const,
    limits: CASE_FORM_LIMITS,
    deflectionId: 'd-1',
    severityOptions: [
      {
        value: 2,
        label: 'High (2)',
        description:
          'Degraded or at reduced capacity; a deadline may be missed, revenue threatened, and more words past 75',
      },
    ],
    productOptions: ['kibana', 'elasticsearch'],
    typeOptions: ['bug' as const, 'question' as const],
    prefill: {
      title: 'Slow dashboards',
      situation: 'Dashboards take 30 s',
      severity: 2,
      seriousness: '',
      product: 'kibana',
      type: 'question' as const,
    },
  };

  it('renders the three S with prefilled values, tier-limited severities and their definitions', () => {
    const modal = renderCaseFormModal(form, {
      deflectionId: 'd-1',
      channelId: 'C1',
      threadTs: '1.2',
    });
    expect(modal.callback_id).toBe(CALLBACK_IDS.caseForm);
    const json = JSON.stringify(modal);
    expect(json).toContain('"initial_value":"Slow dashboards"');
    expect(json).toContain('"initial_option":{"text":{"type":"plain_text","text":"High (2)"');
    expect(json).toContain('High (2): Degraded or at reduced capacity');
    expect(parseFormOrigin(modal.private_metadata as string)).toEqual({
      deflectionId: 'd-1',
      channelId: 'C1',
      threadTs: '1.2',
    });
  });

  it('reads a submission back into CaseFormInput and maps errors to blocks', () => {
    const values = {
      title: { value: { value: ' T ' } },
      situation: { value: { value: 'S' } },
      severity: { value: { selected_option: { value: '2' } } },
      seriousness: { value: { value: 'I' } },
      product: { value: { selected_option: { value: 'kibana' } } },
      type: { value: { selected_option: null } },
    };
    expect(
      parseCaseFormSubmission(values, { deflectionId: 'd', channelId: null, threadTs: null }),
    ).toEqual({
      deflectionId: 'd',
      title: 'T',
      situation: 'S',
      severity: '2',
      seriousness: 'I',
      product: 'kibana',
      type: '',
    });
    expect(
      renderFormErrors({
        kind: 'case-form-errors',
        errors: { severity: 'Your tier allows 2 to 4', type: 'Pick one' },
      }),
    ).toEqual({
      response_action: 'errors',
      errors: { severity: 'Your tier allows 2 to 4', type: 'Pick one' },
    });
  });
});

describe('other views', () => {
  it('relays with the speaker name, escaped', () => {
    const text = visibleText(
      renderView({
        kind: 'relay',
        caseReference: 'CASE-1',
        fromName: 'Ann <@U9>',
        fromRole: 'engineer',
        text: 'try <!everyone>',
      }),
    );
    expect(text).toContain('*Ann &lt;@U9&gt;* (support)');
    expect(text).not.toContain('<!everyone>');
  });

  it('pings exactly the mentions an SLA event asks for', () => {
    const view: SlaEventView = {
      kind: 'sla-event',
      caseReference: 'CASE-1',
      caseId: 'c',
      title: '<!channel>',
      severityLabel: 'Urgent (1)',
      isTopSeverity: true,
      event: 'breach',
      threshold: 1,
      dueAt: due,
      mentions: [
        { kind: 'user', id: 'USAM' },
        { kind: 'role', id: 'S0ONCALL' },
      ],
    };
    const text = visibleText(renderView(view));
    expect(text).toContain('<@USAM> <!subteam^S0ONCALL>');
    // Two pings, each in the notification text and in the block; `<!date^…>` is the countdown.
    expect(text.match(/<@|<!(?!date\^)/g)).toHaveLength(4);
  });

  it('lists cases with time left for /support status and App Home', () => {
    const list: CaseListView = {
      kind: 'case-list',
      audience: 'customer',
      heading: 'Open cases of Acme',
      cases: [
        {
          caseId: 'c',
          caseReference: 'CASE-9',
          title: 'T',
          severityLabel: 'High (2)',
          status: 'open',
          orgName: 'Acme',
          assigneeName: null,
          dueAt: due,
          msLeft: 125 * 60_000,
        },
      ],
    };
    expect(visibleText(renderView(list))).toContain('2h 05m left');
    const home = renderHomeView({
      kind: 'home',
      audience: 'engineer',
      displayName: 'Sam @channel',
      mine: [],
      unclaimed: list.cases,
      week: null,
      isLead: false,
    });
    expect(home.type).toBe('home');
    const text = visibleText({ blocks: home.blocks });
    expect(text).toContain('CASE-9');
    expect(text).toContain('2h 05m left');
    expect(text).not.toContain('@channel'); // defused (a zero-width joiner)
  });

  it('shows a notice with its error reference and a confirmation with the target', () => {
    expect(
      visibleText(
        renderView({ kind: 'notice', tone: 'error', text: 'Failed', errorReference: 'ab12' }),
      ),
    ).toContain('ab12');
    const confirmation = visibleText(
      renderView({
        kind: 'case-confirmation',
        caseReference: 'CASE-5',
        title: 'T',
        severityLabel: 'High (2)',
        targetText: 'within 4 business hours',
        dueAt: due,
        dueLocalText: 'Monday 11:30 (Europe/Paris)',
      }),
    );
    expect(confirmation).toContain('within 4 business hours — by Monday 11:30 (Europe/Paris)');
    expect(confirmation).toContain('CASE-5');
  });
});
