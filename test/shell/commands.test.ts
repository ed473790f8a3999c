// Parsing of shell input and plain-text rendering.
import { describe, expect, it } from 'vitest';
import {
  looksLikeCaseReference,
  parseDuration,
  parseFields,
  tokenize,
} from '../../src/adapters/shell/commands.js';
import { countdown, formatDuration, renderText } from '../../src/adapters/shell/render-text.js';
import { unquote } from '../../src/adapters/shell/shell-talk.js';
import type { CaseSummary } from '../../src/core/views.js';

describe('shell commands', () => {
  it('splits words and keeps quoted values whole, also inside key="…"', () => {
    expect(tokenize(`/open severity=1 seriousness="Checkout is down" title='a b'`)).toEqual([
      '/open',
      'severity=1',
      'seriousness=Checkout is down',
      'title=a b',
    ]);
    expect(tokenize('  /claim   CASE-1001 ')).toEqual(['/claim', 'CASE-1001']);
    expect(tokenize('x=""')).toEqual(['x=']);
  });

  it('reads form fields and reports the words that are not fields', () => {
    expect(parseFields(['severity=2', 'Product=beacon', 'oops', 'colour=red'])).toEqual({
      fields: { severity: '2', product: 'beacon' },
      unknown: ['oops', 'colour=red'],
    });
  });

  it('reads clock moves', () => {
    expect(parseDuration('+3h')).toBe(3 * 3_600_000);
    expect(parseDuration('+1h30m')).toBe(90 * 60_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    expect(parseDuration('+3 hours')).toBeNull();
    expect(parseDuration('-1h')).toBeNull();
  });

  it('strips one pair of quotes around a flagged post, keeping inner quotes', () => {
    expect(unquote('"our prod is down"')).toBe('our prod is down');
    expect(unquote("'our prod is down'")).toBe('our prod is down');
    expect(unquote('“our prod is down”')).toBe('our prod is down');
    expect(unquote('the "prod" cluster is down')).toBe('the "prod" cluster is down');
    expect(unquote('"unbalanced')).toBe('"unbalanced');
  });

  it('recognises case references', () => {
    expect(looksLikeCaseReference('CASE-1001')).toBe(true);
    expect(looksLikeCaseReference('1001')).toBe(true);
    expect(looksLikeCaseReference('hello')).toBe(false);
  });
});

describe('plain-text rendering', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  it('formats countdowns, including overdue ones', () => {
    expect(formatDuration(90 * 60_000)).toBe('1h 30m');
    expect(countdown(new Date('2026-03-02T13:00:00Z'), now)).toBe(
      '4h left (due 2026-03-02 13:00 UTC)',
    );
    expect(countdown(new Date('2026-03-02T08:15:00Z'), now)).toBe(
      'OVERDUE by 45m (was due 2026-03-02 08:15 UTC)',
    );
  });

  it('renders an SLA breach with its mentions', () => {
    const text = renderText(
      {
        kind: 'sla-event',
        caseReference: 'CASE-1',
        caseId: 'c',
        title: 'Down',
        severityLabel: 'Urgent (1)',
        isTopSeverity: true,
        event: 'breach',
        threshold: 1,
        dueAt: now,
        mentions: [
          { kind: 'role', id: 'oncall' },
          { kind: 'user', id: 'sam' },
        ],
      },
      { now },
    );
    expect(text).toBe(
      '⛔ SLA BREACHED: CASE-1 (Urgent (1)) missed its target 2026-03-02 09:00 UTC @oncall @sam\n  Down',
    );
  });

  // Monday 17:00 UTC = 18:00 in Paris: Acme's day is over, so business targets stand still.
  const evening = new Date('2026-03-02T17:00:00Z');
  const summary = (overrides: Partial<CaseSummary>): CaseSummary => ({
    caseId: 'c',
    caseReference: 'CASE-1',
    title: 'Down',
    severityLabel: 'High (2)',
    status: 'open',
    orgName: 'Acme Corp',
    assigneeName: null,
    dueAt: null,
    msLeft: null,
    ...overrides,
  });

  it('counts down business-hours targets in working time, as the core measures them', () => {
    const due = new Date('2026-03-03T10:00:00Z'); // 17 h away on the wall clock
    expect(countdown(due, evening, 2 * 3_600_000)).toBe(
      '2h of working time left (due 2026-03-03 10:00 UTC)',
    );
    expect(countdown(due, evening, null)).toBe('17h left (due 2026-03-03 10:00 UTC)');
    expect(countdown(new Date('2026-03-02T18:00:00Z'), evening, 3_600_000)).toBe(
      '1h left (due 2026-03-02 18:00 UTC)',
    );
  });

  it('shows the queue’s own time left, so its order and its numbers agree', () => {
    const text = renderText(
      {
        kind: 'case-list',
        audience: 'engineer',
        heading: 'Queue',
        cases: [
          summary({
            caseReference: 'CASE-2',
            dueAt: new Date('2026-03-03T10:00:00Z'),
            msLeft: 2 * 3_600_000,
          }),
          summary({
            caseReference: 'CASE-3',
            dueAt: new Date('2026-03-02T21:00:00Z'),
            msLeft: 4 * 3_600_000,
          }),
        ],
      },
      { now: evening },
    );
    const lines = text.split('\n');
    expect(lines[1]).toContain('CASE-2 · High (2) · open · Acme Corp · unclaimed · 2h of working');
    expect(lines[2]).toContain('CASE-3 · High (2) · open · Acme Corp · unclaimed · 4h left');
  });
});
